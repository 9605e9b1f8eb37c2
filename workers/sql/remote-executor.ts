import { Client, type CustomTypesConfig, type NeonConfig } from '@neondatabase/serverless';
import type { RemoteDatabaseConfig } from '../protocol';
import { checkRemote, type RemoteTarget } from '../database-config';
import { redactMessage } from '../redact';
import { PostgresError, toPostgresError, type BindParam, type PgTypeInfo, type RawResult, type SqlExecutor } from './executor';
import { cancelRequestBytes, sendCancelRequest, type WebSocketConstructor } from './cancel-request';
import { commandTag } from './command-tag';
import { proxySocket, type SocketReport } from './proxy-socket';
import { scramClientFinal } from './scram';
import { builtinTypes, PG_TYPE_QUERY, TypeCache, typeInfoFromRow } from './type-cache';

export interface RemoteExecutorOptions {
  /** The browser's WebSocket in the worker; `ws` in Node. */
  readonly WebSocket: WebSocketConstructor;
  /** Opening a connection (WebSocket, startup, authentication) gives up after this. */
  readonly connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;


/**
 * Every value stays in PostgreSQL's text format, for the decoder every backend shares.
 * node-postgres reads a query's `types` twice: as the type parsers of the result, and
 * (an array) as the parameter types of the Parse message. One object plays both roles,
 * so parameters go out with the oids the binder chose, exactly as PGlite sends them.
 */
const rawText = (text: string): string => text;
const RAW_TEXT: CustomTypesConfig = { getTypeParser: () => rawText };

function typesFor(params: readonly BindParam[]): CustomTypesConfig {
  return Object.assign(
    params.map((p) => p.typeOid),
    RAW_TEXT,
  );
}

/** The parts of node-postgres's SASL state this client touches (untyped in the Neon build). */
interface SaslState {
  saslSession: { message: string; clientNonce: string; serverSignature?: string; response?: string } | null;
  password: unknown;
  connection: { sendSCRAMClientFinalMessage(response: string): void; emit(event: 'error', error: unknown): boolean };
}

/**
 * node-postgres (the Neon build) with SCRAM's key derivation in one PBKDF2 call instead
 * of 4,096 awaited HMACs (see scram.ts): connecting through the proxy took ~185 ms.
 * Everything else (the server signature check in SASLFinal included) is the driver's.
 */
class RemoteClient extends Client {
  override async _handleAuthSASLContinue(message: { data?: unknown }): Promise<void> {
    const state = this as unknown as SaslState;
    try {
      const session = state.saslSession;
      if (!session || session.message !== 'SASLInitialResponse' || typeof state.password !== 'string' || typeof message.data !== 'string') {
        throw new Error('SASL: protocol error');
      }
      const { clientFinal, serverSignature } = await scramClientFinal({
        password: state.password,
        clientNonce: session.clientNonce,
        clientFirstBare: `n=*,r=${session.clientNonce}`,
        serverFirst: message.data,
      });
      session.message = 'SASLResponse';
      session.serverSignature = serverSignature;
      session.response = clientFinal;
      state.connection.sendSCRAMClientFinalMessage(clientFinal);
    } catch (error) {
      // The driver's own version lets this rejection go unhandled; this fails the connect.
      state.connection.emit('error', error);
    }
  }
}

interface Connection {
  readonly client: Client;
  readonly socket: SocketReport;
  /** Why the connection ended; undefined while it is usable. */
  ended: string | undefined;
}

/**
 * A real PostgreSQL server through the WebSocket proxy, with node-postgres (the Neon
 * build, whose socket is a WebSocket). One connection, opened at once, reused, and
 * opened again on the next query after it ended. Every message it lets out is
 * redacted: no password, no proxy token.
 */
export class RemoteExecutor implements SqlExecutor {
  private readonly typeCache: TypeCache;
  private reconnecting: Promise<Connection> | undefined;
  /** Queries sent and not yet answered. */
  private inFlight = 0;
  /** Queries waiting for a connection (a reconnect) before they are sent. */
  private waiting = 0;
  /** cancel() came while a query waited: it is not sent at all. */
  private cancelBeforeSend = false;
  private closed = false;
  readonly description: string;

