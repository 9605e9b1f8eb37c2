import { describe, expect, it } from 'vitest';
import { checkDatabaseConfig, parseConnectionString, parseProxyUrl, secretsOf } from '../../workers/database-config';

const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const PROXY = `ws://127.0.0.1:5480/?token=${TOKEN}`;
const CONN = 'postgresql://ripple:s3cret@127.0.0.1:5432/app';

/** What the check says: the config it accepted, or the start of its message. */
function verdict(value: unknown): string {
  const checked = checkDatabaseConfig(value);
  return checked.ok ? `ok ${checked.value.kind}` : checked.message;
}

const configs: readonly [string, unknown, string][] = [
  ['pglite', { kind: 'pglite', storage: 'memory', name: 'n' }, 'ok pglite'],
  ['remote', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN }, 'ok remote'],
  ['remote with a timeout', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN, statementTimeoutMs: 5000 }, 'ok remote'],
  ['remote with timeout 0 (none)', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN, statementTimeoutMs: 0 }, 'ok remote'],
  ['not an object', 'pglite', 'Invalid database settings: expected an object with a "kind".'],
  ['null', null, 'Invalid database settings: expected an object with a "kind".'],
  ['no kind', { storage: 'memory', name: 'n' }, 'Invalid database settings: unknown kind undefined; expected "pglite" or "remote".'],
  ['unknown kind', { kind: 'mysql' }, 'Invalid database settings: unknown kind "mysql"; expected "pglite" or "remote".'],
  ['bad storage', { kind: 'pglite', storage: 'disk', name: 'n' }, 'Invalid PGlite settings: storage must be one of auto, memory, idb, opfs-ahp.'],
  ['pglite without a name', { kind: 'pglite', storage: 'idb' }, 'Invalid PGlite settings: the database needs a name.'],
  ['remote without a proxy URL', { kind: 'remote', connectionString: CONN }, 'Invalid remote database settings: the proxy URL is missing.'],
  ['remote without a connection string', { kind: 'remote', proxyUrl: PROXY }, 'Invalid remote database settings: the connection string is missing.'],
  ['the file format\'s remote', { kind: 'remote', url: CONN }, 'Invalid remote database settings: the proxy URL is missing.'],
  ['negative timeout', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN, statementTimeoutMs: -1 }, 'Invalid statement timeout: expected a whole number of milliseconds from 0 to 2147483647.'],
  ['fractional timeout', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN, statementTimeoutMs: 1.5 }, 'Invalid statement timeout: expected a whole number of milliseconds from 0 to 2147483647.'],
  ['timeout as text', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN, statementTimeoutMs: '5000' }, 'Invalid statement timeout: expected a whole number of milliseconds from 0 to 2147483647.'],
  ['huge timeout', { kind: 'remote', proxyUrl: PROXY, connectionString: CONN, statementTimeoutMs: 2 ** 31 }, 'Invalid statement timeout: expected a whole number of milliseconds from 0 to 2147483647.'],
];

describe('checkDatabaseConfig', () => {
  it.each(configs)('%s', (_name, value, expected) => {
    expect(verdict(value)).toBe(expected);
  });
});

const proxyUrls: readonly [string, string][] = [
  [PROXY, `ok ws 127.0.0.1:5480 ${TOKEN}`],
  [`wss://db.example.test/ripple/?token=${TOKEN}`, `ok wss db.example.test ${TOKEN}`],
  [`  ws://[::1]:5480/?token=${TOKEN}  `, `ok ws [::1]:5480 ${TOKEN}`],
  [`ws://localhost:5480?token=${TOKEN}&x=1`, `ok ws localhost:5480 ${TOKEN}`],
  [`http://127.0.0.1:5480/?token=${TOKEN}`, 'it must start with ws:// or wss://'],
  [`127.0.0.1:5480/?token=${TOKEN}`, 'it must start with ws:// or wss://'],
  ['not a url', 'it must start with ws:// or wss://'],
  ['ws://', 'it is not a URL'],
  ['ws://[::1/?token=x', 'it is not a URL'],
  ['ws://127.0.0.1:5480/', 'it has no token (?token=…)'],
  ['ws://127.0.0.1:5480/?token=', 'it has no token (?token=…)'],
  [`ws://127.0.0.1:5480/?token=${TOKEN}&token=x`, 'it has more than one token'],
  [`ws://user:pw@127.0.0.1:5480/?token=${TOKEN}`, 'it must not hold a user name or password (the token goes in ?token=)'],
  [`ws://127.0.0.1:5480/?token=${TOKEN}&address=10.0.0.1:5432`, 'it must not hold an address (the database address comes from the connection string)'],
];

describe('parseProxyUrl', () => {
  it.each(proxyUrls)('%j', (text, expected) => {
    const parsed = parseProxyUrl(text);
    const got = parsed.ok
      ? `ok ${parsed.value.secure ? 'wss' : 'ws'} ${parsed.value.host} ${parsed.value.token}`
      : parsed.message.replace(/^Invalid proxy URL: /, '').replace(/\. Paste the whole line.*$/, '');
    expect(got).toBe(expected);
  });

  it('never repeats the URL in its message', () => {
    const parsed = parseProxyUrl(`http://127.0.0.1:5480/?token=${TOKEN}`);
    expect(!parsed.ok && parsed.message.includes(TOKEN)).toBe(false);
  });
});

