import { describe, expect, it } from 'vitest';
import { exportIpynb } from '../../src/files/ipynb-export';
import { importIpynb } from '../../src/files/ipynb-format';
import type { NotebookFile } from '../../src/files/types';
import { prng } from '../support/prng';
import { md, nb, PGLITE, py, randomNotebook, sql } from './random-notebook';
import { notebookFile, readNotebookFile } from '../../src/notebook/notebook-files';
import type { StoredNotebook } from '../../src/store/types';

/**
 * What survives a trip through Jupyter: every cell, exactly, and the title as the importer
 * reads titles (trimmed; a blank one falls back to a heading or the file name). The
 * database is not in the file.
 */
const roundTrip = (notebook: NotebookFile): NotebookFile => {
  const { file } = importIpynb(exportIpynb(notebook), 'x.ipynb');
  return { ...file, title: notebook.title.trim() === '' ? notebook.title : file.title, database: PGLITE };
};
const cellsOnly = (notebook: NotebookFile): NotebookFile => ({ ...notebook, title: notebook.title.trim() === '' ? notebook.title : notebook.title.trim(), database: PGLITE });

describe('.ipynb export', () => {
  it('writes nbformat 4.5: cell ids, metadata, code cells without outputs, %%sql for SQL', () => {
    const doc = JSON.parse(exportIpynb(nb([md('# Title\n\nprose'), py('x = 1\ny = 2'), sql('SELECT {x}', 'df'), sql('')], 'T'))) as Record<string, unknown>;
    expect(doc).toEqual({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' }, title: 'T' },
      cells: [
        { id: 'cell-1', cell_type: 'markdown', metadata: {}, source: ['# Title\n', '\n', 'prose'] },
        { id: 'cell-2', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['x = 1\n', 'y = 2'] },
        { id: 'cell-3', cell_type: 'code', metadata: { ripple: { kind: 'sql', code: 'SELECT {x}', resultName: 'df' } }, execution_count: null, outputs: [], source: ['%%sql df <<\n', 'SELECT {{x}}'] },
        { id: 'cell-4', cell_type: 'code', metadata: { ripple: { kind: 'sql', code: '' } }, execution_count: null, outputs: [], source: ['%%sql'] },
      ],
    });
    const cells = doc.cells as { id: string }[];
    expect(cells.every((c) => /^[A-Za-z0-9_-]{1,64}$/.test(c.id))).toBe(true);
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
  });

  const notebooks: [string, NotebookFile][] = [
    ['every kind', nb([md('# Sales\n\nSee {limit} rows.'), py('limit = 10'), sql('SELECT * FROM t LIMIT {limit}', 'top'), py('print(top)')], 'Sales')],
    ['markdown edge cases', nb([md(''), md('\n'), md('a\r\nb  \n#\n😀'), md('```\ncode\n```')])],
    ['sql without a result name, empty python', nb([sql('SELECT 1'), py('')])],
  ];
  it.each(notebooks)('round trip: %s', (_name, notebook) => {
    expect(roundTrip(notebook)).toEqual(cellsOnly(notebook));
  });

  it('a chart view travels in metadata.ripple_view; a malformed one is ignored', () => {
    const chart = { kind: 'chart', chart: { mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' } } as const;
    const doc = JSON.parse(exportIpynb(nb([{ ...sql('SELECT 1', 'r'), view: chart }, { ...py('rows'), view: { kind: 'table' } }]))) as { cells: { metadata: Record<string, unknown> }[] };
    const exported = doc.cells.map((c) => c.metadata.ripple_view);
    doc.cells[0]!.metadata.ripple_view = { kind: 'chart', chart: { mark: 'pie' } };
    expect({ exported, imported: importIpynb(JSON.stringify(doc), 'x.ipynb').file.cells }).toEqual({
      exported: [chart, { kind: 'table' }],
      imported: [sql('SELECT 1', 'r'), { ...py('rows'), view: { kind: 'table' } }],
    });
  });

  it("a collapsed output travels as Jupyter's outputs_hidden and collapsed; outputs Jupyter hid come in collapsed", () => {
    const doc = JSON.parse(exportIpynb(nb([{ ...py('print(1)'), outputCollapsed: true }, { ...sql('SELECT 1', 'r'), outputCollapsed: true }, py('x = 1'), md('# Hi')]))) as { cells: { metadata: Record<string, unknown> }[] };
    const exported = doc.cells.map(({ metadata: { collapsed, jupyter } }) => ({ collapsed, jupyter }));
    const code = (metadata: Record<string, unknown>, source: string, extra: Record<string, unknown> = {}) => ({ cell_type: 'code', metadata, source, outputs: [], execution_count: null, ...extra });
    const fromJupyter = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [code({ jupyter: { outputs_hidden: true } }, 'a = 1'), code({ collapsed: true }, 'b = 2'), code({ collapsed: false, jupyter: { source_hidden: true } }, 'c = 3'), code({ jupyter: { outputs_hidden: 'yes' } }, 'd = 4')],
    };
    const nbformat3 = { nbformat: 3, nbformat_minor: 0, metadata: { name: 'old' }, worksheets: [{ cells: [{ cell_type: 'code', input: 'e = 5', collapsed: true, outputs: [] }] }] };
    expect({
      exported,
      back: importIpynb(JSON.stringify(doc), 'x.ipynb').file.cells,
      fromJupyter: importIpynb(JSON.stringify(fromJupyter), 'j.ipynb').file.cells,
      nbformat3: importIpynb(JSON.stringify(nbformat3), 'old.ipynb').file.cells,
    }).toEqual({
      exported: [
        { collapsed: true, jupyter: { outputs_hidden: true } },
        { collapsed: true, jupyter: { outputs_hidden: true } },
        { collapsed: undefined, jupyter: undefined },
        { collapsed: undefined, jupyter: undefined },
      ],
      back: [{ ...py('print(1)'), outputCollapsed: true }, { ...sql('SELECT 1', 'r'), outputCollapsed: true }, py('x = 1'), md('# Hi')],
      fromJupyter: [{ ...py('a = 1'), outputCollapsed: true }, { ...py('b = 2'), outputCollapsed: true }, py('c = 3'), py('d = 4')],
      nbformat3: [{ ...py('e = 5'), outputCollapsed: true }],
    });
  });

  it("a stored cell's collapsed output reaches the downloaded file and comes back from it as the import reads it", async () => {
    const stored: StoredNotebook = {
      id: 'n',
      title: 'Collapsed',
      cells: [
        { id: 'a', kind: 'python', code: 'print(1)', outputCollapsed: true },
        { id: 'b', kind: 'sql', code: 'SELECT 1', outputCollapsed: true },
        { id: 'c', kind: 'python', code: 'x = 1' },
      ],
      database: { kind: 'pglite', storage: 'auto', name: 'n' },
      trust: 'trusted',
      createdAt: 1,
      updatedAt: 1,
    };
    const read = await readNotebookFile(new File([exportIpynb(notebookFile(stored))], 'collapsed.ipynb'));
    expect(read.cells.map(({ id: _id, ...cell }) => cell)).toEqual(stored.cells.map(({ id: _id, ...cell }) => cell));
  });

  it('an exported SQL cell edited in Jupyter is read as any %%sql cell', () => {
    const doc = JSON.parse(exportIpynb(nb([sql('SELECT {x}', 'df')]))) as { cells: { source: string[] }[] };
    doc.cells[0]!.source = ['%%sql df <<\n', 'SELECT {{x}} + 1'];
    expect(importIpynb(JSON.stringify(doc), 'x.ipynb').file.cells).toEqual([sql('SELECT {x} + 1', 'df')]);
  });

  it('200 random notebooks round-trip exactly (cells and title)', () => {
    const random = prng(20240611);
    const failures = Array.from({ length: 200 }, () => randomNotebook(random, true, { views: true }))
      .map(cellsOnly)
      .filter((notebook) => JSON.stringify(roundTrip(notebook)) !== JSON.stringify(notebook));
    expect(failures.slice(0, 3)).toEqual([]);
  });
});
