/**
 * Run-time validation of the database configs the kernel receives. Pure: no I/O.
 *
 * The config crosses the worker boundary (and comes from IndexedDB, or a file), so
 * its type is a promise nobody checked. A malformed one is a clear error, never a
 * fallback: an unknown kind must not quietly open an empty in-memory database. No
 * message here ever repeats the proxy URL or the connection string, which hold secrets.
 */
import type { DatabaseConfig, PgliteDatabaseConfig, RemoteDatabaseConfig } from './protocol';
import { neonProxyConfig } from '../proxy/url';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Where the proxy listens, and how the Neon driver reaches a server through it. */
export interface ProxyAddress {
  /** `wss:` (TLS to the proxy) or `ws:`. */
  readonly secure: boolean;
  /** `127.0.0.1:5480` (as the URL wrote it, without the scheme): safe to show. */
  readonly host: string;
  readonly token: string;
  /**
   * The driver's `wsProxy`: host, path and query for a server, without the scheme, per
   * the proxy's URL contract (proxy/url.ts): `…/?token=…&address=host:port`.
   */
  readonly location: (host: string, port: number | string) => string;
}

/** The PostgreSQL server as the proxy reaches it. */
export interface ServerAddress {
  readonly user: string;
  /** Undefined when the connection string has none (e.g. `trust` authentication). */
  readonly password: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly applicationName: string | undefined;
}

export interface RemoteTarget {
  readonly proxy: ProxyAddress;
  readonly server: ServerAddress;
  /** Undefined: the server's own default. */
  readonly statementTimeoutMs: number | undefined;
  /** Everything an error message must never show, in every form it was given. */
  readonly secrets: readonly string[];
}

const STORAGES = new Set<PgliteDatabaseConfig['storage']>(['auto', 'memory', 'idb', 'opfs-ahp']);
/** PostgreSQL's statement_timeout is an int4 of milliseconds. */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** sslmode values that allow a plain connection: the proxy dials PostgreSQL over plain TCP. */
const PLAIN_SSLMODES = new Set(['disable', 'allow', 'prefer']);

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates any value as a DatabaseConfig. */
export function checkDatabaseConfig(value: unknown): Checked<DatabaseConfig> {
  if (!isRecord(value)) return fail('Invalid database settings: expected an object with a "kind".');
  switch (value.kind) {
    case 'pglite':
      return checkPglite(value);
    case 'remote': {
      const remote = checkRemote(value);
      return remote.ok ? { ok: true, value: remote.value.config } : remote;
    }
    default: {
      const kind = typeof value.kind === 'string' ? JSON.stringify(value.kind.slice(0, 40)) : String(value.kind);
      return fail(`Invalid database settings: unknown kind ${kind}; expected "pglite" or "remote".`);
    }
  }
}

function checkPglite(value: Record<string, unknown>): Checked<PgliteDatabaseConfig> {
  if (!STORAGES.has(value.storage as PgliteDatabaseConfig['storage'])) {
    return fail('Invalid PGlite settings: storage must be one of auto, memory, idb, opfs-ahp.');
  }
  if (typeof value.name !== 'string') return fail('Invalid PGlite settings: the database needs a name.');
  return { ok: true, value: { kind: 'pglite', storage: value.storage as PgliteDatabaseConfig['storage'], name: value.name } };
}

/** Validates a remote config and splits it into what the executor needs. */
export function checkRemote(value: Record<string, unknown>): Checked<{ config: RemoteDatabaseConfig; target: RemoteTarget }> {
  if (value.kind !== 'remote') return fail('Invalid database settings: expected a remote database.');
  if (typeof value.proxyUrl !== 'string') return fail('Invalid remote database settings: the proxy URL is missing.');
  if (typeof value.connectionString !== 'string') return fail('Invalid remote database settings: the connection string is missing.');
  const proxy = parseProxyUrl(value.proxyUrl);
  if (!proxy.ok) return proxy;
  const server = parseConnectionString(value.connectionString);
  if (!server.ok) return server;
  const timeout = value.statementTimeoutMs;
  if (timeout !== undefined && !(typeof timeout === 'number' && Number.isInteger(timeout) && timeout >= 0 && timeout <= MAX_TIMEOUT_MS)) {
    return fail(`Invalid statement timeout: expected a whole number of milliseconds from 0 to ${MAX_TIMEOUT_MS}.`);
  }
  const config: RemoteDatabaseConfig = {
    kind: 'remote',
    proxyUrl: value.proxyUrl,
    connectionString: value.connectionString,
    ...(timeout !== undefined ? { statementTimeoutMs: timeout } : {}),
  };
  return {
    ok: true,
    value: {
      config,
      target: {
        proxy: proxy.value,
        server: server.value,
        statementTimeoutMs: timeout === undefined || timeout === 0 ? undefined : timeout,
        secrets: secretsOf(config),
      },
    },
  };
}

