/**
 * What the user chose for a table output: the table itself or a chart, and the chart's
 * settings. Stored with the cell (IndexedDB, `.py` files), so everything read back is
 * validated here: a record from another version or a hand-edited file must not reach
 * the chart builder malformed.
 */

export const CHART_MARKS = ['bar', 'line', 'area', 'point', 'histogram'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

export const AGGREGATIONS = ['none', 'count', 'sum', 'mean', 'min', 'max'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface ChartSettings {
  readonly mark: ChartMark;
  /** Column names of the result. `y` is absent for a count or a histogram. */
  readonly x: string;
  readonly y?: string;
  readonly color?: string;
  readonly aggregate: Aggregation;
}

export type OutputView = { readonly kind: 'table' } | { readonly kind: 'chart'; readonly chart: ChartSettings };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

export function isChartSettings(value: unknown): value is ChartSettings {
  return (
    isRecord(value) &&
    (CHART_MARKS as readonly unknown[]).includes(value.mark) &&
    (AGGREGATIONS as readonly unknown[]).includes(value.aggregate) &&
    typeof value.x === 'string' &&
    optionalString(value.y) &&
    optionalString(value.color)
  );
}

export function isOutputView(value: unknown): value is OutputView {
  if (!isRecord(value)) return false;
  if (value.kind === 'table') return true;
  return value.kind === 'chart' && isChartSettings(value.chart);
}

/**
 * Views of the tables a Python cell shows with `display()`, by their place among the
 * run's displayed tables; `null`: not chosen (the table). At most this many are kept.
 */
export type DisplayViews = readonly (OutputView | null)[];
export const MAX_DISPLAY_VIEWS = 100;

export function isDisplayViews(value: unknown): value is DisplayViews {
  return Array.isArray(value) && value.length <= MAX_DISPLAY_VIEWS && value.every((v) => v === null || isOutputView(v));
}

/** Plain copies, without trailing unchosen places (so "none chosen" is one value: absent). */
export function plainDisplayViews(views: DisplayViews): DisplayViews | undefined {
  const plain = views.slice(0, MAX_DISPLAY_VIEWS).map((v) => (v === null || v === undefined ? null : plainOutputView(v)));
  while (plain.length > 0 && plain.at(-1) === null) plain.pop();
  return plain.length > 0 ? plain : undefined;
}

/** Only the known fields, in a fixed order (IndexedDB cannot clone store proxies; files diff cleanly). */
export function plainOutputView(view: OutputView): OutputView {
  if (view.kind === 'table') return { kind: 'table' };
  const { mark, x, y, color, aggregate } = view.chart;
  return {
    kind: 'chart',
    chart: { mark, x, ...(y !== undefined ? { y } : {}), ...(color !== undefined ? { color } : {}), aggregate },
  };
}
