import type { ChartAggregateRequest, ChartAggregateResult } from '../../workers/protocol';
import type { ShownTable } from '../components/result-table/result-rows';
import { chartRows, MAX_CHART_POINTS, type ChartRow } from './chart-data';
import type { ChartSource } from './summary';
import type { ChartSettings } from './settings';
import { DB_FIELDS, effectiveAggregation, HISTOGRAM_MAXBINS } from './vega-spec';

/** The rows a chart draws and where they came from. */
export interface ChartInput {
  readonly rows: ChartRow[];
  readonly source: ChartSource;
  /** Why the database did not aggregate when it was asked to (shown in the caption). */
  readonly note?: string;
}

/**
 * A result larger than the chart draws, with an aggregation chosen, is aggregated by the
 * database (the request exists for SQL cells only); a histogram's bins are counted there,
 * the same bins Vega-Lite would draw from every row.
 */
export function databaseRequest(settings: ChartSettings, table: ShownTable, canAggregate: boolean): ChartAggregateRequest | undefined {
  const aggregate = effectiveAggregation(settings);
  if (!canAggregate || aggregate === 'none') return undefined;
  if (Math.max(table.rowCount, table.rows.length) <= MAX_CHART_POINTS) return undefined;
  // The kernel counts the bins in two streaming passes (workers/sql/histogram-query.ts).
  if (settings.mark === 'histogram') return { x: settings.x, ...(settings.color === undefined ? {} : { color: settings.color }), aggregate: 'count', bins: HISTOGRAM_MAXBINS };
  return {
    x: settings.x,
    ...(aggregate === 'count' || settings.y === undefined ? {} : { y: settings.y }),
    ...(settings.color === undefined ? {} : { color: settings.color }),
    aggregate,
  };
}

/** The rows of the result itself, sampled evenly when there are more than the chart draws. */
export function localInput(settings: ChartSettings, table: ShownTable, note?: string): ChartInput {
  const names = [settings.x, settings.y, settings.color].filter((n): n is string => n !== undefined);
  const { rows, sampled } = chartRows(table, [...new Set(names)]);
  const total = Math.max(table.rowCount, table.rows.length);
  const kept = table.rows.length;
  const source: ChartSource =
    sampled || total > rows.length ? { kind: 'sampled', shown: rows.length, total, ...(kept < total ? { kept } : {}) } : { kind: 'all', rows: rows.length };
  return { rows, source, ...(note !== undefined ? { note } : {}) };
}

/** What the database answered, as chart rows; a failure falls back to the sample, saying why. */
export function databaseInput(settings: ChartSettings, table: ShownTable, answer: ChartAggregateResult): ChartInput {
  if (!answer.ok) return localInput(settings, table, `Not aggregated in the database: ${answer.message}`);
  const binned = settings.mark === 'histogram';
  const names = [DB_FIELDS.x, ...(binned ? [DB_FIELDS.xEnd] : []), ...(settings.color === undefined ? [] : [DB_FIELDS.color]), DB_FIELDS.value];
  // The groups are all drawn: sampling them would change the chart's meaning.
  const { rows } = chartRows(answer.table, names, Number.POSITIVE_INFINITY);
  const total = Math.max(table.rowCount, table.rows.length);
  return { rows, source: binned ? { kind: 'binned', bins: new Set(rows.map((r) => r[DB_FIELDS.x])).size, total } : { kind: 'database', groups: rows.length, total } };
}
