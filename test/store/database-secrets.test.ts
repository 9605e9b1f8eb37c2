import { describe, expect, it } from 'vitest';
import { isSecretFree, joinSecrets, splitSecrets } from '../../src/store/database-secrets';
import type { DatabaseConfig, RemoteDatabaseConfig } from '../../workers/protocol';
import { checkDatabaseConfig } from '../../workers/database-config';

const TOKEN = '00112233445566778899aabbccddeeff';
const remote = (connectionString: string, proxyUrl = `ws://127.0.0.1:5480/?token=${TOKEN}`): RemoteDatabaseConfig => ({ kind: 'remote', proxyUrl, connectionString });

// [name, full config as typed, remember, stored database, stored secrets, the password kept in memory]
const splits: readonly [string, RemoteDatabaseConfig, boolean, RemoteDatabaseConfig, unknown, string | undefined][] = [
  ['password remembered', remote('postgresql://ripple:s3cret@127.0.0.1:5432/app'), true, remote('postgresql://ripple@127.0.0.1:5432/app', 'ws://127.0.0.1:5480/'), { proxyToken: TOKEN, password: { kind: 'remembered', value: 's3cret' } }, undefined],
  ['password not remembered', remote('postgresql://ripple:s3cret@127.0.0.1:5432/app'), false, remote('postgresql://ripple@127.0.0.1:5432/app', 'ws://127.0.0.1:5480/'), { proxyToken: TOKEN, password: { kind: 'ask', why: 'not-remembered' } }, 's3cret'],
  ['no password', remote('postgres://ripple@db:6543/app?sslmode=disable'), true, remote('postgres://ripple@db:6543/app?sslmode=disable', 'ws://127.0.0.1:5480/'), { proxyToken: TOKEN, password: { kind: 'none' } }, undefined],
  ['%-encoded password (decoded when kept)', remote('postgresql://u:p%40ss%3Aw%2Fd@h/db'), true, remote('postgresql://u@h/db', 'ws://127.0.0.1:5480/'), { proxyToken: TOKEN, password: { kind: 'remembered', value: 'p@ss:w/d' } }, undefined],
  ['an unencoded @ in the password', remote('postgresql://u:p@ss@h/db'), true, remote('postgresql://u@h/db', 'ws://127.0.0.1:5480/'), { proxyToken: TOKEN, password: { kind: 'remembered', value: 'p@ss' } }, undefined],
  ['wss behind a path, token among other parameters', remote('postgresql://u:pw@[::1]:5432/db', `wss://proxy.example/pg/?a=1&token=${TOKEN}`), true, remote('postgresql://u@[::1]:5432/db', 'wss://proxy.example/pg/?a=1'), { proxyToken: TOKEN, password: { kind: 'remembered', value: 'pw' } }, undefined],
  ['a proxy URL without a token', remote('postgresql://u:pw@h/db', 'ws://127.0.0.1:5480/'), true, remote('postgresql://u@h/db', 'ws://127.0.0.1:5480/'), { password: { kind: 'remembered', value: 'pw' } }, undefined],
  ['a connection string that does not parse loses its password', remote('host=h password=pw dbname=d'), true, remote('host=h dbname=d', 'ws://127.0.0.1:5480/'), { proxyToken: TOKEN, password: { kind: 'none' } }, undefined],
];

describe('splitSecrets: the stored config holds no secret', () => {
  it.each(splits)('%s', (_name, full, remember, database, secrets, unremembered) => {
    const split = splitSecrets(full, remember);
    expect({ split, secretFree: isSecretFree(split.database) }).toEqual({
      split: { database, secrets, ...(unremembered !== undefined ? { unremembered } : {}) },
      secretFree: true,
    });
  });

  it('a PGlite config has no secrets', () => {
    const pglite: DatabaseConfig = { kind: 'pglite', storage: 'idb', name: 'n' };
    expect(splitSecrets(pglite, true)).toEqual({ database: pglite });
  });
});

describe('joinSecrets gives the kernel the config as typed', () => {
  const typed = [
    'postgresql://ripple:s3cret@127.0.0.1:5432/app',
    'postgresql://u:p%40ss%3Aw%2Fd@h/db',
    'postgresql://u:%F0%9F%98%80%20%25x@h:1/db?application_name=a',
    'postgres://ripple@db:6543/app?sslmode=disable',
  ];
  it.each(typed)('%s: split and joined, it parses to the same server, user and password', (connectionString) => {
    const full = remote(connectionString);
    const { database, secrets } = splitSecrets(full, true);
    const joined = joinSecrets(database, secrets, undefined);
    const parse = (config: DatabaseConfig) => checkDatabaseConfig(config);
    expect({ joined: joined.ok, same: joined.ok && JSON.stringify(parse(joined.config)) === JSON.stringify(parse(full)) }).toEqual({ joined: true, same: true });
  });

  it('a password that is not remembered comes from this session; without it, the password is missing', () => {
    const { database, secrets, unremembered } = splitSecrets(remote('postgresql://u:pw@h/db'), false);
    expect({
      withSession: joinSecrets(database, secrets, unremembered),
      noPassword: joinSecrets(database, secrets, ''),
      without: joinSecrets(database, secrets, undefined),
    }).toEqual({
      withSession: { ok: true, config: remote('postgresql://u:pw@h/db') },
      noPassword: { ok: true, config: remote('postgresql://u@h/db') },
      without: { ok: false, missing: { password: true, proxyUrl: false } },
    });
  });

  it('a notebook from a file lacks the proxy URL, and the password unless the file had one', () => {
    const database: RemoteDatabaseConfig = { kind: 'remote', proxyUrl: '', connectionString: 'postgresql://u@h/db' };
    expect([
      joinSecrets(database, { password: { kind: 'ask', why: 'from-file' } }, undefined),
      joinSecrets(database, { password: { kind: 'remembered', value: 'pw' } }, undefined),
      joinSecrets(database, undefined, undefined),
    ]).toEqual([
      { ok: false, missing: { password: true, proxyUrl: true } },
      { ok: false, missing: { password: false, proxyUrl: true } },
      { ok: false, missing: { password: true, proxyUrl: true } },
    ]);
  });
});
