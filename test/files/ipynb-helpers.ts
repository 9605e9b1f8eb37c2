/** Builders for Jupyter notebook text, shared by the ipynb import tests. */
import { NotebookFileError } from '../../src/files/errors';
import { importIpynb } from '../../src/files/ipynb-format';

export function ipynb(cells: readonly unknown[], metadata: unknown = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });
}
export const code = (source: unknown): unknown => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
export const markdown = (source: unknown): unknown => ({ cell_type: 'markdown', metadata: {}, source });

/** The import's error message (and line), or what it returned. */
export function failure(text: string): unknown {
  try {
    return { returned: importIpynb(text, 'n.ipynb') };
  } catch (error) {
    return error instanceof NotebookFileError ? { error: error.message, line: error.line } : { unexpected: String(error) };
  }
}
