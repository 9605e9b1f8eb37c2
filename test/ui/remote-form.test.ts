import { describe, expect, it } from 'vitest';
import { configFromForm, formFromSaved, remembersPassword, type RemoteForm, type SavedRemote } from '../../src/notebook/remote-form';
import type { RemoteDatabaseConfig } from '../../workers/protocol';

const TOKEN = '00112233445566778899aabbccddeeff';
const SAVED: SavedRemote = {
  database: { kind: 'remote', proxyUrl: 'ws://127.0.0.1:5480/', connectionString: 'postgresql://ripple@127.0.0.1:5432/app' },
  token: TOKEN,
  password: 'pw',
};
const form = (patch: Partial<RemoteForm> = {}): RemoteForm => ({ ...formFromSaved(SAVED.database, true), ...patch });
const full = (connectionString: string, proxyUrl = `ws://127.0.0.1:5480/?token=${TOKEN}`, statementTimeoutMs?: number): { ok: true; value: RemoteDatabaseConfig } => ({
  ok: true,
  value: { kind: 'remote', proxyUrl, connectionString, ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}) },
});

const cases: readonly [string, RemoteForm, SavedRemote | undefined, unknown][] = [
  ['first entry, as typed', form({ proxyUrl: ` ws://127.0.0.1:5480/?token=${TOKEN} `, connectionString: 'postgresql://ripple:typed@127.0.0.1:5432/app' }), undefined, full('postgresql://ripple:typed@127.0.0.1:5432/app')],
  ['the applied form unchanged: saved token and password go back', form(), SAVED, full('postgresql://ripple:pw@127.0.0.1:5432/app')],
  ['another database on the same server keeps the password', form({ connectionString: 'postgresql://ripple@127.0.0.1:5432/other' }), SAVED, full('postgresql://ripple:pw@127.0.0.1:5432/other')],
  ['another user does not get it', form({ connectionString: 'postgresql://ada@127.0.0.1:5432/app' }), SAVED, full('postgresql://ada@127.0.0.1:5432/app')],
  ['another server does not get it', form({ connectionString: 'postgresql://ripple@127.0.0.2:5432/app' }), SAVED, full('postgresql://ripple@127.0.0.2:5432/app')],
  ['Change password', form({ newPassword: 'n3w@/' }), SAVED, full('postgresql://ripple:n3w%40%2F@127.0.0.1:5432/app')],
  ['Change password to none', form({ newPassword: '' }), SAVED, full('postgresql://ripple@127.0.0.1:5432/app')],
  ['a pasted string with a password replaces the saved one', form({ connectionString: 'postgresql://ripple:other@127.0.0.1:5432/app' }), SAVED, full('postgresql://ripple:other@127.0.0.1:5432/app')],
  ['another proxy does not get the saved token', form({ proxyUrl: 'ws://127.0.0.1:5481/' }), SAVED, { ok: false, message: 'Invalid proxy URL: it has no token (?token=…). Paste the whole line the proxy printed, with its token.' }],
  ['a new proxy line brings its own token', form({ proxyUrl: 'ws://127.0.0.1:5481/?token=abcd' }), SAVED, full('postgresql://ripple:pw@127.0.0.1:5432/app', 'ws://127.0.0.1:5481/?token=abcd')],
  ['statement timeout in seconds', form({ statementTimeoutSeconds: ' 2.5 ' }), SAVED, full('postgresql://ripple:pw@127.0.0.1:5432/app', undefined, 2500)],
  ['a statement timeout that is not a number', form({ statementTimeoutSeconds: 'soon' }), SAVED, { ok: false, message: 'Invalid statement timeout: enter a number of seconds, or leave it empty for none.' }],
  ['a password not known yet (not remembered, not given)', form(), { ...SAVED, password: undefined }, { ok: false, message: 'The password is not known yet: use Change password to enter it.' }],
  ['the kernel\'s validation, message without secrets', form({ connectionString: 'mysql://ripple:pw@h/db' }), SAVED, { ok: false, message: 'Invalid connection string: it must start with postgresql:// or postgres://. Expected postgresql://user:password@host:port/database.' }],
];

describe('configFromForm', () => {
  it.each(cases)('%s', (_name, typed, saved, expected) => {
    expect(configFromForm(typed, saved)).toEqual(expected);
  });
});

it('the form shows the applied config without secrets; Remember password unticked only when the user unticked it', () => {
  const database: RemoteDatabaseConfig = { ...SAVED.database, statementTimeoutMs: 1500 };
  expect([
    formFromSaved(database, remembersPassword({ password: { kind: 'ask', why: 'not-remembered' } })),
    [remembersPassword({ password: { kind: 'ask', why: 'from-file' } }), remembersPassword({ password: { kind: 'none' } }), remembersPassword(undefined)],
    formFromSaved({ kind: 'pglite', storage: 'auto', name: 'x' }, true),
  ]).toEqual([
    { proxyUrl: 'ws://127.0.0.1:5480/', connectionString: 'postgresql://ripple@127.0.0.1:5432/app', newPassword: undefined, statementTimeoutSeconds: '1.5', rememberPassword: false },
    [true, true, true],
    { proxyUrl: '', connectionString: '', newPassword: undefined, statementTimeoutSeconds: '', rememberPassword: true },
  ]);
});
