import { describe, expect, it } from 'vitest';
import { NotebookFileError } from '../../src/files/errors';
import { importIpynb } from '../../src/files/ipynb-format';
import type { NotebookFile, NotebookFileCell } from '../../src/files/types';

const DB = { kind: 'pglite', storage: 'auto', name: '' } as const;

function ipynb(cells: readonly unknown[], metadata: unknown = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells });
}
const code = (source: unknown): unknown => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
const markdown = (source: unknown): unknown => ({ cell_type: 'markdown', metadata: {}, source });
const result = (cells: readonly NotebookFileCell[], title = 'Imported notebook', database: NotebookFile['database'] = DB): NotebookFile => ({ title, cells, database });
const remote = (url: string): NotebookFile['database'] => ({ kind: 'remote', url });

const cases: readonly [string, string, NotebookFile][] = [
  ['empty notebook', ipynb([]), result([])],
  ['source as a string', ipynb([code('x = 1\nprint(x)')]), result([{ kind: 'python', code: 'x = 1\nprint(x)' }])],
  ['source as a list of lines', ipynb([code(['x = 1\n', 'print(x)'])]), result([{ kind: 'python', code: 'x = 1\nprint(x)' }])],
  ['empty source list', ipynb([code([])]), result([{ kind: 'python', code: '' }])],
  ['markdown and raw cells are skipped', ipynb([markdown('# Title'), code('a = 1'), { cell_type: 'raw', source: 'x' }, code('b = 2')]), result([{ kind: 'python', code: 'a = 1' }, { kind: 'python', code: 'b = 2' }])],
  ['%%sql cell', ipynb([code(['%%sql\n', 'SELECT 1\n', 'FROM t'])]), result([{ kind: 'sql', code: 'SELECT 1\nFROM t' }])],
  ['%%sql arguments are ignored but a connection string, which is the database', ipynb([code('%%sql postgresql://u@h/db --no-index\nSELECT 2')]), result([{ kind: 'sql', code: 'SELECT 2' }], undefined, remote('postgresql://u@h/db'))],
  [
    'a %sql connection cell becomes the database (first one wins; the cell is dropped), a SQLAlchemy driver suffix is dropped',
    ipynb([code('%load_ext sql'), code(['%sql postgresql+psycopg2://ada:pw@db:5432/app\n', '\n']), code('%%sql df << \nSELECT 1'), code('%sql postgresql://other@h/x\nx = 1')]),
    result([{ kind: 'python', code: '%load_ext sql' }, { kind: 'sql', code: 'SELECT 1', resultName: 'df' }, { kind: 'python', code: '%sql postgresql://other@h/x\nx = 1' }], undefined, remote('postgresql://ada:pw@db:5432/app')),
  ],
  ['%%sql connection and result name', ipynb([code('%%sql postgres://u@h/db df <<\nSELECT 6')]), result([{ kind: 'sql', code: 'SELECT 6', resultName: 'df' }], undefined, remote('postgres://u@h/db'))],
  ['other %sql lines are kept as they are', ipynb([code('%sql SELECT 1')]), result([{ kind: 'python', code: '%sql SELECT 1' }])],
  ['%%sql name << sets the result name', ipynb([code('%%sql df <<\nSELECT 3')]), result([{ kind: 'sql', code: 'SELECT 3', resultName: 'df' }])],
  ['%%sql with an invalid name <<', ipynb([code('%%sql 1x <<\nSELECT 4')]), result([{ kind: 'sql', code: 'SELECT 4' }])],
  ['%%sql alone', ipynb([code('%%sql')]), result([{ kind: 'sql', code: '' }])],
  ['%%sql with CRLF', ipynb([code('%%sql df <<\r\nSELECT 5\r\n')]), result([{ kind: 'sql', code: 'SELECT 5\r\n', resultName: 'df' }])],
  ['%%sql only on the first line', ipynb([code('x = 1\n%%sql\nSELECT 1')]), result([{ kind: 'python', code: 'x = 1\n%%sql\nSELECT 1' }])],
  ['%%sqlite is not %%sql', ipynb([code('%%sqlite\nSELECT 1')]), result([{ kind: 'python', code: '%%sqlite\nSELECT 1' }])],
  ['title from metadata', ipynb([], { title: 'My analysis', kernelspec: { name: 'python3' } }), result([], 'My analysis')],
  ['blank title falls back', ipynb([], { title: '  ' }), result([])],
  ['non-string title falls back', ipynb([], { title: 42 }), result([])],
];

describe('importIpynb', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    expect(importIpynb(text)).toEqual(expected);
  });
});

function failure(text: string): unknown {
  try {
    return { returned: importIpynb(text) };
  } catch (error) {
    return error instanceof NotebookFileError ? { error: error.message, line: error.line } : { unexpected: String(error) };
  }
}

const invalid: readonly [string, string, string][] = [
  ['not JSON', '{"nbformat": 4,', 'Not a Jupyter notebook: the file is not valid JSON.'],
  ['a .py file', '# Ripple notebook\n', 'Not a Jupyter notebook: the file is not valid JSON.'],
  ['JSON array', '[]', 'Not a Jupyter notebook: expected a JSON object.'],
  ['JSON null', 'null', 'Not a Jupyter notebook: expected a JSON object.'],
  ['nbformat 3', JSON.stringify({ nbformat: 3, worksheets: [] }), 'Unsupported notebook format (nbformat 3): only nbformat 4 can be imported.'],
  ['nbformat missing', JSON.stringify({ cells: [] }), 'Unsupported notebook format (a missing or invalid "nbformat"): only nbformat 4 can be imported.'],
  ['nbformat as a string', JSON.stringify({ nbformat: '4', cells: [] }), 'Unsupported notebook format (a missing or invalid "nbformat"): only nbformat 4 can be imported.'],
  ['cells not a list', JSON.stringify({ nbformat: 4, cells: {} }), 'Not a Jupyter notebook: "cells" must be a list.'],
  ['cell without a type', ipynb([code('x'), { source: 'y' }]), 'Cell 2 is not a notebook cell: expected an object with a "cell_type".'],
  ['cell that is not an object', ipynb(['x = 1']), 'Cell 1 is not a notebook cell: expected an object with a "cell_type".'],
  ['source as a number', ipynb([code(1)]), 'Cell 1: "source" must be a string or a list of strings.'],
  ['source list with a number', ipynb([markdown('x'), code(['a', 2])]), 'Cell 2: "source" must be a string or a list of strings.'],
  ['more than 10,000 code cells', ipynb(Array.from({ length: 10_001 }, () => code(''))), 'A notebook file can hold at most 10000 cells.'],
  ['over 20 MB', ipynb([code('x'.repeat(21 * 1024 * 1024))]), 'The file is larger than 20 MB.'],
];

describe('importIpynb rejects invalid input', () => {
  it.each(invalid)('%s', (_name, text, message) => {
    expect(failure(text)).toEqual({ error: message, line: undefined });
  });
});
