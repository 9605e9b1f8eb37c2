import { NotebookFileError } from '../files/errors';
import { importIpynb } from '../files/ipynb-format';
import { exportPy, importPy, MAX_FILE_BYTES } from '../files/py-format';
import type { NotebookFile, NotebookFileDatabase } from '../files/types';
import { defaultDatabase } from '../store/schema';
import type { StoredCell, StoredNotebook } from '../store/types';
import type { DatabaseConfig } from '../../workers/protocol';

/** Downloads the notebook as a `.py` file (the database password is never written). */
export function downloadNotebook(notebook: StoredNotebook): void {
  const text = exportPy({
    title: notebook.title,
    cells: notebook.cells.map(({ kind, code, resultName }) => ({ kind, code, ...(resultName ? { resultName } : {}) })),
    // The export redacts the connection string; the proxy URL (its token) is not written.
    database: notebook.database.kind === 'remote' ? { kind: 'remote', url: notebook.database.connectionString } : notebook.database,
  });
  download(text, 'text/x-python', `${fileStem(notebook.title)}.py`);
}

/** The notebook's database as a `.sql` file (see workers/sql/sql-dump.ts). */
export function downloadSqlDump(title: string, sql: string): void {
  download(sql, 'application/sql', `${fileStem(title)}.sql`);
}

function fileStem(title: string): string {
  return title.replace(/[^\w.-]+/g, '_') || 'notebook';
}

function download(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a `.py` or `.ipynb` file; throws NotebookFileError (nothing is changed) when it is not valid. */
export async function readNotebookFile(file: File): Promise<{ title: string; cells: StoredCell[]; database: NotebookFileDatabase }> {
  if (file.size > MAX_FILE_BYTES) throw new NotebookFileError(`${file.name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  const text = await file.text();
  const parsed: NotebookFile = file.name.toLowerCase().endsWith('.ipynb') ? importIpynb(text) : importPy(text);
  return {
    title: parsed.title,
    cells: parsed.cells.map((c) => ({ id: crypto.randomUUID(), kind: c.kind, code: c.code, ...(c.resultName ? { resultName: c.resultName } : {}) })),
    database: parsed.database,
  };
}

/**
 * The database settings a file asks for, for the new notebook `notebookId`. They are
 * stored with the notebook but reach the kernel only once the user confirms them
 * (src/notebook/trust.ts). A PGlite database is the notebook's own, named after it:
 * files carry no data.
 */
export function databaseFromFile(database: NotebookFileDatabase, notebookId: string): DatabaseConfig {
  // Remote databases are not a DatabaseConfig yet: such a file gets a local PGlite, as
  // before. The remote settings work maps it here to its remote config (no password: the
  // file has none, and the user is asked for it when it first connects).
  if (database.kind === 'remote') return defaultDatabase(notebookId);
  return { ...database, name: notebookId };
}

export function describeFileError(error: unknown): string {
  if (error instanceof NotebookFileError) return error.line ? `Line ${error.line}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
