import type { DatabaseConfig } from './protocol';
import type { SqlExecutor } from './sql/executor';

/** The outcome of a configuration change, once it has settled. */
export interface DatabaseChange {
  readonly executor: SqlExecutor | undefined;
  /** A different database replaced a previous one (results computed before no longer hold). */
  readonly replaced: boolean;
  /** Why no executor is available, safe to show (never a connection string). */
  readonly error: string | undefined;
}

/**
 * The kernel's current database. Changes are serialized with each other, and SQL cells
 * await `current()`, so a cell never runs against a database that is being closed.
 */
export class DatabaseSlot {
  private database: Promise<SqlExecutor | undefined> = Promise.resolve(undefined);
  private configKey: string | undefined;
  private error: string | undefined;

  constructor(private readonly open: (config: DatabaseConfig) => Promise<SqlExecutor>) {}

  /** The executor once pending changes settle, or the reason there is none. */
  async current(): Promise<{ executor: SqlExecutor | undefined; error: string | undefined }> {
    const executor = await this.database;
    return { executor, error: this.error };
  }

  configure(config: DatabaseConfig): Promise<DatabaseChange> {
    const key = JSON.stringify(config);
    let replaced = false;
    const opening = this.database.then(async (previous) => {
      if (previous && this.configKey === key) return previous; // same database: keep it
      replaced = previous !== undefined;
      this.configKey = undefined;
      await previous?.close();
      this.error = undefined;
      try {
        const executor = await this.open(config);
        this.configKey = key;
        return executor;
      } catch (error) {
        this.error = `Could not open the database: ${error instanceof Error ? error.message : String(error)}`;
        return undefined;
      }
    });
    this.database = opening;
    return opening.then((executor) => ({ executor, replaced, error: this.error }));
  }

  async close(): Promise<void> {
    const executor = await this.database;
    this.database = Promise.resolve(undefined);
    this.configKey = undefined;
    await executor?.close();
  }
}
