/**
 * The IndexedDB layout of Ripple's notebook store: schema type, versioned migrations,
 * opening a database, and the runtime check of what is read back.
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DatabaseConfig } from '../../workers/protocol';
import { isCellKind } from '../../workers/cell-kinds';
import type { DatabaseSecrets, NotebookTrust, StoredCell, StoredNotebook, StoredPassword } from './types';
import { isDatabaseSecrets, isSecretFree, splitSecrets } from './database-secrets';
import { isImportReport, type ImportReport } from '../files/import-report';
import { isDisplayViews, isOutputView, plainDisplayViews, plainOutputView } from '../charts/settings';

import { BY_UPDATED, DB_VERSION, NOTEBOOKS } from './db-names';

export { BY_UPDATED, DB_VERSION, NOTEBOOKS };

export interface RippleDbSchema extends DBSchema {
  notebooks: {
    key: string;
    // `unknown` on purpose: records may come from older versions, other tabs or a
    // corrupted profile, so everything read back goes through isStoredNotebook.
    value: unknown;
    indexes: { 'by-updated': number };
  };
}

export type RippleDb = IDBPDatabase<RippleDbSchema>;
export type UpgradeTransaction = IDBPTransaction<RippleDbSchema, StoreNames<RippleDbSchema>[], 'versionchange'>;

export interface Migration {
  /** The database version this step brings the schema to. */
  readonly version: number;
  /**
   * Runs inside the versionchange transaction. It may only await IndexedDB requests
   * of `tx`: awaiting anything else lets the transaction auto-commit half-migrated.
   */
  upgrade(db: RippleDb, tx: UpgradeTransaction): void | Promise<void>;
}

export function defaultDatabase(notebookId: string): DatabaseConfig {
  return { kind: 'pglite', storage: 'auto', name: notebookId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Brings one v1 record to the v2 shape; returns undefined when nothing changes. */
export function migrateV1Record(value: unknown): Record<string, unknown> | undefined {
  // Leave records we cannot make sense of untouched: the reader skips them, and a
  // later version (or a human) may still recover them. Never delete data in a migration.
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  const patch: Record<string, unknown> = {};
  if (value.database === undefined) patch.database = defaultDatabase(value.id);
  if (value.createdAt === undefined && typeof value.updatedAt === 'number') patch.createdAt = value.updatedAt;
  return Object.keys(patch).length === 0 ? undefined : { ...value, ...patch };
}

/**
 * Brings one v2 record to the v3 shape (the trust level); returns undefined when nothing
 * changes. Notebooks stored before v3 count as trusted: the user created them, or
 * imported them when every notebook ran on open, so they have run already.
 */
export function migrateV2Record(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || value.trust !== undefined) return undefined;
  return { ...value, trust: 'trusted' };
}

/**
 * Brings one v3 record to the v4 shape; returns undefined when nothing changes. A v3
 * remote database held its password and proxy token in the config itself: they move to
 * `secrets` (the password stays remembered, as it was), so the config the UI shows,
 * copies and exports holds none.
 */
export function migrateV3Record(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || value.secrets !== undefined || !isDatabaseConfig(value.database)) return undefined;
  if (value.database.kind !== 'remote') return undefined;
  const { database, secrets } = splitSecrets(value.database, true);
  return { ...value, database, secrets };
}

/** Applies a per-record step to every record of the notebooks store, inside the upgrade. */
async function migrateRecords(tx: UpgradeTransaction, migrate: (value: unknown) => Record<string, unknown> | undefined): Promise<void> {
  let cursor = await tx.objectStore(NOTEBOOKS).openCursor();
  while (cursor) {
    const migrated = migrate(cursor.value);
    if (migrated) await cursor.update(migrated);
    cursor = await cursor.continue();
  }
}

/** Applied in order; append new steps, never edit shipped ones. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    upgrade(db) {
      db.createObjectStore(NOTEBOOKS, { keyPath: 'id' });
    },
  },
  {
    version: 2,
    async upgrade(_db, tx) {
      tx.objectStore(NOTEBOOKS).createIndex(BY_UPDATED, 'updatedAt');
      await migrateRecords(tx, migrateV1Record);
    },
  },
  {
    version: 3,
    upgrade: (_db, tx) => migrateRecords(tx, migrateV2Record),
  },
  {
    version: 4,
    upgrade: (_db, tx) => migrateRecords(tx, migrateV3Record),
  },
];


export interface OpenHooks {
  /** Another connection (another tab) wants to upgrade: close so it is not blocked. */
  readonly blocking?: () => void;
  /** The browser closed the connection abnormally (storage cleared, disk error). */
  readonly terminated?: () => void;
}

