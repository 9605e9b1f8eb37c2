import type { DatabaseConfig } from './protocol';
import type { SqlExecutor } from './sql/executor';
import { secretsOf } from './database-config';
import { redactMessage } from './redact';

/** The outcome of a configuration change, once it has settled. */
export interface DatabaseChange {
  readonly executor: SqlExecutor | undefined;
  /** A different database replaced a previous one (results computed before no longer hold). */
  readonly replaced: boolean;
  /** Why no executor is available, safe to show (never a password or a proxy token). */
  readonly error: string | undefined;
}

/**
 * The kernel's current database. Changes are serialized with each other, and SQL cells
 * await `current()`, so a cell never runs against a database that is being closed.
 * A database that failed to open (a server that was down) is tried again by the next
 * cell that needs it, rather than until the settings are applied again.
 */
export class DatabaseSlot {
  private database: Promise<SqlExecutor | undefined> = Promise.resolve(undefined);
  private configKey: string | undefined;
  private error: string | undefined;
  /** The config whose open failed last; undefined once one opened. */
  private failed: DatabaseConfig | undefined;
  /** Changes handed over and not yet settled. */
  private changing = 0;

  constructor(private readonly open: (config: DatabaseConfig) => Promise<SqlExecutor>) {}

  /**
   * The executor once pending changes settle, or the reason there is none. With
   * `retry`, a database that failed to open is tried once more first.
   */
  async current(options: { retry?: boolean } = {}): Promise<{ executor: SqlExecutor | undefined; error: string | undefined }> {
    const failed = this.failed;
    if (options.retry && failed) {
      this.database = this.database.then((executor) => executor ?? (this.failed === failed ? this.tryOpen(failed) : undefined));
    }
    const executor = await this.database;
    return { executor, error: this.error };
  }

  /**
   * True while a configuration change is under way (a database opening): a SQL cell
   * handed out now would only wait for it, while cells that need no database could run.
   */
  opening(): boolean {
    return this.changing > 0;
  }

  configure(config: DatabaseConfig): Promise<DatabaseChange> {
    const key = JSON.stringify(config);
    let replaced = false;
    const opening = this.database.then(async (previous) => {
      if (previous && this.configKey === key) return previous; // same database: keep it
      replaced = previous !== undefined || (this.failed !== undefined && JSON.stringify(this.failed) !== key);
      this.configKey = undefined;
      await previous?.close();
      return this.tryOpen(config);
    });
    this.database = opening;
    this.changing += 1;
    const settled = (): void => void (this.changing -= 1);
    opening.then(settled, settled);
    return opening.then((executor) => ({ executor, replaced, error: this.error }));
  }

  private async tryOpen(config: DatabaseConfig): Promise<SqlExecutor | undefined> {
    this.error = undefined;
    try {
      const executor = await this.open(config);
      this.configKey = JSON.stringify(config);
      this.failed = undefined;
      return executor;
    } catch (error) {
      this.failed = config;
      // The one redaction on this path: the message may quote a connection string.
      const message = error instanceof Error ? error.message : String(error);
      this.error = `Could not open the database: ${redactMessage(message, secretsOf(config))}`;
      return undefined;
    }
  }

  async close(): Promise<void> {
    const executor = await this.database;
    this.database = Promise.resolve(undefined);
    this.configKey = undefined;
    this.failed = undefined;
    await executor?.close();
  }
}
