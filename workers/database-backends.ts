/**
 * The backend chooser: a config is validated, then opened by the backend its kind
 * names, one file each (PGlite in a worker of its own, a remote server through the proxy),
 * as PGlite picks its file system by URL scheme. Nothing falls back to another backend.
 */
import type { DatabaseConfig, PgliteDatabaseConfig, RemoteDatabaseConfig } from './protocol';
import type { SqlExecutor } from './sql/executor';
import { checkDatabaseConfig } from './database-config';

export interface DatabaseBackends {
  readonly pglite: (config: PgliteDatabaseConfig) => Promise<SqlExecutor>;
  readonly remote: (config: RemoteDatabaseConfig) => Promise<SqlExecutor>;
}

export function databaseOpener(backends: DatabaseBackends): (config: DatabaseConfig) => Promise<SqlExecutor> {
  return async (config) => {
    // The config crossed the worker boundary: its type is a promise nobody checked.
    const checked = checkDatabaseConfig(config);
    if (!checked.ok) throw new Error(checked.message);
    const valid = checked.value;
    switch (valid.kind) {
      case 'pglite':
        return backends.pglite(valid);
      case 'remote':
        return backends.remote(valid);
    }
  };
}
