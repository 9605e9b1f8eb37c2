import { HELP, parseCommandLine, ProxyConfigError } from './options';
import { startProxy } from './server';
import { formatTarget } from './targets';

/**
 * `npm run proxy -- [options]`: starts the proxy, prints the URL to paste into
 * the notebook (stdout, first line, alone) and what it allows; JSON logs go to
 * stderr. SIGTERM or Ctrl-C drains and exits 0; a second Ctrl-C exits at once.
 * Returns the exit code for errors before the proxy runs.
 */
export async function main(argv: readonly string[]): Promise<number> {
  // A closed stdout (`| head`) must not stop a running proxy.
  process.stdout.on('error', () => {});
  const command = parseCommandLine(argv, process.env);
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`ripple-proxy: ${command.message}\n`);
    return 2;
  }
  let proxy;
  try {
    proxy = await startProxy(command.options);
  } catch (error) {
    const message = error instanceof ProxyConfigError ? error.message : listenProblem(error);
    process.stderr.write(`ripple-proxy: ${message}\n`);
    return 2;
  }
  const { settings } = proxy;
  process.stdout.write(
    `${proxy.url}\n` +
      `  ↑ paste this proxy URL into the notebook's database settings (it holds the token: keep it private)\n` +
      `  allowed targets: ${settings.allowTargets.map(formatTarget).join(', ')}\n` +
      `  allowed origins: ${[...settings.allowOrigins, ...(settings.allowNoOrigin ? ['(no Origin)'] : [])].join(', ')}\n` +
      (settings.trustedProxies.length > 0 ? `  clients named by X-Forwarded-For from: ${settings.trustedProxies.join(', ')}\n` : ''),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return await new Promise<number>(() => {});
}

function listenProblem(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    if (error.code === 'EADDRINUSE') return 'the port is in use (choose another with --port)';
    if (error.code === 'EADDRNOTAVAIL') return 'this machine has no such address (--host)';
    if (error.code === 'EACCES') return 'not allowed to listen on that port';
    return `cannot listen: ${String(error.code)}`;
  }
  return 'cannot start';
}
