/**
 * The database worker's side: one SqlExecutor (PGlite) behind the DatabaseHost protocol.
 * Pure of the worker itself, so it is tested over an in-process MessageChannel.
 */
import { PostgresError, type SqlExecutor } from '../sql/executor';
import type { PgliteDatabaseConfig } from '../protocol';
import type { Answer, CrossedError, DatabaseHost, HostTimeline } from './protocol';

/** Any thrown value as it can cross: a PostgresError keeps its fields. */
export function crossError(error: unknown): CrossedError {
  if (error instanceof PostgresError) {
    return { message: error.message, postgres: { sqlstate: error.sqlstate, position: error.position, detail: error.detail, hint: error.hint } };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The error the kernel throws for a crossed one: the same PostgresError, or a plain Error. */
export function uncrossError(error: CrossedError): Error {
  const pg = error.postgres;
  return pg ? new PostgresError(error.message, pg.sqlstate, pg.position, pg.detail, pg.hint) : new Error(error.message);
}

async function answer<T>(work: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: crossError(error) };
  }
}

export interface HostEnvironment {
  readonly open: (config: PgliteDatabaseConfig) => Promise<SqlExecutor>;
  /** This global's timeline (workers/timeline.ts `timelineEntries`). */
  readonly timeline: () => HostTimeline;
}

export function createDatabaseHost(env: HostEnvironment): DatabaseHost {
  let executor: Promise<SqlExecutor> | undefined;
  const current = async (): Promise<SqlExecutor> => {
    if (!executor) throw new Error('The database is not open.');
    return executor;
  };
  return {
    open: (config) =>
      answer(async () => {
        // One database per worker: a second open would hold two connections to one store.
        if (executor) throw new Error('This database worker already opened a database.');
        executor = env.open(config);
        executor.catch(() => undefined);
        return { description: (await executor).description };
      }),
    serverVersion: () => answer(async () => (await current()).serverVersion()),
    query: (text, params) => answer(async () => (await current()).query(text, params)),
    types: (oids) => answer(async () => (await current()).types(oids)),
    close: () =>
      answer(async () => {
        const open = executor;
        if (open) await (await open).close();
        return null;
      }),
    timeline: () => env.timeline(),
  };
}
