import { expect, it } from 'vitest';
import { describeDatabaseConfig } from '../../src/notebook/database-description';
import { databaseFromFile } from '../../src/notebook/notebook-files';
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

it("a file's PGlite settings become the new notebook's own database; a remote one (not supported yet) a local PGlite", () => {
  expect([
    databaseFromFile({ kind: 'pglite', storage: 'idb', name: '' }, 'nb-1'),
    databaseFromFile({ kind: 'remote', url: 'postgresql://ada@db.example:5432/app' }, 'nb-2'),
  ]).toEqual([
    { kind: 'pglite', storage: 'idb', name: 'nb-1' },
    { kind: 'pglite', storage: 'auto', name: 'nb-2' },
  ]);
});

it('describes what a configuration points at before any kernel opened it', () => {
  expect((['auto', 'opfs-ahp', 'idb', 'memory'] as const).map((storage) => describeDatabaseConfig({ kind: 'pglite', storage, name: 'x' }))).toEqual([
    'PGlite: In this browser (fastest durable storage: OPFS, else IndexedDB)',
    'PGlite: In this browser, OPFS',
    'PGlite: In this browser, IndexedDB (slower writes)',
    'PGlite: In memory (lost on reload)',
  ]);
});
