/**
 * Redaction, the one place for it: the UI (file export) and the kernel worker (every
 * error path of a database) both import this file, so there is one way to hide a secret.
 *
 * {@link redactConnectionString} removes passwords from PostgreSQL connection strings,
 * so they can be shown, logged or written to a notebook file.
 *
 * Both libpq forms are handled:
 * - URI: `postgresql://user:secret@host/db?sslmode=require` -> `postgresql://user@host/db?sslmode=require`,
 *   and a `password=` query parameter is dropped;
 * - keyword/value: `host=h password='a b' dbname=d` -> `host=h dbname=d`.
 *
 * A string without a password comes back unchanged, character for character.
 * Anything ambiguous (where part of a password could survive) or unparseable
 * comes back as {@link HIDDEN_CONNECTION_STRING}. Never throws.
 */
export const HIDDEN_CONNECTION_STRING = '[connection string hidden]';

export function redactConnectionString(url: string): string {
  try {
    const redacted = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url) ? redactUri(url) : redactKeywords(url);
    return redacted ?? HIDDEN_CONNECTION_STRING;
  } catch {
    return HIDDEN_CONNECTION_STRING;
  }
}

function redactUri(url: string): string | undefined {
  const schemeEnd = url.indexOf('://') + 3;
  let rest = url.slice(schemeEnd);
  let credentials = '';
  // As libpq does: there are credentials when an '@' comes before any '/'.
  const designator = /[@/]/.exec(rest);
  if (designator?.[0] === '@') {
    const userInfo = rest.slice(0, designator.index);
    rest = rest.slice(designator.index + 1);
    const colon = userInfo.indexOf(':');
    if (colon === -1) credentials = `${userInfo}@`;
    else if (colon > 0) credentials = `${userInfo.slice(0, colon)}@`;
  }
  const queryStart = rest.indexOf('?');
  const location = queryStart === -1 ? rest : rest.slice(0, queryStart);
  // An '@' left here means an unencoded '@' or '/' in the password: part of it would survive.
  if (location.includes('@')) return undefined;
  if (queryStart === -1) return url.slice(0, schemeEnd) + credentials + location;
  const params = rest.slice(queryStart + 1).split('&');
  const kept: string[] = [];
  for (const param of params) {
    const eq = param.indexOf('=');
    // `?password=a&b`: libpq rejects a parameter without '=', and `b` may be part of the password.
    if (eq === -1 && param !== '') return undefined;
    if (param === '' || decodeURIComponent(param.slice(0, eq)).trim().toLowerCase() !== 'password') kept.push(param);
  }
  const query = kept.length === params.length || kept.some((p) => p !== '') ? `?${kept.join('&')}` : '';
  return url.slice(0, schemeEnd) + credentials + location + query;
}

interface Setting {
  readonly key: string;
  readonly text: string;
}

/** libpq's `key = value` syntax; values may be single-quoted, backslash escapes `\'` and `\\`. */
function redactKeywords(conninfo: string): string | undefined {
  const settings: Setting[] = [];
  const isSpace = (i: number): boolean => /\s/.test(conninfo[i] ?? '');
  let i = 0;
  for (;;) {
    while (isSpace(i)) i += 1;
    if (i >= conninfo.length) break;
    const start = i;
    while (i < conninfo.length && !isSpace(i) && conninfo[i] !== '=') i += 1;
    const key = conninfo.slice(start, i);
    while (isSpace(i)) i += 1;
    if (key === '' || conninfo[i] !== '=') return undefined;
    i += 1;
    while (isSpace(i)) i += 1;
    if (conninfo[i] === "'") {
      i += 1;
      while (conninfo[i] !== "'") {
        if (i >= conninfo.length) return undefined;
        i += conninfo[i] === '\\' ? 2 : 1;
      }
      i += 1;
    } else {
      while (i < conninfo.length && !isSpace(i)) i += conninfo[i] === '\\' ? 2 : 1;
    }
    if (i > conninfo.length) return undefined;
    settings.push({ key, text: conninfo.slice(start, i) });
  }
  const kept = settings.filter((s) => s.key.toLowerCase() !== 'password');
  return kept.length === settings.length ? conninfo : kept.map((s) => s.text).join(' ');
}

/** What stands where a secret was. */
export const HIDDEN_SECRET = '[hidden]';

const CONNECTION_STRING = /\bpostgres(?:ql)?:\/\/[^\s'"<>`]*/gi;
const WEBSOCKET_URL = /\bwss?:\/\/[^\s'"<>`]*/gi;
const TOKEN_PARAM = /([?&](?:token|password)=)[^&#\s]*/gi;

/**
 * Makes a message safe to show: every known secret (the password, the proxy token) is
 * hidden wherever it appears, as written or URL-encoded; connection strings lose their
 * password; WebSocket URLs lose their `token=`. Every error a database can report goes
 * through here before it leaves the executor, the kernel or the settings panel.
 */
export function redactMessage(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is hidden whole.
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(HIDDEN_SECRET);
  out = out.replace(CONNECTION_STRING, (url) => redactConnectionString(url));
  return out.replace(WEBSOCKET_URL, (url) => url.replace(TOKEN_PARAM, `$1${HIDDEN_SECRET}`));
}

/** A secret as it may appear in a message: raw, or encoded as in a URL or a form. */
function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const encoded = [encodeURIComponent(secret), encodeURI(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  const lowerHex = encoded.map((form) => form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  return [secret, ...encoded, ...lowerHex];
}
