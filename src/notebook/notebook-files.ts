import { NotebookFileError } from '../files/errors';
import type { ImportReport } from '../files/import-report';
import { importIpynb } from '../files/ipynb-format';
import { exportIpynb } from '../files/ipynb-export';
import { exportPy, importPy, MAX_FILE_BYTES } from '../files/py-format';
import type { NotebookFile, NotebookFileDatabase } from '../files/types';
import { splitConnectionString } from '../store/database-secrets';
import type { DatabaseSecrets, StoredCell, StoredNotebook } from '../store/types';
import type { DatabaseConfig } from '../../workers/protocol';

/**
 * What a notebook file holds of a notebook: no ids, no secrets. The stored config holds no
 * password (its secrets are apart), and exportPy redacts the connection string all the
 * same; the proxy URL is not written (a file carries none).
 */
export function notebookFile(notebook: StoredNotebook): NotebookFile {
  return {
    title: notebook.title,
    cells: notebook.cells.map(({ kind, code, resultName, view, displayViews, outputCollapsed }) => ({
      kind,
      code,
      ...(resultName ? { resultName } : {}),
      ...(view ? { view } : {}),
      ...(displayViews ? { displayViews } : {}),
      ...(outputCollapsed ? { outputCollapsed } : {}),
    })),
    database: notebook.database.kind === 'remote' ? { kind: 'remote', url: notebook.database.connectionString } : notebook.database,
  };
}

/** Downloads the notebook as a `.py` file (the database password is never written). */
export function downloadNotebook(notebook: StoredNotebook): void {
  const text = exportPy(notebookFile(notebook));
  download(text, 'text/x-python', `${fileStem(notebook.title)}.py`);
}

/** Downloads the notebook as a Jupyter `.ipynb` file (no database settings, no password). */
export function downloadIpynb(notebook: StoredNotebook): void {
  download(exportIpynb(notebookFile(notebook)), 'application/x-ipynb+json', `${fileStem(notebook.title)}.ipynb`);
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

export interface NotebookFileContents {
  readonly title: string;
  readonly cells: StoredCell[];
  readonly database: NotebookFileDatabase;
  /** What the import changed: a `.ipynb` file only (a `.py` file is Ripple's own format). */
  readonly report?: ImportReport;
}

/** Reads a `.py` or `.ipynb` file; throws NotebookFileError (nothing is changed) when it is not valid. */
export async function readNotebookFile(file: File): Promise<NotebookFileContents> {
  if (file.size > MAX_FILE_BYTES) throw new NotebookFileError(`${file.name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  const text = await file.text();
  const { file: parsed, report }: { file: NotebookFile; report?: ImportReport } = file.name.toLowerCase().endsWith('.ipynb')
    ? importIpynb(text, file.name)
    : { file: importPy(text) };
  return {
    title: parsed.title,
    cells: parsed.cells.map((c) => ({
      id: crypto.randomUUID(),
      kind: c.kind,
      code: c.code,
      ...(c.resultName ? { resultName: c.resultName } : {}),
      ...(c.view ? { view: c.view } : {}),
      ...(c.displayViews ? { displayViews: c.displayViews } : {}),
      ...(c.outputCollapsed ? { outputCollapsed: c.outputCollapsed } : {}),
    })),
    database: parsed.database,
    ...(report ? { report } : {}),
  };
}

/**
 * The database settings a file asks for, for the new notebook `notebookId`. They are
 * stored with the notebook but reach the kernel only once the user confirms them
 * (src/notebook/trust.ts). A PGlite database is the notebook's own, named after it:
 * files carry no data. A remote one has no proxy URL (files carry none) and no password
 * (see {@link secretsFromFile}): the user is asked for both before it first connects.
 */
export function databaseFromFile(database: NotebookFileDatabase, notebookId: string): DatabaseConfig {
  if (database.kind === 'pglite') return { ...database, name: notebookId };
  return { kind: 'remote', proxyUrl: '', connectionString: splitConnectionString(database.url).withoutPassword };
}

/**
 * The secrets of a file's remote database: no proxy token, and the password asked for,
 * unless the file's connection string holds one (typed into the file by hand): that one
 * is kept, as if typed into the settings with Remember password ticked.
 */
export function secretsFromFile(database: NotebookFileDatabase): DatabaseSecrets | undefined {
  if (database.kind === 'pglite') return undefined;
  const { password } = splitConnectionString(database.url);
  return { password: password === undefined ? { kind: 'ask', why: 'from-file' } : { kind: 'remembered', value: password } };
}

export function describeFileError(error: unknown): string {
  if (error instanceof NotebookFileError) return error.line ? `Line ${error.line}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