  private constructor(
    private readonly target: RemoteTarget,
    private readonly options: RemoteExecutorOptions,
    private current: Connection,
  ) {
    const { user, host, port, database } = target.server;
    const where = `${user}@${host.includes(':') ? `[${host}]` : host}:${port}/${database}`;
    this.description = this.redact(`${where} via proxy ${target.proxy.host}`);
    this.typeCache = new TypeCache(async (oids) => {
      const result = await this.query(PG_TYPE_QUERY, [{ typeOid: 0, text: `{${oids.join(',')}}` }]);
      return result.rows.map(typeInfoFromRow);
    });
    // A built-in type keeps its OID from one PostgreSQL major to the next (they are
    // assigned by hand in the catalog data), so the table generated from PGlite's holds
    // for any server: a result of built-in types decodes with no lookup, one round trip
    // through the proxy fewer for each new type. A type the table lacks (the server's own,
    // or one a newer major added) is looked up as before. Checked against the tests'
    // PostgreSQL 18 (test/sql/remote-executor.test.ts).
    this.typeCache.remember(builtinTypes());
  }

  /** Validates the config and opens the connection; rejects with a redacted reason. */
  static async open(config: RemoteDatabaseConfig, options: RemoteExecutorOptions): Promise<RemoteExecutor> {
    const checked = checkRemote(config as unknown as Record<string, unknown>);
    if (!checked.ok) throw new Error(checked.message);
    const { target } = checked.value;
    return new RemoteExecutor(target, options, await connect(target, options));
  }

  private redact(text: string): string {
    return redactMessage(text, this.target.secrets);
  }

  async serverVersion(): Promise<string> {
    const result = await this.query('SHOW server_version', []);
    return result.rows[0]?.[0] ?? 'unknown';
  }

