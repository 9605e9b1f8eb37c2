import type { CellError, SourcePosition, SqlTable } from '../protocol';
import type { PythonRuntime } from '../python/runtime';
import { PostgresError, type BindParam, type FirstRowsRequest, type RawResult, type SqlExecutor } from './executor';
import { lineColumnAt, sourceOffsetForPgPosition, type BindResult, type BoundStatement } from './binder';
import { encodePgArray, type PgArrayItem } from './pg-array';
import { decodeResult, type DecodedResult, type ResultLimits } from './decode';

/**
 * What one result may keep; a larger result keeps its first rows and reports how many
 * the query returned. 256 MB of decoded values is well inside what a tab can hold next
 * to the copies the page's table and Python make.
 */
export const DEFAULT_RESULT_LIMITS: ResultLimits = { maxRows: 1_000_000, maxBytes: 256 * 1024 * 1024 };

export interface SqlCellContext {
  readonly executor: SqlExecutor | undefined;
  readonly python: PythonRuntime;
  /** Why `name` has no value, for the error message. */
  readonly explainMissing: (name: string) => string;
  readonly log: (text: string) => void;
  readonly limits: ResultLimits;
  /** True once the user interrupted: statements not yet sent are not sent. */
  readonly cancelled?: () => boolean;
  /**
   * The first rows of the cell's result (its last statement), decoded, while the rest are
   * still read; only when more follow, and only from executors that can stream. The rest
   * is read once what `show` returns has settled.
   */
  readonly firstRows?: { readonly rows: number; readonly show: (table: SqlTable) => void | Promise<void> };
}

export type SqlCellOutcome = { readonly ok: true; readonly result?: DecodedResult } | { readonly ok: false; readonly error: CellError };

/** `previews`: each value's short repr, for the cell's log. */
type ParamsOutcome = { readonly ok: true; readonly params: BindParam[]; readonly previews: string[] } | { readonly ok: false; readonly error: CellError };

export function bindStatement(stmt: BoundStatement, ctx: Pick<SqlCellContext, 'python' | 'explainMissing'>): ParamsOutcome {
  const values = ctx.python.bindParams(stmt.paramNames);
  const params: BindParam[] = [];
  const previews: string[] = [];
  for (const [i, value] of values.entries()) {
    const name = stmt.paramNames[i]!;
    switch (value.kind) {
      case 'missing':
        return { ok: false, error: { kind: 'bind', name, message: ctx.explainMissing(name) } };
      case 'unsupported':
        return { ok: false, error: { kind: 'bind', name, message: value.message } };
      case 'array':
        params.push({ typeOid: value.typeOid, text: encodePgArray(value.items as PgArrayItem[]) });
        previews.push(value.preview);
        break;
      case 'text':
        params.push({ typeOid: value.typeOid, text: value.text });
        previews.push(value.preview);
    }
  }
  return { ok: true, params, previews };
}

function positionOf(source: string, stmt: BoundStatement, pgPosition: number | undefined): SourcePosition | undefined {
  if (pgPosition === undefined) return undefined;
  const offset = sourceOffsetForPgPosition(stmt, pgPosition);
  return { offset, ...lineColumnAt(source, offset) };
}

/** Postgres names `$k`, which the user never wrote: say which `{name}` and how to fix it. */
function untypedParameterHint(stmt: BoundStatement, error: PostgresError): string | undefined {
  if (error.sqlstate !== '42P08' && error.sqlstate !== '42P18') return undefined;
  const k = /parameter \$(\d+)/.exec(error.message)?.[1];
  const name = k ? stmt.paramNames[Number(k) - 1] : undefined;
  if (!name) return undefined;
  return `Postgres cannot infer the type of {${name}} here (None and str take their type from context); add a cast, e.g. {${name}}::text.`;
}

function sqlError(source: string, stmt: BoundStatement, error: unknown): CellError {
  if (error instanceof PostgresError) {
    const position = positionOf(source, stmt, error.position);
    const hint = untypedParameterHint(stmt, error) ?? error.hint;
    return {
      kind: 'sql',
      message: error.message,
      ...(error.sqlstate ? { sqlstate: error.sqlstate } : {}),
      ...(error.detail ? { detail: error.detail } : {}),
      ...(hint ? { hint } : {}),
      ...(position ? { position } : {}),
    };
  }
  return { kind: 'kernel', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs a SQL cell's statements in order, each with only its own parameters. Values are
 * always bound: the text sent is a function of the cell's source alone. Like psql,
 * statements before a failing one stay committed. The result is the last statement's.
 */
export async function runSqlCell(source: string, bound: BindResult, ctx: SqlCellContext): Promise<SqlCellOutcome> {
  if (!ctx.executor) return { ok: false, error: { kind: 'kernel', message: 'No database is configured for this notebook.' } };
  let last: RawResult | undefined;
  const { firstRows } = ctx;
  const request: FirstRowsRequest | undefined = firstRows && {
    rows: firstRows.rows,
    onFirstRows: (first, types) => firstRows.show(decodeResult(first, types, ctx.limits).table),
  };
  for (const [i, stmt] of bound.statements.entries()) {
    if (ctx.cancelled?.()) return { ok: false, error: { kind: 'interrupted', message: 'Interrupted: the query was cancelled.' } };
    const bindOutcome = bindStatement(stmt, ctx);
    if (!bindOutcome.ok) return bindOutcome;
    ctx.log(`Executing: ${stmt.text}\nParameters: [${bindOutcome.previews.join(', ')}]`);
    try {
      const isLast = i === bound.statements.length - 1;
      last = await ctx.executor.query(stmt.text, bindOutcome.params, isLast ? request : undefined);
    } catch (error) {
      return { ok: false, error: sqlError(source, stmt, error) };
    }
  }
  if (!last) return { ok: true };
  const types = await ctx.executor.types(last.fields.map((f) => f.typeOid));
  return { ok: true, result: decodeResult(last, types, ctx.limits) };
}
