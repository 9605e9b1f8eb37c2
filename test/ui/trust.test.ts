import { expect, it } from 'vitest';
import { describeDatabaseConfig } from '../../src/notebook/database-description';
import { databaseFromFile, secretsFromFile } from '../../src/notebook/notebook-files';
import { appliesDatabase, runsOnOpen, withDatabaseConfirmed } from '../../src/notebook/trust';
import type { NotebookTrust } from '../../src/store/types';

const LEVELS: readonly NotebookTrust[] = ['trusted', 'database-confirmed', 'untrusted'];

it('only a trusted notebook runs on open; its database applies once confirmed; confirming never lowers trust', () => {
  expect(LEVELS.map((trust) => ({ trust, runsOnOpen: runsOnOpen(trust), appliesDatabase: appliesDatabase(trust), confirmed: withDatabaseConfirmed(trust) }))).toEqual([
    { trust: 'trusted', runsOnOpen: true, appliesDatabase: true, confirmed: 'trusted' },
    { trust: 'database-confirmed', runsOnOpen: false, appliesDatabase: true, confirmed: 'database-confirmed' },
    { trust: 'untrusted', runsOnOpen: false, appliesDatabase: false, confirmed: 'database-confirmed' },
  ]);
});

it("a file's PGlite settings become the new notebook's own database; a remote one its remote config, without proxy URL and password, which are asked for", () => {
  const files = [
    { kind: 'pglite', storage: 'idb', name: '' },
    { kind: 'remote', url: 'postgresql://ada@db.example:5432/app' },
    { kind: 'remote', url: 'postgresql://ada:typed-by-hand@db.example:5432/app' },
  ] as const;
  expect(files.map((file, i) => ({ database: databaseFromFile(file, `nb-${i}`), secrets: secretsFromFile(file) }))).toEqual([
    { database: { kind: 'pglite', storage: 'idb', name: 'nb-0' }, secrets: undefined },
    {
      database: { kind: 'remote', proxyUrl: '', connectionString: 'postgresql://ada@db.example:5432/app' },
      secrets: { password: { kind: 'ask', why: 'from-file' } },
    },
    {
      database: { kind: 'remote', proxyUrl: '', connectionString: 'postgresql://ada@db.example:5432/app' },
      secrets: { password: { kind: 'remembered', value: 'typed-by-hand' } },
    },
  ]);
  expect(describeDatabaseConfig(databaseFromFile(files[1], 'x'))).toBe('Remote PostgreSQL: postgresql://ada@db.example:5432/app via proxy (not given yet)');
});

it('describes what a configuration points at before any kernel opened it', () => {
  expect((['auto', 'opfs-ahp', 'idb', 'memory'] as const).map((storage) => describeDatabaseConfig({ kind: 'pglite', storage, name: 'x' }))).toEqual([
    'PGlite: In this browser (fastest durable storage: OPFS, else IndexedDB)',
    'PGlite: In this browser, OPFS',
    'PGlite: In this browser, IndexedDB (slower writes)',
    'PGlite: In memory (lost on reload)',
  ]);
});
