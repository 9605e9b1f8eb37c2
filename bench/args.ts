import type { BenchProfile } from './app';

/** `npm run bench -- [--scenario name[,name]] [--runs N] [--edits N] [--queries N] [--baseline-storage opfs-ahp|memory] [--profile regular|incognito] [--rebuild]` */
export const SCENARIOS = ['startup', 'offline', 'reactive', 'queries', 'large', 'charts', 'remote'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Options {
  readonly scenarios: readonly ScenarioName[];
  /** Measured repeats per figure (after the warm-up); undefined: each scenario's default. */
  readonly runs: number | undefined;
  /** Reactive: measured edits (p50/p95 need many). */
  readonly edits: number;
  /** Queries: SQL runs per round. */
  readonly queries: number;
  /** Build even when dist-bench/ looks current. */
  readonly rebuild: boolean;
  /** The baseline's PGlite storage. */
  readonly baselineStorage: 'memory' | 'opfs-ahp';
  /** The kind of browser profile every fresh page gets, the baseline's as the app's. */
  readonly profile: BenchProfile;
}

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer, got ${String(text)}`);
  return n;
}

export function parseArgs(argv: readonly string[]): Options {
  let scenarios: ScenarioName[] = [...SCENARIOS];
  let runs: number | undefined;
  let edits = 100;
  let queries = 1000;
  let rebuild = false;
  let baselineStorage: Options['baselineStorage'] = 'opfs-ahp';
  let profile: Options['profile'] = 'regular';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--scenario':
      case '--scenarios': {
        const names = (value() ?? '').split(',').filter(Boolean);
        const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
        if (unknown.length > 0 || names.length === 0) throw new Error(`Unknown scenario ${unknown.join(', ') || '(none)'}; choose from ${SCENARIOS.join(', ')}`);
        scenarios = names as ScenarioName[];
        break;
      }
      case '--runs':
        runs = positive('--runs', value());
        break;
      case '--edits':
        edits = positive('--edits', value());
        break;
      case '--queries':
        queries = positive('--queries', value());
        break;
      case '--baseline-storage': {
        const storage = value();
        if (storage !== 'memory' && storage !== 'opfs-ahp') throw new Error(`--baseline-storage is memory or opfs-ahp, got ${String(storage)}`);
        baselineStorage = storage;
        break;
      }
      case '--profile': {
        const kind = value();
        if (kind !== 'regular' && kind !== 'incognito') throw new Error(`--profile is regular or incognito, got ${String(kind)}`);
        profile = kind;
        break;
      }
      case '--rebuild':
        rebuild = true;
        break;
      default:
        throw new Error(`Unknown option ${flag}. Usage: npm run bench -- [--scenario ${SCENARIOS.join('|')}] [--runs N] [--edits N] [--queries N] [--baseline-storage opfs-ahp|memory] [--profile regular|incognito] [--rebuild]`);
    }
  }
  return { scenarios, runs, edits, queries, rebuild, baselineStorage, profile };
}