  async query(text: string, params: readonly BindParam[]): Promise<RawResult> {
    this.waiting += 1;
    let connection: Connection;
    try {
      connection = await this.live();
    } finally {
      this.waiting -= 1;
    }
    if (this.cancelBeforeSend) {
      this.cancelBeforeSend = false;
      throw new PostgresError('canceling statement due to user request (it was not sent)', '57014', undefined, undefined, undefined);
    }
    this.inFlight += 1;
    try {
      const results: unknown = await connection.client.query({ text, values: params.map((p) => p.text), types: typesFor(params), rowMode: 'array' });
      // Several results only come from several statements in one string (the binder
      // sends one at a time); the last one is the cell's, as in psql.
      const result = (Array.isArray(results) ? results.at(-1) : results) as {
        fields: { name: string; dataTypeID: number }[];
        rows: (string | null)[][];
        rowCount: number | null;
      };
      return {
        fields: result.fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })),
        rows: result.rows,
        command: commandTag(text, result.fields.length > 0 ? 'SELECT' : undefined, result.rowCount ?? 0, result.rows.length),
      };
    } catch (error) {
      throw this.queryFailure(error, connection);
    } finally {
      this.inFlight -= 1;
    }
  }

  types(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>> {
    return this.typeCache.get(oids);
  }

  /** A CancelRequest on a second WebSocket through the proxy; the query fails with 57014. */
  async cancel(): Promise<void> {
    // Interrupted while reconnecting: the query has not reached the server yet.
    if (this.waiting > 0 && this.inFlight === 0) this.cancelBeforeSend = true;
    const { client, ended } = this.current;
    const { processID, secretKey } = client as unknown as { processID?: unknown; secretKey?: unknown };
    if (this.inFlight === 0 || ended !== undefined || typeof processID !== 'number' || typeof secretKey !== 'number') return;
    const { proxy, server } = this.target;
    const url = `${proxy.secure ? 'wss' : 'ws'}://${proxy.location(server.host, server.port)}`;
    try {
      await sendCancelRequest(this.options.WebSocket, url, cancelRequestBytes(processID, secretKey));
    } catch (error) {
      throw new Error(this.redact(`Could not cancel the query: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await endConnection(this.current);
  }

  /** The open connection, or a new one when it ended: one attempt per query. */
  private async live(): Promise<Connection> {
    if (this.closed) throw new Error('The database connection was closed.');
    if (this.current.ended === undefined) return this.current;
    const why = this.current.ended;
    this.reconnecting ??= connect(this.target, this.options)
      .then((connection) => (this.current = connection))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(this.redact(`The connection to the database ended (${why}), and reconnecting failed: ${reason}`));
      })
      .finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  private queryFailure(error: unknown, connection: Connection): Error {
    const failure = toPostgresError(error, (text) => this.redact(text));
    // The server ends the session (shutdown, crash, admin): say so, and reconnect next time.
    if (failure instanceof PostgresError && /^(57P|08)/.test(failure.sqlstate ?? '')) {
      connection.ended ??= `${failure.message} (SQLSTATE ${failure.sqlstate})`;
      const hint = failure.hint ?? 'The connection to the database ended; the next query opens a new one.';
      return new PostgresError(failure.message, failure.sqlstate, failure.position, failure.detail, hint);
    }
    if (failure instanceof PostgresError || connection.ended === undefined) return failure;
    return new Error(this.redact(`The connection to the database was lost while the query ran (${connection.ended}). The next query opens a new one.`));
  }
}

/** One connection: WebSocket through the proxy, startup, SCRAM authentication. */
async function connect(target: RemoteTarget, options: RemoteExecutorOptions): Promise<Connection> {
  const { server, proxy } = target;
  const socket: SocketReport = { opened: false, error: undefined, close: undefined };
  const client = new RemoteClient({
    host: server.host,
    port: server.port,
    user: server.user,
    database: server.database,
    ...(server.password !== undefined ? { password: server.password } : {}),
    ...(server.applicationName !== undefined ? { application_name: server.applicationName } : {}),
    // A startup parameter: no extra round trip, and it holds after a reconnect.
    ...(target.statementTimeoutMs !== undefined ? { statement_timeout: target.statementTimeoutMs } : {}),
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    types: RAW_TEXT,
  });
  const config = client.neonConfig;
  config.webSocketConstructor = proxySocket(options.WebSocket, socket) as unknown as NeonConfig['webSocketConstructor'];
  config.wsProxy = proxy.location;
  config.useSecureWebSocket = proxy.secure;
  // SCRAM needs the server's challenge before the password can be sent: no pipelining.
  config.pipelineConnect = false;
  // Measured: 0.28 ms per trivial query with it off, 1.37 ms on (a timer per write).
  config.coalesceWrites = false;
  // The proxy dials PostgreSQL over plain TCP; wss:// encrypts the browser's side.
  config.forceDisablePgSSL = true;
  config.disableWarningInBrowsers = true;
  const connection: Connection = { client, socket, ended: undefined };
  // Without an 'error' listener a dropped idle connection would be an uncaught error.
  client.on('error', (error: Error) => (connection.ended ??= describeEnd(error, socket)));
  client.on('end', () => (connection.ended ??= describeEnd(undefined, socket)));
  try {
    await client.connect();
  } catch (error) {
    connection.ended ??= 'it failed to open';
    void endConnection(connection);
    throw new Error(redactMessage(connectFailure(error, socket, proxy.host), target.secrets));
  }
  return connection;
}

function connectFailure(error: unknown, socket: SocketReport, proxyHost: string): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    return `PostgreSQL refused the connection: ${String(e.message)} (SQLSTATE ${e.code}).`;
  }
  if (!socket.opened) {
    const why = socket.error ?? (error instanceof Error && error.message ? error.message : undefined);
    return why
      ? `Could not reach the proxy at ${proxyHost}: ${why}.`
      : `Could not reach the proxy at ${proxyHost}: the WebSocket connection failed. Check that the proxy runs, the URL and its token, and that the proxy allows this page's origin.`;
  }
  if (socket.close && socket.close.reason !== '') return `The proxy closed the connection: ${socket.close.reason} (code ${socket.close.code}).`;
  const message = error instanceof Error ? error.message : String(error);
  return `Could not connect to PostgreSQL through the proxy at ${proxyHost}: ${message}.`;
}

function describeEnd(error: Error | undefined, socket: SocketReport): string {
  const parts = [error?.message, socket.close?.reason ? `the proxy said: ${socket.close.reason}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'the server or the proxy closed it';
}

/** Ends a connection without waiting on one that is already gone (its 'end' has fired). */
async function endConnection(connection: Connection): Promise<void> {
  const ending = connection.client.end().catch(() => {});
  if (connection.ended === undefined) {
    connection.ended = 'it was closed';
    await Promise.race([ending, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
}
