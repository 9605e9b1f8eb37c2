import type { PgliteDatabaseConfig } from '../protocol';
import type { BindParam, FirstRowsRequest, PgTypeInfo, RawResult, SqlExecutor } from './executor';
import { BackendReader, continueMessages, statementMessages, SYNC } from './wire';
import { builtinTypes, PG_TYPE_QUERY, TypeCache, typeInfoFromRow } from './type-cache';
import type { ConnectPglite, PgliteConnection } from './pglite-connection';
import { measureSince } from '../timeline';

/**
 * SQL on PGlite, spoken as the wire protocol over a byte-level connection (PGlite's own
 * worker in the browser, this thread in Node). Values come back in Postgres text format,
 * decoded here, in the kernel's thread.
 */
export class PgliteExecutor implements SqlExecutor {
  private readonly typeCache: TypeCache;
  private queried = false;

  private constructor(
    private readonly connection: PgliteConnection,
    readonly description: string,
  ) {
    this.typeCache = new TypeCache(async (oids) => {
      const result = await this.exchange(PG_TYPE_QUERY, [{ typeOid: 0, text: `{${oids.join(',')}}` }]);
      return result.rows.map(typeInfoFromRow);
    });
  }

  /**
   * Opening (storage, template, version guard, retries, settings) is the connection's
   * business (pglite-open.ts); what is left here is what decoding needs.
   */
  static async open(config: PgliteDatabaseConfig, connect: ConnectPglite): Promise<PgliteExecutor> {
    const connection = await connect(config);
    const executor = new PgliteExecutor(connection, `PGlite (${connection.storage}) · ${config.name}`);
    // The built-in types known up front, without a query: a large result's first rows can
    // then be decoded and shown without a lookup, which would end the suspended portal.
    // Reading every type as the database opened was the new backend's first statement,
    // 70-80 ms of a reload's first result in the browser (2 ms in Node). A result with a
    // type of the database's own (an enum, a domain) shows its first rows with the rest
    // the first time, and its type is known from then on.
    executor.typeCache.remember(builtinTypes());
    return executor;
  }

  /** As the database reported it when it opened: no exchange between the open and the notebook's first run. */
  async serverVersion(): Promise<string> {
    return this.connection.serverVersion;
  }

  async query(text: string, params: readonly BindParam[], firstRows?: FirstRowsRequest): Promise<RawResult> {
    const start = performance.now();
    try {
      return await this.exchange(text, params, firstRows);
    } finally {
      // The start-up timeline's "first query": the first SQL a cell ran on this database.
      if (!this.queried) measureSince('pglite: first query', start);
      this.queried = true;
    }
  }

  /**
   * One statement through the wire protocol (wire.ts), in one exchange, or two when the
   * first rows are asked for and more follow: Execute stops after them (the portal is
   * suspended, inside the statement's transaction), they are handed over, and a second
   * Execute reads the rest once the hand-over has settled (the kernel holds it while the
   * page paints them). syncToFs as PGlite's own query() does it: a committed transaction
   * is on disk before the cell says done. Both exchanges are one exclusive section:
   * another statement between them would end the portal.
   */
  private async exchange(text: string, params: readonly BindParam[], firstRows?: FirstRowsRequest): Promise<RawResult> {
    const reader = new BackendReader();
    const feed = (chunk: Uint8Array): void => reader.feed(chunk);
    await this.connection.exclusive(async (exchange) => {
      if (!firstRows) return exchange(statementMessages(text, params), { syncToFs: true }, feed);
      // A reply that is complete (or an error) needs only Sync: it runs in the same
      // exchange, flushed to disk before the reply comes back.
      await exchange(statementMessages(text, params, firstRows.rows), { syncToFs: true, unlessSuspended: SYNC }, feed);
      if (!reader.suspended) return;
      try {
        const types = reader.error ? undefined : this.typeCache.peek(reader.fields.map((f) => f.typeOid));
        if (types) await firstRows.onFirstRows({ fields: reader.fields, rows: reader.rows.slice(), command: '' }, types);
      } finally {
        // Execute(0) + Sync reads the rest (after an error, only Sync is needed). Always
        // sent, even if the hand-over threw: the statement's transaction would stay open.
        await exchange(reader.error ? SYNC : continueMessages(0), { syncToFs: true }, feed);
      }
    });
    if (reader.error) throw reader.error;
    if (!reader.ready) throw new Error('PGlite ended the statement without a reply.');
    // After a suspension the server's tag counts only the last Execute's rows.
    const command = reader.command === undefined ? 'OK' : reader.suspended ? reader.command.replace(/\d+$/, String(reader.rows.length)) : reader.command;
    return { fields: reader.fields, rows: reader.rows, command };
  }

  types(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>> {
    return this.typeCache.get(oids);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
