/**
 * The remote database form of the settings panel (and of the password prompt), as data.
 * Pure: no I/O, no Solid.
 *
 * Once applied, the form shows the connection string without its password and the proxy
 * URL without its token; those stay with the session (database-secrets.ts). So a form
 * that still shows them as they were keeps them: {@link configFromForm} puts the saved
 * token back into the same proxy URL, and the saved password back into a connection
 * string for the same user on the same server. Validation is the kernel's own
 * (workers/database-config.ts), not a second copy.
 */
import type { DatabaseConfig, RemoteDatabaseConfig } from '../../workers/protocol';
import { checkRemote, parseConnectionString, type Checked } from '../../workers/database-config';
import { pasteUrl } from '../../proxy/url';
import { splitConnectionString, splitProxyUrl, withPassword } from '../store/database-secrets';
import type { DatabaseSecrets } from '../store/types';

/** Whether Remember password starts ticked: unless the user unticked it for this database. */
export function remembersPassword(secrets: DatabaseSecrets | undefined): boolean {
  return !(secrets?.password.kind === 'ask' && secrets.password.why === 'not-remembered');
}

/** What a proxy URL field shows while empty. */
export const PROXY_URL_PLACEHOLDER = 'ws://127.0.0.1:5480/?token=… (the line npm run proxy prints)';

export interface RemoteForm {
  /** As typed; once applied, the proxy URL without its token. */
  readonly proxyUrl: string;
  /** As typed; once applied, without its password. */
  readonly connectionString: string;
  /** A password typed after "Change password" ('' : none); undefined: keep the saved one. */
  readonly newPassword: string | undefined;
  /** Seconds, as typed; '' : no statement timeout. */
  readonly statementTimeoutSeconds: string;
  readonly rememberPassword: boolean;
}

/** What the session holds for the applied remote database; never shown. */
export interface SavedRemote {
  /** Without secrets, as stored. */
  readonly database: RemoteDatabaseConfig;
  readonly token: string | undefined;
  /** Remembered or given this session ('' : none); undefined: not known (to be asked for). */
  readonly password: string | undefined;
}

/** The form as it shows the applied config (empty fields for a PGlite one). */
export function formFromSaved(database: DatabaseConfig, rememberPassword: boolean): RemoteForm {
  if (database.kind !== 'remote') {
    return { proxyUrl: '', connectionString: '', newPassword: undefined, statementTimeoutSeconds: '', rememberPassword: true };
  }
  const timeout = database.statementTimeoutMs;
  return {
    proxyUrl: database.proxyUrl,
    connectionString: database.connectionString,
    newPassword: undefined,
    statementTimeoutSeconds: timeout ? String(timeout / 1000) : '',
    rememberPassword,
  };
}

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** The full config the form stands for (with password and token), validated as the kernel validates it. */
export function configFromForm(form: RemoteForm, saved: SavedRemote | undefined): Checked<RemoteDatabaseConfig> {
  const timeout = statementTimeoutMs(form.statementTimeoutSeconds);
  if (!timeout.ok) return timeout;
  const connection = connectionString(form, saved);
  if (!connection.ok) return connection;
  const checked = checkRemote({
    kind: 'remote',
    proxyUrl: proxyUrl(form.proxyUrl.trim(), saved),
    connectionString: connection.value,
    ...(timeout.value !== undefined ? { statementTimeoutMs: timeout.value } : {}),
  });
  return checked.ok ? { ok: true, value: checked.value.config } : checked;
}

function statementTimeoutMs(text: string): Checked<number | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  const seconds = Number(text.trim());
  if (!Number.isFinite(seconds) || seconds < 0) return fail('Invalid statement timeout: enter a number of seconds, or leave it empty for none.');
  return { ok: true, value: Math.round(seconds * 1000) };
}

/** The typed URL; the saved token goes back only into the URL it came with (never to another proxy). */
function proxyUrl(typed: string, saved: SavedRemote | undefined): string {
  const { withoutToken, token } = splitProxyUrl(typed);
  if (token !== undefined || saved?.token === undefined || withoutToken === '' || withoutToken !== saved.database.proxyUrl) return typed;
  return pasteUrl(typed, saved.token);
}

function connectionString(form: RemoteForm, saved: SavedRemote | undefined): Checked<string> {
  const typed = form.connectionString.trim();
  const { withoutPassword, password } = splitConnectionString(typed);
  if (form.newPassword !== undefined) return { ok: true, value: parseConnectionString(typed).ok ? withPassword(withoutPassword, form.newPassword) : typed };
  if (password !== undefined || !saved || !sameLogin(typed, saved.database.connectionString)) return { ok: true, value: typed };
  // The saved password belongs to this user on this server only.
  if (saved.password === undefined) return fail('The password is not known yet: use Change password to enter it.');
  return { ok: true, value: withPassword(withoutPassword, saved.password) };
}

function sameLogin(a: string, b: string): boolean {
  const x = parseConnectionString(a);
  const y = parseConnectionString(b);
  return x.ok && y.ok && x.value.user === y.value.user && x.value.host === y.value.host && x.value.port === y.value.port;
}
