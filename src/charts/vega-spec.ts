import type { TopLevelSpec } from 'vega-lite';
import type { SqlColumn } from '../../workers/protocol';
import { fieldKind, type FieldKind } from './column-kinds';
import type { Aggregation, ChartSettings } from './settings';

/** The named dataset every built spec reads; the renderer swaps its rows without recompiling. */
export const DATASET = 'table';

/** `maxbins` of a histogram Vega-Lite bins itself; the database is asked for the same. */
export const HISTOGRAM_MAXBINS = 30;

/** Field names of a result aggregated in the database (see aggregate-query.ts). */
export const DB_FIELDS = { x: 'x', xEnd: 'x_end', color: 'color', value: 'value' } as const;

export interface SpecOptions {
  /** The rows were grouped and aggregated by the database: plot them as they are. */
  readonly aggregatedInDatabase: boolean;
  readonly description: string;
}

/** The aggregation the chart applies: a chart without y counts rows, a histogram counts per bin. */
export function effectiveAggregation(settings: ChartSettings): Aggregation {
  if (settings.mark === 'histogram' || settings.y === undefined) return 'count';
  return settings.aggregate;
}

/** Vega-Lite reads `.` and `[]` in a field name as nested access; column names are flat. */
export function fieldRef(name: string): string {
  return name.replace(/[.[\]\\]/g, '\\$&');
}

const AGG_WORDS: Readonly<Record<Aggregation, string>> = { none: '', count: 'count', sum: 'sum', mean: 'mean', min: 'min', max: 'max' };

/** "total", "sum of total", "count of rows". */
export function yTitle(settings: ChartSettings): string {
  const agg = effectiveAggregation(settings);
  if (agg === 'count') return 'count of rows';
  const y = settings.y ?? '';
  return agg === 'none' ? y : `${AGG_WORDS[agg]} of ${y}`;
}

function kindOf(columns: readonly SqlColumn[], name: string): FieldKind {
  const column = columns.find((c) => c.name === name);
  return column ? fieldKind(column) : 'nominal';
}

/**
 * Settings -> a Vega-Lite spec reading the dataset {@link DATASET}. Pure: the theme's
 * config and the rows are added by the renderer.
 */
export function chartSpec(settings: ChartSettings, columns: readonly SqlColumn[], options: SpecOptions): TopLevelSpec {
  const agg = effectiveAggregation(settings);
  const histogram = settings.mark === 'histogram';
  const xKind = kindOf(columns, settings.x);
  const db = options.aggregatedInDatabase;
  const xField = fieldRef(db ? DB_FIELDS.x : settings.x);
  // Bins counted by the database arrive as [x, x_end): drawn as they are (`binned`).
  const x = histogram
    ? db
      ? { field: xField, type: 'quantitative' as const, bin: { binned: true as const }, title: settings.x }
      : { field: xField, type: 'quantitative' as const, bin: { maxbins: HISTOGRAM_MAXBINS }, title: settings.x }
    : { field: xField, type: xKind, title: settings.x };
  const x2 = histogram && db ? { x2: { field: DB_FIELDS.xEnd } } : {};
  const title = yTitle(settings);
  const y = db
    ? { field: DB_FIELDS.value, type: 'quantitative' as const, title }
    : agg === 'count'
      ? { aggregate: 'count' as const, type: 'quantitative' as const, title }
      : agg === 'none'
        ? { field: fieldRef(settings.y ?? ''), type: 'quantitative' as const, title }
        : { field: fieldRef(settings.y ?? ''), aggregate: agg, type: 'quantitative' as const, title };
  const color = settings.color === undefined ? {} : { color: { field: fieldRef(db ? DB_FIELDS.color : settings.color), type: 'nominal' as const, title: settings.color } };
  const mark = histogram ? 'bar' : settings.mark;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: options.description,
    data: { name: DATASET },
    mark: { type: mark, tooltip: true, ...(mark === 'line' || mark === 'area' ? { point: false } : {}) },
    encoding: { x, ...x2, y, ...color },
    width: 'container',
    height: 240,
  };
}