/** `ws(s)://host:port/path?token=…` as the proxy printed it. */
export function parseProxyUrl(text: string): Checked<ProxyAddress> {
  const bad = (why: string) => fail(`Invalid proxy URL: ${why}. Paste the whole line the proxy printed, with its token.`);
  if (!/^\s*wss?:\/\//i.test(text)) return bad('it must start with ws:// or wss://');
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return bad('it is not a URL');
  }
  if (url.hostname === '') return bad('it names no host');
  if (url.username !== '' || url.password !== '') return bad('it must not hold a user name or password (the token goes in ?token=)');
  if (url.searchParams.has('address')) return bad('it must not hold an address (the database address comes from the connection string)');
  const token = url.searchParams.get('token');
  if (!token) return bad('it has no token (?token=…)');
  if (url.searchParams.getAll('token').length > 1) return bad('it has more than one token');
  const { wsProxy, useSecureWebSocket } = neonProxyConfig(url.href);
  return { ok: true, value: { secure: useSecureWebSocket, host: url.host, token, location: wsProxy } };
}

/** `postgresql://user:password@host:port/database`: one host, no TLS to the server. */
export function parseConnectionString(text: string): Checked<ServerAddress> {
  const bad = (why: string) => fail(`Invalid connection string: ${why}. Expected postgresql://user:password@host:port/database.`);
  const trimmed = text.trim();
  if (!/^postgres(?:ql)?:\/\//i.test(trimmed)) return bad('it must start with postgresql:// or postgres://');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return bad('it could not be parsed (one host only; encode special characters in the password as %XX)');
  }
  if (url.hostname === '') return bad('it names no host');
  if (url.hash !== '') return bad('it must not have a #fragment (encode # in the password as %23)');
  const port = url.port === '' ? 5432 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return bad('the port must be a number from 1 to 65535');
  const decoded = decodeParts(url);
  if (!decoded) return bad('it has a malformed %-escape');
  if (decoded.user === '') return bad('it names no user');
  if (decoded.database === '' || decoded.database.includes('/')) return bad('it names no database (…/database at the end)');
  let applicationName: string | undefined;
  for (const [key, value] of url.searchParams) {
    if (key === 'sslmode') {
      if (!PLAIN_SSLMODES.has(value)) {
        return bad(`sslmode=${value.slice(0, 20)} is not supported: the proxy reaches PostgreSQL over plain TCP (use wss:// for an encrypted link to the proxy)`);
      }
    } else if (key === 'application_name') applicationName = value;
    else return bad(`the parameter "${key.slice(0, 40)}" is not supported (only sslmode and application_name)`);
  }
  return {
    ok: true,
    value: { user: decoded.user, password: decoded.password, host: url.hostname.replace(/^\[|\]$/g, ''), port, database: decoded.database, applicationName },
  };
}

function decodeParts(url: URL): { user: string; password: string | undefined; database: string } | undefined {
  try {
    return {
      user: decodeURIComponent(url.username),
      password: url.password === '' ? undefined : decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
    };
  } catch {
    return undefined;
  }
}

/**
 * The secrets a config holds (the password and the proxy token, decoded and as typed),
 * read even from a config that does not validate, so that its error can be redacted.
 */
export function secretsOf(config: unknown): string[] {
  if (!isRecord(config) || config.kind !== 'remote') return [];
  const found: (string | undefined)[] = [];
  if (typeof config.proxyUrl === 'string') {
    const token = rawQueryValue(config.proxyUrl, 'token');
    found.push(token, safeDecode(token), safeDecode(token?.replace(/\+/g, ' ')));
  }
  if (typeof config.connectionString === 'string') {
    const password = rawPassword(config.connectionString);
    found.push(password, safeDecode(password));
  }
  return [...new Set(found.filter((s): s is string => s !== undefined && s !== ''))];
}

function safeDecode(text: string | undefined): string | undefined {
  try {
    return text === undefined ? undefined : decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The password exactly as the user typed it (it may be %-encoded differently from ours). */
function rawPassword(connectionString: string): string | undefined {
  const userInfo = /^[a-z]+:\/\/([^/?#]*)@/i.exec(connectionString.trim())?.[1];
  const colon = userInfo?.indexOf(':') ?? -1;
  return userInfo !== undefined && colon >= 0 ? userInfo.slice(colon + 1) : undefined;
}

/** A query parameter's value exactly as written. */
function rawQueryValue(url: string, key: string): string | undefined {
  return new RegExp(`[?&]${key}=([^&#]*)`).exec(url)?.[1];
}
