import { formatSize } from '../src/offline/storage-status';
import type { Load, Machine } from './machine';
import type { Stat } from './stats';

/** One line of the table: the app's figure next to the baseline's, from the same run. */
export interface Row {
  readonly figure: string;
  readonly app?: Stat;
  readonly baseline?: Stat;
  /** Which summary the row shows; p95 rows show no range. */
  readonly measure?: 'median' | 'p95';
  /** Why there is no figure ("not applicable: ..."), or what the figure means. */
  readonly note?: string;
}

export interface ScenarioResult {
  readonly rows: readonly Row[];
  /** Anything else worth keeping: what the UI showed, storage, counts. */
  readonly details?: Record<string, unknown>;
}

export interface Results {
  readonly date: string;
  readonly wallTimeMs: number;
  readonly command: string;
  readonly machine: Machine;
  readonly load: Load;
  readonly browser: string;
  readonly packages: Record<string, string>;
  /** Where the baseline's PGlite keeps its data. */
  readonly baselineStorage: string;
  /** The kind of browser profile every fresh page had (bench/app.ts). */
  readonly profile: string;
  readonly scenarios: Record<string, ScenarioResult>;
}

export function formatValue(value: number, unit: Stat['unit']): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'bytes') return formatSize(value);
  if (unit === 'files') return `${Math.round(value)} files`;
  if (unit === 'MB') return `${value >= 100 ? Math.round(value) : value.toFixed(1)} MB`;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

function headline(stat: Stat, measure: Row['measure']): number {
  return measure === 'p95' ? (stat.p95 ?? NaN) : stat.median;
}

function cell(stat: Stat | undefined, measure: Row['measure']): string {
  if (!stat) return '';
  const value = formatValue(headline(stat, measure), stat.unit);
  if (measure === 'p95' || stat.samples.length < 2) return value;
  return `${value} (${formatValue(stat.min, stat.unit)}–${formatValue(stat.max, stat.unit)})`;
}

function ratio(row: Row): string {
  if (!row.app || !row.baseline) return '';
  const r = headline(row.app, row.measure) / headline(row.baseline, row.measure);
  return Number.isFinite(r) ? `×${r >= 10 ? r.toFixed(0) : r.toFixed(2)}` : '';
}

function samples(row: Row): string {
  const n = [row.app?.samples.length, row.baseline?.samples.length].filter((x) => x !== undefined);
  return [...new Set(n)].join(' / ');
}

/** A Markdown table: readable in a terminal, and pasted as is into the README. */
export function table(scenarios: Record<string, ScenarioResult>): string {
  const lines = [
    '| Scenario | Figure | App: median (min–max) | Baseline: median (min–max) | App ÷ baseline | n |',
    '|---|---|---|---|---|---|',
  ];
  for (const [name, result] of Object.entries(scenarios)) {
    for (const row of result.rows) {
      const figure = row.measure === 'p95' ? `${row.figure}, p95` : row.figure;
      const note = row.note && !row.app && !row.baseline ? row.note : '';
      const described = row.note && (row.app || row.baseline) ? `${figure} (${row.note})` : figure;
      lines.push(`| ${name} | ${described} | ${note || cell(row.app, row.measure)} | ${cell(row.baseline, row.measure)} | ${ratio(row)} | ${samples(row)} |`);
    }
  }
  return lines.join('\n');
}

export function header(results: Omit<Results, 'scenarios'>): string {
  const m = results.machine;
  const packages = Object.entries(results.packages).map(([name, version]) => `${name} ${version}`).join(', ');
  return [
    `${results.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB · ${m.os} · Node ${m.node}`,
    `${results.browser} (headless, ${results.profile === 'incognito' ? 'incognito contexts: storage in memory' : 'a new on-disk profile per fresh page'}) · ${packages}`,
    `Load average (1 min) during the run: ${results.load.oneMinute.min}–${results.load.oneMinute.max} on ${m.cores} cores`,
    `Baseline: Pyodide (loadPyodide from the self-hosted files) + PGlite (${results.baselineStorage}) in a module worker, nothing else.`,
  ].join('\n');
}
