import { yTitle } from './vega-spec';
import type { ChartSettings } from './settings';

const MARK_NAMES: Readonly<Record<ChartSettings['mark'], string>> = {
  bar: 'Bar chart',
  line: 'Line chart',
  area: 'Area chart',
  point: 'Scatter plot',
  histogram: 'Histogram',
};

/** The chart's accessible name: "Bar chart of sum of total by region". */
export function chartName(settings: ChartSettings): string {
  const by = settings.color === undefined ? '' : ` and ${settings.color}`;
  if (settings.mark === 'histogram') return `Histogram of ${settings.x}${by}`;
  return `${MARK_NAMES[settings.mark]} of ${yTitle(settings)} by ${settings.x}${by}`;
}

/** Where the drawn rows came from, said in the caption. */
export type ChartSource =
  | { readonly kind: 'all'; readonly rows: number }
  /** `kept`: the rows the output holds, when fewer than the result had (a Python table is cut at 100,000). */
  | { readonly kind: 'sampled'; readonly shown: number; readonly total: number; readonly kept?: number }
  | { readonly kind: 'database'; readonly groups: number; readonly total: number }
  /** A histogram whose bins the database counted. */
  | { readonly kind: 'binned'; readonly bins: number; readonly total: number };

const count = (n: number): string => n.toLocaleString('en-US');

export function sourceText(source: ChartSource): string {
  switch (source.kind) {
    case 'all':
      return `${count(source.rows)} ${source.rows === 1 ? 'row' : 'rows'}`;
    case 'sampled':
      // Never "sampled of 1,000,000" when only the first rows were there to sample.
      if (source.kept === undefined) return `sampled ${count(source.shown)} of ${count(source.total)} rows`;
      if (source.shown >= source.kept) return `the first ${count(source.kept)} of ${count(source.total)} rows`;
      return `sampled ${count(source.shown)} of the first ${count(source.kept)} of ${count(source.total)} rows`;
    case 'database':
      return `${count(source.groups)} ${source.groups === 1 ? 'group' : 'groups'} of ${count(source.total)} rows, aggregated in the database`;
    case 'binned':
      return `${count(source.bins)} ${source.bins === 1 ? 'bin' : 'bins'} of ${count(source.total)} rows, counted in the database`;
  }
}

/** The text summary (mark, axes, number of points): "Bar chart. x: region; y: sum of total. 4 points from 1,000 rows." */
export function chartSummary(settings: ChartSettings, points: number, source: ChartSource): string {
  const color = settings.color === undefined ? '' : `; colour: ${settings.color}`;
  const y = settings.mark === 'histogram' ? 'count of rows per bin' : yTitle(settings);
  return `${MARK_NAMES[settings.mark]}. x: ${settings.x}; y: ${y}${color}. ${count(points)} ${points === 1 ? 'point' : 'points'}; ${sourceText(source)}.`;
}
