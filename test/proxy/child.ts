import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { until } from './helpers';

/** `npm run proxy` as a real child process, as users run it. */
const BIN = fileURLToPath(new URL('../../proxy/bin.mjs', import.meta.url));

export interface ChildRun {
  readonly child: ChildProcess;
  stdout(): string;
  /** The JSON log lines. */
  stderr(): string;
  readonly exit: Promise<number | null>;
}

export function runProxyCommand(args: readonly string[], env: Readonly<Record<string, string>> = {}): ChildRun {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Starts the command and resolves with the URL it printed (its first line). */
export async function startProxyCommand(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ChildRun & { readonly url: string; readonly port: number }> {
  const run = runProxyCommand(args, env);
  await until(() => run.stdout().includes('allowed origins') || run.child.exitCode !== null, 'the proxy to print its URL', 30_000);
  if (run.child.exitCode !== null) throw new Error(`the proxy exited: ${run.stderr()}`);
  const url = run.stdout().split('\n')[0] ?? '';
  return Object.assign(run, { url, port: Number(new URL(url).port) });
}
