/**
 * The query a chart runs to aggregate a large result in the database: the cell's own
 * statement wrapped in a GROUP BY. Only the statement's text (as the cell wrote it, with
 * its `$k` parameters) and identifiers quoted here enter the SQL; values stay bound.
 */
import type { ChartAggregateRequest, ChartAggregateResult } from '../protocol';
import type { BindResult } from './binder';
import { decodeResult } from './decode';
import { lex } from './lexer';
import { bindStatement, type SqlCellContext } from './sql-cell';

/** `"name"` with inner quotes doubled, as PostgreSQL quotes identifiers. */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('A column name cannot contain NUL.');
  return `"${name.replace(/"/g, '""')}"`;
}

const AGG_SQL: Readonly<Record<ChartAggregateRequest['aggregate'], (y: string | undefined) => string>> = {
  count: () => 'count(*)',
  // float8 so the chart gets numbers (sum of int8 is numeric, which arrives as text).
  sum: (y) => `sum(${y})::float8`,
  mean: (y) => `avg(${y})::float8`,
  min: (y) => `min(${y})::float8`,
  max: (y) => `max(${y})::float8`,
};

/** True when the statement is one query that returns rows: SELECT, WITH, VALUES or TABLE first. */
export function isSelectStatement(text: string): boolean {
  const first = lex(text).find((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment' && t.kind !== 'openParen');
  if (!first || first.kind !== 'word') return false;
  return ['select', 'with', 'values', 'table'].includes(text.slice(first.start, first.end).toLowerCase());
}

/**
 * `SELECT x, [color,] agg(y) FROM (<statement>) AS q GROUP BY … ORDER BY …`, with the
 * result columns named x, [color,] value. The statement goes on lines of its own, so a
 * trailing `--` comment in it cannot swallow the closing parenthesis.
 */
export function aggregateQuery(statement: string, request: ChartAggregateRequest): string {
  const x = `q.${quoteIdent(request.x)}`;
  const y = request.y === undefined ? undefined : `q.${quoteIdent(request.y)}`;
  if (request.aggregate !== 'count' && y === undefined) throw new Error(`${request.aggregate} needs a y column.`);
  const color = request.color === undefined ? undefined : `q.${quoteIdent(request.color)}`;
  const groups = color === undefined ? [x] : [x, color];
  const select = [`${x} AS x`, ...(color === undefined ? [] : [`${color} AS color`]), `${AGG_SQL[request.aggregate](y)} AS value`];
  const by = groups.map((_, i) => String(i + 1)).join(', ');
  return `SELECT ${select.join(', ')}\nFROM (\n${statement}\n) AS q\nGROUP BY ${by}\nORDER BY ${by}`;
}

/** Most bins a request may ask for: a histogram wider than this is unreadable anyway. */
export const MAX_BINS = 200;

/**
 * A histogram of x counted in the database, in one pass over the statement's rows (a
 * MATERIALIZED CTE: the statement runs once, for the range and for the counts). The bins
 * are Vega-Lite's own for `maxbins: bins` (vega-statistics `bin` and vega-transforms
 * `Bin`, mirrored step by step below, so a sampled and a binned histogram agree): the
 * width is the smallest 1, 2 or 5 × 10^k that covers the range, bins start at a multiple
 * of it, and the maximum goes into the last bin. NULLs are not counted.
 * Columns: x (bin start), x_end, [color,] value.
 */
export function binnedQuery(statement: string, request: ChartAggregateRequest & { readonly bins: number }): string {
  const { bins } = request;
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS) throw new Error(`A histogram has 1 to ${MAX_BINS} bins, not ${bins}.`);
  const x = `q.${quoteIdent(request.x)}::float8`;
  const color = request.color === undefined ? undefined : `q.${quoteIdent(request.color)}`;
  return [
    `WITH q AS MATERIALIZED (\n${statement}\n),`,
    `r AS (SELECT min(${x}) AS lo, max(${x}) AS hi FROM q),`,
    // Vega: span = (max - min) || |min| || 1.
    `s AS (SELECT lo, hi, (CASE WHEN hi > lo THEN hi - lo WHEN lo <> 0 THEN abs(lo) ELSE 1 END) / ${bins} AS raw FROM r),`,
    `p AS (SELECT lo, hi, raw, power(10::float8, floor(log(raw))) AS e FROM s),`,
    `w AS (SELECT lo, hi, e * CASE WHEN raw <= e THEN 1 WHEN raw <= 2 * e THEN 2 WHEN raw <= 5 * e THEN 5 ELSE 10 END AS step FROM p),`,
    // Vega's nice start: floor(min / step + eps) * step, one step lower if that passed min.
    `v AS (SELECT lo, hi, step, floor(lo / step + power(10::float8, -(CASE WHEN step >= 1 THEN 0 ELSE trunc(-log(step)) + 1 END) - 1)) * step AS f FROM w),`,
    `k AS (SELECT step, start, greatest(ceil((hi - start) / step), 1) AS n FROM (SELECT step, hi, CASE WHEN lo < f THEN f - step ELSE f END AS start FROM v) AS n0)`,
    `SELECT z.start + z.b * z.step AS x, z.start + (z.b + 1) * z.step AS x_end, ${color === undefined ? '' : 'z.color AS color, '}count(*) AS value`,
    // Vega's bin of v: start + step * floor(1e-14 + (v - start) / step), the maximum clamped into the last bin.
    `FROM (SELECT k.start, k.step, floor(1e-14 + (least(${x}, k.start + (k.n - 1) * k.step) - k.start) / k.step) AS b${color === undefined ? '' : `, ${color} AS color`}`,
    `  FROM q CROSS JOIN k WHERE ${x} IS NOT NULL) AS z`,
    `GROUP BY z.start, z.step, z.b${color === undefined ? '' : ', z.color'}`,
    `ORDER BY z.b${color === undefined ? '' : ', z.color'}`,
  ].join('\n');
}

/**
 * Runs the aggregate of a SQL cell's result. Only a cell of one query qualifies: the
 * wrapper needs a statement that returns rows, and running earlier statements again
 * (an INSERT, say) would change the database behind the user's back.
 */
export async function runChartAggregate(
  bound: BindResult,
  request: ChartAggregateRequest,
  ctx: Pick<SqlCellContext, 'executor' | 'python' | 'explainMissing' | 'limits'>,
): Promise<ChartAggregateResult> {
  const [stmt, ...more] = bound.statements;
  if (!stmt || more.length > 0 || !isSelectStatement(stmt.text)) {
    return { ok: false, message: 'Only a cell with a single SELECT can be aggregated in the database.' };
  }
  if (!ctx.executor) return { ok: false, message: 'No database is configured for this notebook.' };
  const params = bindStatement(stmt, ctx);
  if (!params.ok) return { ok: false, message: params.error.kind === 'bind' ? params.error.message : 'The cell\'s values could not be bound.' };
  try {
    const sql = request.bins === undefined ? aggregateQuery(stmt.text, request) : binnedQuery(stmt.text, { ...request, bins: request.bins });
    const raw = await ctx.executor.query(sql, params.params);
    const types = await ctx.executor.types(raw.fields.map((f) => f.typeOid));
    return { ok: true, table: decodeResult(raw, types, ctx.limits).table };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