/**
 * Like idb's `openDB`, which always uses the global `indexedDB`; this takes the
 * factory so tests can pass an isolated one. `steps`/`version` exist for tests that
 * need an older schema.
 */
export async function openRippleDb(
  factory: IDBFactory,
  name: string,
  hooks: OpenHooks = {},
  steps: readonly Migration[] = MIGRATIONS,
  version: number = DB_VERSION,
): Promise<RippleDb> {
  const request = factory.open(name, version);
  const opened = wrap(request);
  let migrationError: unknown;
  request.addEventListener('upgradeneeded', (event) => {
    const raw = request.transaction;
    if (!raw) return;
    const db = wrap(request.result) as RippleDb;
    // idb's `wrap` types every transaction as readonly; this one is the versionchange one.
    const tx = wrap(raw) as unknown as UpgradeTransaction;
    // Failure surfaces through the open request; don't leave tx.done rejected unhandled.
    tx.done.catch(() => undefined);
    const from = event.oldVersion;
    const to = event.newVersion ?? version;
    // The first step starts synchronously, inside the upgradeneeded event, as IndexedDB requires.
    const run = async (): Promise<void> => {
      for (const step of steps) if (step.version > from && step.version <= to) await step.upgrade(db, tx);
    };
    run().catch((error: unknown) => {
      // A bug in a step must not commit a half-migrated database: abort, and report
      // the step's error rather than the generic AbortError of the open request.
      migrationError = error;
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
    });
  });
  let db: IDBPDatabase | undefined;
  try {
    db = await opened;
  } catch (error) {
    throw migrationError ?? error;
  }
  if (!db) throw new Error(`IndexedDB did not open "${name}"`);
  const { blocking, terminated } = hooks;
  if (blocking) db.addEventListener('versionchange', () => blocking());
  if (terminated) db.addEventListener('close', () => terminated());
  return db as RippleDb;
}

const STORAGES: ReadonlySet<unknown> = new Set(['auto', 'memory', 'idb', 'opfs-ahp']);
const TRUST_LEVELS: ReadonlySet<unknown> = new Set<NotebookTrust>(['trusted', 'database-confirmed', 'untrusted']);

function isStoredCell(value: unknown): value is StoredCell {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    isCellKind(value.kind) &&
    typeof value.code === 'string' &&
    (value.resultName === undefined || typeof value.resultName === 'string') &&
    (value.view === undefined || isOutputView(value.view)) &&
    (value.displayViews === undefined || isDisplayViews(value.displayViews)) &&
    (value.outputCollapsed === undefined || typeof value.outputCollapsed === 'boolean')
  );
}

function isDatabaseConfig(value: unknown): value is DatabaseConfig {
  if (!isRecord(value)) return false;
  if (value.kind === 'remote') {
    // The shape only: the kernel validates the URLs themselves when it applies them.
    const timeout = value.statementTimeoutMs;
    return typeof value.proxyUrl === 'string' && typeof value.connectionString === 'string' && (timeout === undefined || Number.isFinite(timeout));
  }
  return value.kind === 'pglite' && STORAGES.has(value.storage) && typeof value.name === 'string';
}

/**
 * A remote database is stored without secrets, and with its secrets beside it; any other
 * without. A record that breaks this (a bug) is refused rather than shown.
 */
function hasSecretsWhereDue(database: DatabaseConfig, secrets: unknown): boolean {
  return database.kind === 'remote' ? isDatabaseSecrets(secrets) && isSecretFree(database) : secrets === undefined;
}

function plainPassword(password: StoredPassword): StoredPassword {
  switch (password.kind) {
    case 'remembered':
      return { kind: 'remembered', value: password.value };
    case 'none':
      return { kind: 'none' };
    case 'ask':
      return { kind: 'ask', why: password.why };
  }
}

function plainSecrets({ proxyToken, password }: DatabaseSecrets): DatabaseSecrets {
  return { ...(proxyToken !== undefined ? { proxyToken } : {}), password: plainPassword(password) };
}

