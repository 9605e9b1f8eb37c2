/** A figure's samples and their summary. Medians and ranges, never means: one stall should not move the figure. */
/** `MB`: MiB of heap. `bytes`: file sizes, shown as the app shows them (decimal kB, MB). */
export type Unit = 'ms' | 'MB' | 'bytes' | 'files';

export interface Stat {
  readonly unit: Unit;
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Only for figures with many samples (reactive edits, queries). */
  readonly p95?: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[], unit: Unit = 'ms', withP95 = false): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    unit,
    samples: samples.map(round),
    median: round(median(sorted)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
    ...(withP95 ? { p95: round(percentile(sorted, 95)) } : {}),
  };
}

/** The same stat, reporting p95 as its headline value (for the p95 row of a figure). */
export function asP95(stat: Stat): Stat {
  return { ...stat, median: stat.p95 ?? NaN };
}
