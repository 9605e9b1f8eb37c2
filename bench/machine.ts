import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly os: string;
  readonly node: string;
}

export function machine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** What is installed (node_modules), not what package.json asks for. */
export function packageVersions(root: string, names: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    try {
      const json: unknown = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
      const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
      versions[name] = typeof version === 'string' ? version : 'unknown';
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}

/** The machine's load while the bench ran: it is shared, and other work moves every figure. */
export interface Load {
  /** 1-, 5- and 15-minute load averages when the run started and ended. */
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** Lowest and highest 1-minute load average, sampled every 15 s. */
  readonly oneMinute: { readonly min: number; readonly max: number };
}

export function watchLoad(): { stop(): Load } {
  const round = (values: readonly number[]): number[] => values.map((v) => Math.round(v * 100) / 100);
  const start = round(loadavg());
  const samples = [start[0]!];
  // unref: a run that fails before stop() must still let Node exit.
  const timer = setInterval(() => samples.push(loadavg()[0]!), 15_000).unref();
  return {
    stop() {
      clearInterval(timer);
      const end = round(loadavg());
      samples.push(end[0]!);
      return { start, end, oneMinute: { min: round([Math.min(...samples)])[0]!, max: round([Math.max(...samples)])[0]! } };
    },
  };
}