const connectionStrings: readonly [string, string][] = [
  [CONN, 'ok ripple s3cret 127.0.0.1 5432 app'],
  ['postgres://ripple:s3cret@localhost/app', 'ok ripple s3cret localhost 5432 app'],
  ['POSTGRESQL://ripple@db:6543/app', 'ok ripple - db 6543 app'],
  ['postgresql://ripple:p%40ss%2Fw%3Ard@127.0.0.1:5432/my%20db', 'ok ripple p@ss/w:rd 127.0.0.1 5432 my db'],
  ['postgresql://ripple:pw@[::1]:5432/app', 'ok ripple pw ::1 5432 app'],
  ['postgresql://ripple:pw@host/app?sslmode=disable&application_name=nb', 'ok ripple pw host 5432 app'],
  ['mysql://ripple:pw@host/app', 'it must start with postgresql:// or postgres://'],
  ['host=h dbname=app', 'it must start with postgresql:// or postgres://'],
  ['postgresql://ripple:pw@/app', 'it could not be parsed (one host only; encode special characters in the password as %XX)'],
  ['postgresql:///app?host=/var/run/postgresql', 'it names no host'],
  ['postgresql://ripple:pw@host:99999/app', 'it could not be parsed (one host only; encode special characters in the password as %XX)'],
  ['postgresql://ripple:pw@h1:5432,h2:5432/app', 'it could not be parsed (one host only; encode special characters in the password as %XX)'],
  ['postgresql://ripple:pw@host:0/app', 'the port must be a number from 1 to 65535'],
  ['postgresql://ripple:pw@host', 'it names no database (…/database at the end)'],
  ['postgresql://ripple:pw@host/', 'it names no database (…/database at the end)'],
  ['postgresql://:pw@host/app', 'it names no user'],
  ['postgresql://ripple:p%ZZ@host/app', 'it has a malformed %-escape'],
  ['postgresql://ripple:pw@host/app#x', 'it must not have a #fragment (encode # in the password as %23)'],
  ['postgresql://ripple:pw@host/app?sslmode=require', 'sslmode=require is not supported: the proxy reaches PostgreSQL over plain TCP (use wss:// for an encrypted link to the proxy)'],
  ['postgresql://ripple:pw@host/app?target_session_attrs=any', 'the parameter "target_session_attrs" is not supported (only sslmode and application_name)'],
];

describe('parseConnectionString', () => {
  it.each(connectionStrings)('%j', (text, expected) => {
    const parsed = parseConnectionString(text);
    const got = parsed.ok
      ? `ok ${parsed.value.user} ${parsed.value.password ?? '-'} ${parsed.value.host} ${parsed.value.port} ${parsed.value.database}`
      : parsed.message.replace(/^Invalid connection string: /, '').replace(/\. Expected postgresql:.*$/, '');
    expect(got).toBe(expected);
  });

  it('never repeats the connection string in its message', () => {
    const messages = connectionStrings.map(([text]) => parseConnectionString(text)).flatMap((p) => (p.ok ? [] : [p.message]));
    expect(messages.filter((m) => /pw|p%ZZ/.test(m))).toEqual([]);
  });
});

describe('the wsProxy the Neon driver opens (after ws:// or wss://)', () => {
  const proxy = (url: string) => {
    const parsed = parseProxyUrl(url);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };
  it.each([
    [PROXY, '127.0.0.1', 5432, `127.0.0.1:5480/?token=${TOKEN}&address=127.0.0.1%3A5432`],
    [`wss://db.example.test/ripple?x=1&token=${TOKEN}`, 'localhost', 6543, `db.example.test/ripple?x=1&token=${TOKEN}&address=localhost%3A6543`],
    [PROXY, '::1', 5432, `127.0.0.1:5480/?token=${TOKEN}&address=%5B%3A%3A1%5D%3A5432`],
  ])('%s to %s:%d', (url, host, port, expected) => {
    expect(proxy(url).location(host, port)).toBe(expected);
  });
});

describe('secretsOf', () => {
  it.each([
    [{ kind: 'pglite', storage: 'memory', name: 'n' }, []],
    [{ kind: 'remote', proxyUrl: PROXY, connectionString: CONN }, [TOKEN, 's3cret']],
    [{ kind: 'remote', proxyUrl: 'ws://h/?token=a%2Bb+c', connectionString: 'postgresql://u:p%40ss@h/d' }, ['a%2Bb+c', 'a+b+c', 'a+b c', 'p%40ss', 'p@ss']],
    // Read even when the config does not validate, so its error can still be redacted.
    [{ kind: 'remote', proxyUrl: 'http://h/?token=tok', connectionString: 'postgresql://u:pw@h:1:2/d' }, ['tok', 'pw']],
    [{ kind: 'remote', proxyUrl: 'ws://h/?token=%ZZ', connectionString: 'postgresql://u@h/d' }, ['%ZZ']],
  ])('%j', (config, expected) => {
    expect(secretsOf(config)).toEqual(expected);
  });
});
