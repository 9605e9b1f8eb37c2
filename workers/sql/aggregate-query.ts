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
import { runHistogram } from './histogram-query';

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
    const raw =
      request.bins === undefined
        ? await ctx.executor.query(aggregateQuery(stmt.text, request), params.params)
        : await runHistogram(ctx.executor, stmt.text, params.params, { ...request, bins: request.bins });
    const types = await ctx.executor.types(raw.fields.map((f) => f.typeOid));
    return { ok: true, table: decodeResult(raw, types, ctx.limits).table };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
