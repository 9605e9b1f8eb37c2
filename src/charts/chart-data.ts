import type { SqlColumn, SqlValue } from '../../workers/protocol';
import type { ShownTable } from '../components/result-table/result-rows';
import { fieldKind } from './column-kinds';

export type ChartValue = number | string | boolean | null;
export type ChartRow = Record<string, ChartValue>;

/** Most rows a chart draws itself; larger results are sampled or aggregated in the database. */
export const MAX_CHART_POINTS = 5_000;

/**
 * Postgres prints timestamps as `2024-01-02 10:00:00+00`, which `Date.parse` does not
 * read everywhere: made ISO so Vega parses every browser the same way.
 */
function isoTime(text: string): string {
  return text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
}

function chartValue(value: SqlValue | undefined, column: SqlColumn): ChartValue {
  if (value === null || value === undefined) return null;
  const kind = fieldKind(column);
  if (kind === 'quantitative') {
    // int8 arrives as bigint and numeric as an exact string; a chart needs only doubles.
    const n = typeof value === 'number' ? value : Number(typeof value === 'bigint' ? value : String(value));
    return Number.isFinite(n) ? n : null;
  }
  if (kind === 'temporal' && typeof value === 'string') return isoTime(value);
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Row indexes spread evenly over [0, total): first and last always included. */
export function evenSample(total: number, max: number): number[] {
  if (total <= max) return Array.from({ length: total }, (_, i) => i);
  if (max <= 1) return max === 1 ? [0] : [];
  return Array.from({ length: max }, (_, k) => Math.round((k * (total - 1)) / (max - 1)));
}

/**
 * The named columns of the table as Vega rows, at most `max` of them (evenly sampled).
 * Only the rows drawn are converted: a 1,000,000-row result costs `max` conversions.
 */
export function chartRows(table: ShownTable, names: readonly string[], max: number = MAX_CHART_POINTS): { rows: ChartRow[]; sampled: boolean } {
  const picked = names.flatMap((name) => {
    const index = table.columns.findIndex((c) => c.name === name);
    const column = table.columns[index];
    return column ? [{ name, index, column }] : [];
  });
  const indexes = evenSample(table.rows.length, max);
  const rows = indexes.map((i) => {
    const source = table.rows.at(i) ?? [];
    const row: ChartRow = {};
    for (const { name, index, column } of picked) row[name] = chartValue(source[index], column);
    return row;
  });
  return { rows, sampled: indexes.length < table.rows.length };
}