/** Only the known fields of a database config, for the same reason as plainNotebook. */
function plainDatabase(database: DatabaseConfig): DatabaseConfig {
  if (database.kind === 'pglite') return { kind: 'pglite', storage: database.storage, name: database.name };
  const { proxyUrl, connectionString, statementTimeoutMs } = database;
  return { kind: 'remote', proxyUrl, connectionString, ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}) };
}

/** Only the known fields of an import report, for the same reason as plainNotebook. */
function plainImportReport({ fileName, python, sql, markdown, notes }: ImportReport): ImportReport {
  return { fileName, python, sql, ...(markdown !== undefined ? { markdown } : {}), notes: notes.map(({ kind, cells, message }) => ({ kind, cells: [...cells], message })) };
}

/** The runtime twin of StoredNotebook: a corrupted record must not reach the UI. */
export function isStoredNotebook(value: unknown): value is StoredNotebook {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.title === 'string' &&
    Array.isArray(value.cells) &&
    value.cells.every(isStoredCell) &&
    isDatabaseConfig(value.database) &&
    hasSecretsWhereDue(value.database, value.secrets) &&
    // A missing or unknown trust level is not read as trusted: the record is skipped.
    TRUST_LEVELS.has(value.trust) &&
    (value.importReport === undefined || isImportReport(value.importReport)) &&
    Number.isFinite(value.createdAt) &&
    Number.isFinite(value.updatedAt)
  );
}

/** The notebook without its import report (dismissed, or unreadable). */
export function withoutImportReport(notebook: StoredNotebook): StoredNotebook {
  const { importReport: _report, ...rest } = notebook;
  return rest;
}

/**
 * A record read back from IndexedDB, or undefined when it is not a notebook. A record
 * whose only fault is its import report is read without it: the report is a note about
 * the import, derived and dismissable, while the cells are the user's work, which a bad
 * note must never hide. The report is gone from disk at the next write of the notebook.
 */
export function readStoredNotebook(value: unknown): StoredNotebook | undefined {
  if (isStoredNotebook(value)) return value;
  if (!isRecord(value)) return undefined;
  // Likewise a cell's table/chart views and its collapsed output: a bad one is read as
  // none (the table, expanded).
  const cells = Array.isArray(value.cells) ? value.cells.map(withoutInvalidView) : value.cells;
  const { importReport, ...rest }: Record<string, unknown> = { ...value, cells };
  if (isStoredNotebook(rest) && importReport === undefined) return rest;
  const withReport = { ...rest, importReport };
  if (isStoredNotebook(withReport)) return withReport;
  return isStoredNotebook(rest) ? rest : undefined;
}

function withoutInvalidView(cell: unknown): unknown {
  if (!isRecord(cell)) return cell;
  const { view, displayViews, outputCollapsed, ...rest } = cell;
  return {
    ...rest,
    ...(view !== undefined && isOutputView(view) ? { view } : {}),
    ...(displayViews !== undefined && isDisplayViews(displayViews) ? { displayViews } : {}),
    ...(outputCollapsed === true ? { outputCollapsed } : {}),
  };
}

/**
 * A plain copy with only the known fields. The UI may hand us Solid store proxies or
 * objects with extra properties; IndexedDB cannot clone proxies, and one unclonable
 * notebook would fail the whole batch it is written in.
 */
export function plainNotebook(notebook: StoredNotebook, updatedAt: number = notebook.updatedAt): StoredNotebook {
  return {
    id: notebook.id,
    title: notebook.title,
    cells: notebook.cells.map(({ id, kind: cellKind, code, resultName, view, displayViews, outputCollapsed }) => {
      const displays = displayViews === undefined ? undefined : plainDisplayViews(displayViews);
      return {
        id,
        kind: cellKind,
        code,
        ...(resultName === undefined ? {} : { resultName }),
        ...(view === undefined ? {} : { view: plainOutputView(view) }),
        ...(displays === undefined ? {} : { displayViews: displays }),
        // Only a collapsed output is written: expanded is the default, as in older records.
        ...(outputCollapsed === true ? { outputCollapsed: true } : {}),
      };
    }),
    database: plainDatabase(notebook.database),
    ...(notebook.secrets ? { secrets: plainSecrets(notebook.secrets) } : {}),
    trust: notebook.trust,
    ...(notebook.importReport ? { importReport: plainImportReport(notebook.importReport) } : {}),
    createdAt: notebook.createdAt,
    updatedAt,
  };
}
