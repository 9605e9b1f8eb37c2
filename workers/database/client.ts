/**
 * The kernel worker's side: a SqlExecutor whose database runs in the database worker
 * (protocol.ts). To the kernel it is one more executor, like the remote one.
 */
import type { Remote } from 'comlink';
import type { PgliteDatabaseConfig } from '../protocol';
import type { BindParam, PgTypeInfo, RawResult, SqlExecutor } from '../sql/executor';
import { recordForeignTimeline } from '../timeline';
import { uncrossError } from './host';
import type { Answer, DatabaseHost } from './protocol';

function value<T>(answer: Answer<T>): T {
  if (!answer.ok) throw uncrossError(answer.error);
  return answer.value;
}

export class WorkerExecutor implements SqlExecutor {
  /** Timeline entries already copied, by name and start. */
  private readonly copied = new Set<string>();
  private queried = false;

  private constructor(
    private readonly host: Remote<DatabaseHost>,
    readonly description: string,
    private readonly release: () => void,
  ) {}

  /** Opens `config` in the worker behind `host`; `release` ends that worker (also when opening fails). */
  static async open(host: Remote<DatabaseHost>, config: PgliteDatabaseConfig, release: () => void): Promise<WorkerExecutor> {
    let opened: { readonly description: string };
    try {
      opened = value(await host.open(config));
    } catch (error) {
      release();
      throw error;
    }
    const executor = new WorkerExecutor(host, opened.description, release);
    await executor.copyTimeline();
    return executor;
  }

  /** The worker's start-up phases, onto this global's timeline (where `npm run bench` reads them). */
  private async copyTimeline(): Promise<void> {
    try {
      const { origin, entries } = await this.host.timeline();
      const fresh = entries.filter((e) => !this.copied.has(`${e.name}@${e.start}`));
      for (const e of fresh) this.copied.add(`${e.name}@${e.start}`);
      recordForeignTimeline(fresh, origin, 'database worker');
    } catch {
      // Timing is not worth a failure.
    }
  }

  async serverVersion(): Promise<string> {
    return value(await this.host.serverVersion());
  }

  async query(text: string, params: readonly BindParam[]): Promise<RawResult> {
    const result = value(await this.host.query(text, params));
    if (!this.queried) {
      this.queried = true;
      await this.copyTimeline(); // its "first query"
    }
    return result;
  }

  async types(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>> {
    return value(await this.host.types(oids));
  }

  async close(): Promise<void> {
    // Closed before the worker ends: PGlite flushes its files in close().
    try {
      value(await this.host.close());
    } finally {
      this.release();
    }
  }
}
