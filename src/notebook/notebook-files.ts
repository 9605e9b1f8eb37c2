import { NotebookFileError } from '../files/errors';
import { importIpynb } from '../files/ipynb-format';
import { exportPy, importPy, MAX_FILE_BYTES } from '../files/py-format';
import type { NotebookFile } from '../files/types';
import type { StoredCell, StoredNotebook } from '../store/types';

/** Downloads the notebook as a `.py` file (the database password is never written). */
export function downloadNotebook(notebook: StoredNotebook): void {
  const text = exportPy({
    title: notebook.title,
    cells: notebook.cells.map(({ kind, code, resultName }) => ({ kind, code, ...(resultName ? { resultName } : {}) })),
    // The export redacts the connection string; the proxy URL (its token) is not written.
    database: notebook.database.kind === 'remote' ? { kind: 'remote', url: notebook.database.connectionString } : notebook.database,
  });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/x-python' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${notebook.title.replace(/[^\w.-]+/g, '_') || 'notebook'}.py`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a `.py` or `.ipynb` file; throws NotebookFileError (nothing is changed) when it is not valid. */
export async function readNotebookFile(file: File): Promise<{ title: string; cells: StoredCell[] }> {
  if (file.size > MAX_FILE_BYTES) throw new NotebookFileError(`${file.name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  const text = await file.text();
  const parsed: NotebookFile = file.name.toLowerCase().endsWith('.ipynb') ? importIpynb(text) : importPy(text);
  return {
    title: parsed.title,
    cells: parsed.cells.map((c) => ({ id: crypto.randomUUID(), kind: c.kind, code: c.code, ...(c.resultName ? { resultName: c.resultName } : {}) })),
  };
}

export function describeFileError(error: unknown): string {
  if (error instanceof NotebookFileError) return error.line ? `Line ${error.line}: ${error.message}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
