import { describe, expect, it } from 'vitest';
import type { SqlColumn } from '../../workers/protocol';
import { defaultChartSettings, settingsForColumns } from '../../src/charts/default-settings';
import { isOutputView, plainOutputView, type ChartSettings } from '../../src/charts/settings';
import { chartSpec, fieldRef, HISTOGRAM_MAXBINS } from '../../src/charts/vega-spec';
import { chartName, chartSummary } from '../../src/charts/summary';
import { chartRows, evenSample } from '../../src/charts/chart-data';
import { databaseInput, databaseRequest, localInput } from '../../src/charts/chart-source';

const col = (name: string, typeName: string): SqlColumn => ({ name, typeName, typeOid: 0 });

describe('defaultChartSettings: columns -> the chart a result most likely wants', () => {
  it.each<[string, SqlColumn[], ChartSettings | undefined]>([
    ['date and number: line over time', [col('day', 'date'), col('sales', 'int4')], { mark: 'line', x: 'day', y: 'sales', aggregate: 'none' }],
    ['timestamptz after a text column still wins', [col('who', 'text'), col('at', 'timestamptz'), col('n', 'float8')], { mark: 'line', x: 'at', y: 'n', aggregate: 'none' }],
    ['text and number: bars of the sum', [col('region', 'text'), col('total', 'numeric')], { mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' }],
    ['int8 counts as a number', [col('name', 'varchar'), col('n', 'int8')], { mark: 'bar', x: 'name', y: 'n', aggregate: 'sum' }],
    ['two numbers: scatter', [col('a', 'int4'), col('b', 'float4')], { mark: 'point', x: 'a', y: 'b', aggregate: 'none' }],
    ['one number: histogram', [col('a', 'int2')], { mark: 'histogram', x: 'a', aggregate: 'count' }],
    ['text only: count per value', [col('t', 'text'), col('u', 'uuid')], { mark: 'bar', x: 't', aggregate: 'count' }],
    ['date only: count per day', [col('d', 'date')], { mark: 'bar', x: 'd', aggregate: 'count' }],
    ['no columns', [], undefined],
  ])('%s', (_name, columns, expected) => {
    expect(defaultChartSettings(columns)).toEqual(expected);
  });

  it('keeps saved settings whose columns exist, and replaces those naming a missing column', () => {
    const columns = [col('region', 'text'), col('total', 'int4')];
    const saved: ChartSettings = { mark: 'area', x: 'total', y: 'total', color: 'region', aggregate: 'max' };
    expect(settingsForColumns(saved, columns)).toBe(saved);
    expect(settingsForColumns({ ...saved, color: 'gone' }, columns)).toEqual({ mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' });
    expect(settingsForColumns(undefined, columns)).toEqual({ mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' });
  });
});

describe('chartSpec: settings -> Vega-Lite', () => {
  const columns = [col('region', 'text'), col('day', 'date'), col('total', 'int4'), col('a.b', 'float8')];
  const spec = (settings: ChartSettings, aggregatedInDatabase = false) => {
    const { encoding, mark } = chartSpec(settings, columns, { aggregatedInDatabase, description: 'd' }) as { encoding: unknown; mark: { type: string } };
    return { mark: mark.type, encoding };
  };
  it.each<[string, ChartSettings, boolean, unknown]>([
    ['bar, sum', { mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' }, false, {
      mark: 'bar',
      encoding: { x: { field: 'region', type: 'nominal', title: 'region' }, y: { field: 'total', aggregate: 'sum', type: 'quantitative', title: 'sum of total' } },
    }],
    ['line over dates, no aggregation, colour', { mark: 'line', x: 'day', y: 'total', color: 'region', aggregate: 'none' }, false, {
      mark: 'line',
      encoding: { x: { field: 'day', type: 'temporal', title: 'day' }, y: { field: 'total', type: 'quantitative', title: 'total' }, color: { field: 'region', type: 'nominal', title: 'region' } },
    }],
    ['no y counts rows', { mark: 'point', x: 'region', aggregate: 'none' }, false, {
      mark: 'point',
      encoding: { x: { field: 'region', type: 'nominal', title: 'region' }, y: { aggregate: 'count', type: 'quantitative', title: 'count of rows' } },
    }],
    ['histogram bins x and counts, whatever the y', { mark: 'histogram', x: 'total', y: 'total', aggregate: 'sum' }, false, {
      mark: 'bar',
      encoding: { x: { field: 'total', type: 'quantitative', bin: { maxbins: 30 }, title: 'total' }, y: { aggregate: 'count', type: 'quantitative', title: 'count of rows' } },
    }],
    ['histogram binned in the database: drawn as its bins [x, x_end)', { mark: 'histogram', x: 'total', color: 'region', aggregate: 'count' }, true, {
      mark: 'bar',
      encoding: {
        x: { field: 'x', type: 'quantitative', bin: { binned: true }, title: 'total' },
        x2: { field: 'x_end' },
        y: { field: 'value', type: 'quantitative', title: 'count of rows' },
        color: { field: 'color', type: 'nominal', title: 'region' },
      },
    }],
    ['a dotted column name is escaped', { mark: 'area', x: 'day', y: 'a.b', aggregate: 'mean' }, false, {
      mark: 'area',
      encoding: { x: { field: 'day', type: 'temporal', title: 'day' }, y: { field: 'a\\.b', aggregate: 'mean', type: 'quantitative', title: 'mean of a.b' } },
    }],
    ['aggregated in the database: plotted as is', { mark: 'bar', x: 'region', y: 'total', color: 'day', aggregate: 'max' }, true, {
      mark: 'bar',
      encoding: { x: { field: 'x', type: 'nominal', title: 'region' }, y: { field: 'value', type: 'quantitative', title: 'max of total' }, color: { field: 'color', type: 'nominal', title: 'day' } },
    }],
  ])('%s', (_name, settings, db, expected) => {
    expect(spec(settings, db)).toEqual(expected);
  });

  it('reads the named dataset the renderer fills', () => {
    expect(chartSpec({ mark: 'bar', x: 'region', aggregate: 'count' }, columns, { aggregatedInDatabase: false, description: 'd' }).data).toEqual({ name: 'table' });
  });

  it('escapes brackets and backslashes too', () => {
    expect(fieldRef('a[0]\\b')).toBe('a\\[0\\]\\\\b');
  });
});

describe('names and summaries', () => {
  it.each<[ChartSettings, string]>([
    [{ mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' }, 'Bar chart of sum of total by region'],
    [{ mark: 'point', x: 'a', y: 'b', aggregate: 'none', color: 'c' }, 'Scatter plot of b by a and c'],
    [{ mark: 'histogram', x: 'a', aggregate: 'count' }, 'Histogram of a'],
    [{ mark: 'line', x: 'day', aggregate: 'none' }, 'Line chart of count of rows by day'],
  ])('%j is "%s"', (settings, name) => {
    expect(chartName(settings)).toBe(name);
  });

  it('says how many points and where they came from', () => {
    const s: ChartSettings = { mark: 'bar', x: 'g', y: 'v', aggregate: 'sum' };
    expect(chartSummary(s, 7, { kind: 'database', groups: 7, total: 1_000_000 })).toBe('Bar chart. x: g; y: sum of v. 7 points; 7 groups of 1,000,000 rows, aggregated in the database.');
    expect(chartSummary(s, 5000, { kind: 'sampled', shown: 5000, total: 100_000 })).toBe('Bar chart. x: g; y: sum of v. 5,000 points; sampled 5,000 of 100,000 rows.');
    // A Python table holds only its first 100,000 rows: the caption says what was sampled.
    expect(chartSummary(s, 5000, { kind: 'sampled', shown: 5000, total: 1_000_000, kept: 100_000 })).toBe('Bar chart. x: g; y: sum of v. 5,000 points; sampled 5,000 of the first 100,000 of 1,000,000 rows.');
    expect(chartSummary(s, 300, { kind: 'sampled', shown: 300, total: 1_000, kept: 300 })).toBe('Bar chart. x: g; y: sum of v. 300 points; the first 300 of 1,000 rows.');
    expect(chartSummary(s, 1, { kind: 'all', rows: 1 })).toBe('Bar chart. x: g; y: sum of v. 1 point; 1 row.');
    expect(chartSummary({ mark: 'histogram', x: 'v', aggregate: 'count' }, 20, { kind: 'binned', bins: 20, total: 1_000_000 })).toBe(
      'Histogram. x: v; y: count of rows per bin. 20 points; 20 bins of 1,000,000 rows, counted in the database.',
    );
  });
});

describe('chart rows', () => {
  it('samples evenly, keeping the first and the last row', () => {
    expect(evenSample(10, 4)).toEqual([0, 3, 6, 9]);
    expect(evenSample(3, 5)).toEqual([0, 1, 2]);
    expect(evenSample(5, 1)).toEqual([0]);
  });

  it('converts only the drawn columns: exact numbers to doubles, timestamps to ISO', () => {
    const table = {
      columns: [col('n', 'int8'), col('x', 'numeric'), col('at', 'timestamptz'), col('t', 'text'), col('skip', 'text')],
      rows: [[12n, '1.50', '2024-01-02 10:00:00+00', 'a', 'z'], [null, 'NaN', null, null, 'z']],
      rowCount: 2,
      command: 'SELECT 2',
    };
    expect(chartRows(table, ['n', 'x', 'at', 't'])).toEqual({
      rows: [{ n: 12, x: 1.5, at: '2024-01-02T10:00:00+00:00', t: 'a' }, { n: null, x: null, at: null, t: null }],
      sampled: false,
    });
    expect(chartRows(table, ['n'], 1)).toEqual({ rows: [{ n: 12 }], sampled: true });
  });

  it('asks the database to aggregate only a large result with an aggregation', () => {
    const big = { columns: [col('g', 'text'), col('v', 'int4')], rows: [], rowCount: 1_000_000, command: 'SELECT 1000000' };
    const small = { ...big, rowCount: 5_000 };
    expect(databaseRequest({ mark: 'bar', x: 'g', y: 'v', aggregate: 'mean', color: 'g' }, big, true)).toEqual({ x: 'g', y: 'v', color: 'g', aggregate: 'mean' });
    expect(databaseRequest({ mark: 'bar', x: 'g', aggregate: 'none' }, big, true)).toEqual({ x: 'g', aggregate: 'count' });
    expect(databaseRequest({ mark: 'bar', x: 'g', y: 'v', aggregate: 'none' }, big, true)).toBeUndefined();
    expect(databaseRequest({ mark: 'histogram', x: 'v', y: 'v', aggregate: 'sum', color: 'g' }, big, true)).toEqual({ x: 'v', color: 'g', aggregate: 'count', bins: HISTOGRAM_MAXBINS });
    expect(databaseRequest({ mark: 'histogram', x: 'v', aggregate: 'count' }, small, true)).toBeUndefined();
    expect(databaseRequest({ mark: 'bar', x: 'g', y: 'v', aggregate: 'sum' }, small, true)).toBeUndefined();
    expect(databaseRequest({ mark: 'bar', x: 'g', y: 'v', aggregate: 'sum' }, big, false)).toBeUndefined();
  });
});

it('a histogram the database binned: one bin per distinct start, however many colours', () => {
  const big = { columns: [col('v', 'float8'), col('c', 'text')], rows: [], rowCount: 1_000_000, command: 'SELECT 1000000' };
  const answer = {
    ok: true as const,
    table: { columns: [col('x', 'float8'), col('x_end', 'float8'), col('color', 'text'), col('value', 'int8')], rows: [[0, 5, 'a', 2n], [0, 5, 'b', 1n], [5, 10, 'a', 4n]], rowCount: 3, command: 'SELECT 3' },
  };
  expect(databaseInput({ mark: 'histogram', x: 'v', color: 'c', aggregate: 'count' }, big, answer)).toEqual({
    rows: [{ x: 0, x_end: 5, color: 'a', value: 2 }, { x: 0, x_end: 5, color: 'b', value: 1 }, { x: 5, x_end: 10, color: 'a', value: 4 }],
    source: { kind: 'binned', bins: 2, total: 1_000_000 },
  });
});

describe('stored view validation', () => {
  const chart: ChartSettings = { mark: 'line', x: 'day', y: 'n', color: 'c', aggregate: 'mean' };
  it.each<[string, unknown, boolean]>([
    ['table', { kind: 'table' }, true],
    ['chart', { kind: 'chart', chart }, true],
    ['chart without y or colour', { kind: 'chart', chart: { mark: 'bar', x: 'a', aggregate: 'count' } }, true],
    ['unknown kind', { kind: 'pie' }, false],
    ['chart without settings', { kind: 'chart' }, false],
    ['unknown mark', { kind: 'chart', chart: { ...chart, mark: 'pie' } }, false],
    ['unknown aggregation', { kind: 'chart', chart: { ...chart, aggregate: 'median' } }, false],
    ['x not a string', { kind: 'chart', chart: { ...chart, x: 1 } }, false],
    ['y null', { kind: 'chart', chart: { ...chart, y: null } }, false],
    ['an array', [], false],
    ['null', null, false],
  ])('%s', (_name, value, valid) => {
    expect(isOutputView(value)).toBe(valid);
  });

  it('a plain copy keeps only the known fields', () => {
    const withExtra = { kind: 'chart', extra: 1, chart: { ...chart, extra: 2 } } as unknown as Parameters<typeof plainOutputView>[0];
    expect(plainOutputView(withExtra)).toEqual({ kind: 'chart', chart });
    expect(plainOutputView({ kind: 'table', extra: 1 } as unknown as Parameters<typeof plainOutputView>[0])).toEqual({ kind: 'table' });
  });
});

it('a sample of a cut table says it came from the first rows', () => {
  const rows = Array.from({ length: 100_000 }, (_, i) => [i]);
  const cut = { columns: [col('v', 'int4')], rows, rowCount: 1_000_000, command: '1,000,000 dicts' };
  const whole = { ...cut, rowCount: 100_000, command: 'SELECT 100000' };
  const settings: ChartSettings = { mark: 'point', x: 'v', aggregate: 'none' };
  expect([localInput(settings, cut).source, localInput(settings, whole).source]).toEqual([
    { kind: 'sampled', shown: 5_000, total: 1_000_000, kept: 100_000 },
    { kind: 'sampled', shown: 5_000, total: 100_000 },
  ]);
});
