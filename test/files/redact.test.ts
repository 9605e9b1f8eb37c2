import { describe, expect, it } from 'vitest';
import { exportPy } from '../../src/files/py-format';
import { redactConnectionString, redactMessage } from '../../workers/redact';

const HIDDEN = '[connection string hidden]';

const cases: readonly [string, string][] = [
  // URI form
  ['postgresql://user:secret@host/db', 'postgresql://user@host/db'],
  ['postgresql://user:secret@host:5432/db?sslmode=require', 'postgresql://user@host:5432/db?sslmode=require'],
  ['postgres://user:secret@host', 'postgres://user@host'],
  ['postgresql://:secret@host/db', 'postgresql://host/db'],
  ['postgresql://user:@host/db', 'postgresql://user@host/db'],
  ['postgresql://us%3Aer:p%40ss%2Fw%3Ard@host/db', 'postgresql://us%3Aer@host/db'],
  ['postgresql://user:p?ss#w@host/db', 'postgresql://user@host/db'],
  ['postgresql://user:secret@[::1]:5432,other:5433/db', 'postgresql://user@[::1]:5432,other:5433/db'],
  ['postgresql://user@host/db?password=secret', 'postgresql://user@host/db'],
  ['postgresql://host/db?sslmode=require&password=secret&application_name=x', 'postgresql://host/db?sslmode=require&application_name=x'],
  ['postgresql://host/db?PASSWORD=secret&pass%77ord=secret2', 'postgresql://host/db'],
  ['postgresql://u:a@b:c@host/db', HIDDEN],
  ['postgresql://u:pa/ss@host/db', HIDDEN],
  ['postgresql://host/db?password=a&b', HIDDEN],
  ['postgresql://host/db?pass%ZZword=x', HIDDEN],
  // without a password: unchanged, character for character
  ['postgresql://user@Host:5432/db?sslmode=require', 'postgresql://user@Host:5432/db?sslmode=require'],
  ['postgresql://@host/db', 'postgresql://@host/db'],
  ['postgresql://host/db?', 'postgresql://host/db?'],
  ['postgresql://host/db?application_name=a%40b', 'postgresql://host/db?application_name=a%40b'],
  ['postgresql:///db?host=/var/run/postgresql', 'postgresql:///db?host=/var/run/postgresql'],
  // keyword/value form
  ['host=h password=secret dbname=d', 'host=h dbname=d'],
  ["password = 'se cret\\' x' host=h", 'host=h'],
  ['host=h  port = 5432 dbname=d', 'host=h  port = 5432 dbname=d'],
  ['', ''],
  // unparseable
  ['host=h password', HIDDEN],
  ["password='secret", HIDDEN],
  ['user:secret@host/db', HIDDEN],
  ['just some text', HIDDEN],
];

describe('redactConnectionString', () => {
  it.each(cases)('%j', (url, expected) => {
    expect(redactConnectionString(url)).toEqual(expected);
  });
});

/** The `# DB:` line and whether any part of the password made it into the file. */
function dbHeader(url: string): { line: string | undefined; leaks: boolean } {
  const text = exportPy({ title: 'T', cells: [{ kind: 'sql', code: 'SELECT 1' }], database: { kind: 'remote', url } });
  return { line: text.split('\n').find((l) => l.startsWith('# DB:')), leaks: /secret|s3cr|%40/i.test(text) };
}

const headers: readonly [string, string][] = [
  ['postgresql://user:secret@host:5432/db?sslmode=require', '# DB: remote postgresql://user@host:5432/db?sslmode=require'],
  ['postgresql://user@host/db?password=secret', '# DB: remote postgresql://user@host/db'],
  ['postgresql://user@host/db?sslmode=require&password=secret', '# DB: remote postgresql://user@host/db?sslmode=require'],
  ['postgresql://user:s3cr%40t%2F@host/db', '# DB: remote postgresql://user@host/db'],
  ['postgresql://user:sec@ret@host/db', `# DB: remote ${HIDDEN}`],
  ['host=h password=secret dbname=d', '# DB: remote host=h dbname=d'],
  ["host=h password='sec ret'", '# DB: remote host=h'],
  ['postgresql://user@host/db', '# DB: remote postgresql://user@host/db'],
  ['postgresql://user:secret@host/db\nx', '# DB: remote "postgresql://user@host/db\\nx"'],
];

describe('the exported # DB: header never holds the password', () => {
  it.each(headers)('%j', (url, line) => {
    expect(dbHeader(url)).toEqual({ line, leaks: false });
  });
});

const PW = 'p@ss w/rd+%';
const TOKEN = '0123456789abcdef0123456789abcdef';

const messages: readonly [string, readonly string[], string][] = [
  // a known secret, wherever it is and however it is encoded
  ['password authentication failed: p@ss w/rd+%', [PW], 'password authentication failed: [hidden]'],
  [`url-encoded: ${encodeURIComponent(PW)} and lower: p%40ss%20w%2frd%2b%25`, [PW], 'url-encoded: [hidden] and lower: [hidden]'],
  ['form-encoded: p%40ss+w%2Frd%2B%25', [PW], 'form-encoded: [hidden]'],
  ['encodeURI: p@ss%20w/rd+%25', [PW], 'encodeURI: [hidden]'],
  [`twice: ${PW} ${PW}`, [PW], 'twice: [hidden] [hidden]'],
  [`token ${TOKEN} and password ${PW}`, [TOKEN, PW], 'token [hidden] and password [hidden]'],
  // the longer secret wins when one contains the other
  ['abcdef', ['abc', 'abcdef'], '[hidden]'],
  // empty secrets hide nothing
  ['nothing to hide', [''], 'nothing to hide'],
  // connection strings lose their password even when it is not known
  ['could not connect to postgresql://u:unknown@h:5432/db: refused', [], 'could not connect to postgresql://u@h:5432/db: refused'],
  ['"postgres://u:x@h/db"', [], '"postgres://u@h/db"'],
  [`postgresql://u:${encodeURIComponent(PW)}@h/db`, [PW], 'postgresql://u@h/db'],
  // WebSocket URLs lose their token even when it is not known
  ['WebSocket to ws://127.0.0.1:5480/?address=h%3A5432&token=feedbeef failed', [], 'WebSocket to ws://127.0.0.1:5480/?address=h%3A5432&token=[hidden] failed'],
  ['wss://proxy.test/x?token=abc#frag', [], 'wss://proxy.test/x?token=[hidden]#frag'],
  // nothing else changes
  ['syntax error at or near "selec"', [PW, TOKEN], 'syntax error at or near "selec"'],
  ['', [PW], ''],
];

describe('redactMessage', () => {
  it.each(messages)('%j with %j', (text, secrets, expected) => {
    expect(redactMessage(text, secrets)).toBe(expected);
  });
});
