/**
 * A remote database's secrets (the password, the proxy token) kept apart from its config.
 * Pure: no I/O.
 *
 * A notebook stores `database` without secrets and `secrets` beside it (types.ts), so
 * everything that shows, copies or exports `database` cannot leak them. The session
 * joins the two only when it hands the config to the kernel (or tests a connection).
 */
import type { DatabaseConfig, RemoteDatabaseConfig } from '../../workers/protocol';
import { parseConnectionString, secretsOf } from '../../workers/database-config';
import { redactConnectionString } from '../../workers/redact';
import { pasteUrl } from '../../proxy/url';
import type { DatabaseSecrets, StoredPassword } from './types';

export interface SplitDatabase {
  /** Without the password and the proxy token. */
  readonly database: DatabaseConfig;
  /** Present exactly when the database is remote. */
  readonly secrets?: DatabaseSecrets;
  /** The password, when the config held one and it is not to be remembered: the caller keeps it in memory. */
  readonly unremembered?: string;
}

/**
 * Splits a full config (as typed, with password and token) into what is stored. With
 * `remember` false the password is not in `secrets` but returned as `unremembered`.
 */
export function splitSecrets(config: DatabaseConfig, remember: boolean): SplitDatabase {
  if (config.kind === 'pglite') return { database: config };
  const { withoutPassword, password } = splitConnectionString(config.connectionString);
  const { withoutToken, token } = splitProxyUrl(config.proxyUrl);
  const database: RemoteDatabaseConfig = {
    kind: 'remote',
    proxyUrl: withoutToken,
    connectionString: withoutPassword,
    ...(config.statementTimeoutMs !== undefined ? { statementTimeoutMs: config.statementTimeoutMs } : {}),
  };
  const kept: StoredPassword = !remember
    ? { kind: 'ask', why: 'not-remembered' }
    : password === undefined
      ? { kind: 'none' }
      : { kind: 'remembered', value: password };
  return {
    database,
    secrets: { ...(token !== undefined ? { proxyToken: token } : {}), password: kept },
    ...(!remember && password !== undefined ? { unremembered: password } : {}),
  };
}

/** What is missing before a stored remote database can be connected to. */
export interface MissingSecrets {
  readonly password: boolean;
  /** The proxy URL with its token (a notebook from a file has none). */
  readonly proxyUrl: boolean;
}

export type JoinedDatabase = { readonly ok: true; readonly config: DatabaseConfig } | { readonly ok: false; readonly missing: MissingSecrets };

/**
 * The config the kernel gets: `database` with its secrets put back. `sessionPassword` is
 * the password asked for in this page's life (for `ask`); '' means none.
 */
export function joinSecrets(database: DatabaseConfig, secrets: DatabaseSecrets | undefined, sessionPassword: string | undefined): JoinedDatabase {
  if (database.kind === 'pglite') return { ok: true, config: database };
  const stored = secrets?.password ?? { kind: 'ask', why: 'from-file' };
  const password = stored.kind === 'remembered' ? stored.value : stored.kind === 'none' ? '' : sessionPassword;
  const token = secrets?.proxyToken;
  const missing: MissingSecrets = { password: password === undefined, proxyUrl: token === undefined || database.proxyUrl === '' };
  if (password === undefined || missing.proxyUrl || token === undefined) return { ok: false, missing };
  return {
    ok: true,
    config: { ...database, proxyUrl: pasteUrl(database.proxyUrl, token), connectionString: withPassword(database.connectionString, password) },
  };
}

/**
 * The connection string with `password` in it ('' : none). Only for strings
 * {@link splitConnectionString} made (a URL); any other comes back as it is.
 */
export function withPassword(connectionString: string, password: string): string {
  if (password === '') return connectionString;
  try {
    const url = new URL(connectionString);
    // encodeURIComponent leaves nothing the userinfo setter would encode again, so the
    // kernel's decodeURIComponent gives the password back exactly.
    url.password = encodeURIComponent(password);
    return url.href;
  } catch {
    return connectionString;
  }
}

/** The password (decoded) and the string without it; one that does not parse loses it (never kept in the clear). */
export function splitConnectionString(text: string): { withoutPassword: string; password: string | undefined } {
  const parsed = parseConnectionString(text);
  if (!parsed.ok) return { withoutPassword: redactConnectionString(text.trim()), password: undefined };
  const url = new URL(text.trim());
  url.password = '';
  return { withoutPassword: url.href, password: parsed.value.password };
}

/** The token and the URL without it ('' when the URL does not parse, or is ''). */
export function splitProxyUrl(text: string): { withoutToken: string; token: string | undefined } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { withoutToken: '', token: undefined };
  }
  const token = url.searchParams.get('token') ?? '';
  url.searchParams.delete('token');
  return { withoutToken: url.href, token: token === '' ? undefined : token };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStoredPassword(value: unknown): value is StoredPassword {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'remembered':
      return typeof value.value === 'string';
    case 'none':
      return true;
    case 'ask':
      return value.why === 'not-remembered' || value.why === 'from-file';
    default:
      return false;
  }
}

/** The runtime twin of DatabaseSecrets. */
export function isDatabaseSecrets(value: unknown): value is DatabaseSecrets {
  return isRecord(value) && (value.proxyToken === undefined || typeof value.proxyToken === 'string') && isStoredPassword(value.password);
}

/** True when a stored config holds no password and no token (the store refuses any other). */
export function isSecretFree(database: DatabaseConfig): boolean {
  return secretsOf(database).length === 0;
}
