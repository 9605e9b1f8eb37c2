import type { SqlColumn } from '../../workers/protocol';
import { fieldKind, type FieldKind } from './column-kinds';
import type { ChartSettings } from './settings';

/**
 * The chart a result most likely wants, from its column types alone (never its rows, so
 * it costs nothing on a 1,000,000-row result):
 * - a date/timestamp column and a number: line over time;
 * - a text column and a number: bars of the sum per category;
 * - two numbers: a scatter plot;
 * - one number only: a histogram; a text column only: bars counting each value.
 * Undefined when the result has no columns.
 */
export function defaultChartSettings(columns: readonly SqlColumn[]): ChartSettings | undefined {
  const first = (kind: FieldKind, except?: string): string | undefined =>
    columns.find((c) => fieldKind(c) === kind && c.name !== except)?.name;
  const time = first('temporal');
  const number = first('quantitative');
  const text = first('nominal');
  if (time !== undefined && number !== undefined) return { mark: 'line', x: time, y: number, aggregate: 'none' };
  if (text !== undefined && number !== undefined) return { mark: 'bar', x: text, y: number, aggregate: 'sum' };
  if (number !== undefined) {
    const second = first('quantitative', number);
    if (second !== undefined) return { mark: 'point', x: number, y: second, aggregate: 'none' };
    return { mark: 'histogram', x: number, aggregate: 'count' };
  }
  const x = time ?? text ?? columns[0]?.name;
  return x === undefined ? undefined : { mark: 'bar', x, aggregate: 'count' };
}

/**
 * Settings that refer to columns the result no longer has (the query changed) are
 * replaced by the default, so a saved chart never points at a missing field.
 */
export function settingsForColumns(settings: ChartSettings | undefined, columns: readonly SqlColumn[]): ChartSettings | undefined {
  if (settings === undefined) return defaultChartSettings(columns);
  const names = new Set(columns.map((c) => c.name));
  const known = (name: string | undefined): boolean => name === undefined || names.has(name);
  return names.has(settings.x) && known(settings.y) && known(settings.color) ? settings : defaultChartSettings(columns);
}
