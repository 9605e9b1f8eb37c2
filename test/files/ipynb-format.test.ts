/**
 * Whole notebooks through importIpynb: the fixture set of real-world shapes (issue 10's
 * "done when"), the report each import carries (point 5), the basics of the format, and
 * invalid files. Every Python cell an import makes is compiled by real CPython.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isImportReport, summarizeImport, type ImportReport } from '../../src/files/import-report';
import { importIpynb, type ImportedNotebook } from '../../src/files/ipynb-format';
import type { NotebookFileCell } from '../../src/files/types';
import { code, failure, ipynb, markdown } from './ipynb-helpers';

const fixture = (name: string): ImportedNotebook => importIpynb(readFileSync(`test/fixtures/ipynb/${name}`, 'utf8'), name);
const FIXTURES = ['ipython-sql-writers.ipynb', 'jupysql-snippets.ipynb', 'shell-magics.ipynb', 'nbformat3.ipynb', 'markdown-only.ipynb'] as const;
const byKind = (report: ImportReport, kind: string): string[] => report.notes.filter((n) => n.kind === kind).map((n) => `${n.cells.join(',')}: ${n.message}`);

describe('the fixture notebooks', () => {
  it('ipython-sql README (writers): name << on the magic line, :name, {col}, sqlite, shell and pip', () => {
    const { file, report } = fixture('ipython-sql-writers.ipynb');
    expect(file.title).toBe('Writers');
    expect(file.database).toEqual({ kind: 'pglite', storage: 'auto', name: '' });
    expect(file.cells[3]).toEqual({ kind: 'sql', code: 'select first_name, year_of_death\nfrom writer\norder by year_of_death', resultName: 'writers' });
    expect(file.cells[4]).toEqual({ kind: 'python', code: "print(len(writers), 'writers')" });
    expect(file.cells[7]).toEqual({ kind: 'sql', code: 'select count(*) from writer where last_name = {name}' });
    expect(summarizeImport(report)).toBe('Imported 11 cells from ipython-sql-writers.ipynb: 6 Python, 4 SQL, 1 Markdown. 4 cells converted, 4 commented out, 1 to review, 2 dropped.');
    expect(byKind(report, 'review')).toEqual([
      "7: {col} pastes the Python string col into the query as SQL text (outside quotes), so it named a column, table or clause there; Ripple sends {col} as a bound value, which cannot",
    ]);
    expect(byKind(report, 'dropped')).toEqual([
      ": the connection sqlite:// was not kept: Ripple runs SQL on this notebook's own database (PGlite, or a PostgreSQL server in Database settings)",
      ': the saved outputs of 3 cells: Ripple computes outputs when the cells run',
    ]);
  });

  it('jupysql (penguins): the connection, --save/--with/--no-execute, {{threshold}}, Jinja logic, --alias', () => {
    const { file, report } = fixture('jupysql-snippets.ipynb');
    expect(file.title).toBe('Penguins with JupySQL');
    expect(file.database).toEqual({ kind: 'remote', url: 'postgresql://analyst@localhost:5432/shop' });
    expect(file.cells.map((c) => c.kind)).toEqual(['markdown', 'python', 'sql', 'sql', 'sql', 'sql', 'python', 'sql', 'sql']);
    expect(file.cells[5]?.code).toBe(
      "WITH biscoe AS (\nSELECT * FROM penguins WHERE island = 'Biscoe'\n),\nlong_bills AS (\nSELECT * FROM biscoe WHERE bill_length_mm > 40\n)\nSELECT species, count(*) FROM long_bills GROUP BY species",
    );
    expect(file.cells[7]?.code).toBe('SELECT species FROM penguins WHERE bill_length_mm > {threshold}');
    expect(file.cells[8]?.code).toMatch(/^-- Ripple: this query is commented out: it uses Jinja template logic/);
    expect(byKind(report, 'converted')).toContain('8: Jinja {{threshold}} became the bound value {threshold}');
    expect(byKind(report, 'dropped')).toEqual([
      ': %sql --alias shop was ignored: Ripple has one database per notebook and no such option',
      ": %sql postgresql://analyst@localhost:5432/shop: it connected to the database, which is now this notebook's database",
    ]);
    expect(byKind(report, 'commented-out')).toContain('9: The query was commented out: it uses Jinja template logic ({% … %}), which Ripple cannot run');
  });

  it('shell and pip magics: every cell is commented out or converted, and says why', () => {
    const { file, report } = fixture('shell-magics.ipynb');
    expect(file.cells.length).toBe(9);
    expect(file.cells.every((c) => c.kind === 'python')).toBe(true);
    expect(file.cells[5]?.code).toBe(
      "# Ripple: commented out IPython magics (%load_ext): Ripple's Python is plain Python; IPython magics (%autoreload): Ripple's Python is plain Python; shell commands (!): they cannot run in the browser.\n# %load_ext autoreload\n# %autoreload 2\nimport os\n# files = !ls\nfor f in ['a', 'b']:\n    pass  # !echo {f}\nprint('done')",
    );
    expect(summarizeImport(report)).toBe('Imported 9 cells from shell-magics.ipynb: 9 Python, 0 SQL, 0 Markdown. 4 cells converted, 6 commented out.');
  });

  it('nbformat 3: converted, titled from metadata.name', () => {
    const { file, report } = fixture('nbformat3.ipynb');
    expect(file.title).toBe('Old analysis');
    expect(file.cells.slice(2)).toEqual([
      { kind: 'python', code: 'x = 41\ny = x + 1' },
      { kind: 'sql', code: 'select {y} as answer' },
      { kind: 'markdown', code: '```\nraw text\n```' },
    ]);
    expect(file.cells.slice(0, 2)).toEqual([
      { kind: 'markdown', code: '# Old analysis' },
      { kind: 'markdown', code: 'Some *prose*.\nTwo lines.' },
    ]);
    expect(report.notes.map((n) => n.message)).toContain('raw cells, kept as Markdown code blocks: Ripple has no raw cells');
    expect(report.notes[0]?.message).toBe('nbformat 3 notebook, converted to nbformat 4 (worksheets → cells, input → source)');
  });

  it('Markdown only: the prose is kept, the attachment is reported as dropped', () => {
    const { file, report } = fixture('markdown-only.ipynb');
    expect(file.title).toBe('Notes for the team');
    expect(file.cells).toEqual([
      { kind: 'markdown', code: 'Notes for the team\n==================\n\nNothing to run here.\n' },
      { kind: 'markdown', code: '![chart](attachment:chart.png)\n\nThe chart above.' },
    ]);
    expect(summarizeImport(report)).toBe('Imported 2 cells from markdown-only.ipynb: 0 Python, 0 SQL, 2 Markdown. 1 dropped.');
    expect(byKind(report, 'dropped')).toEqual([': 1 attached image: Ripple cannot show images attached to Markdown cells yet']);
  });

  it('every report is one the store accepts', () => {
    for (const name of FIXTURES) expect(isImportReport(fixture(name).report)).toBe(true);
  });
});

describe('Markdown and raw cells', () => {
  it('empty Markdown cells are kept as they are (an export of them comes back the same)', () => {
    expect(importIpynb(ipynb([markdown(''), markdown('  \n')]), 'blank.ipynb').file.cells).toEqual([
      { kind: 'markdown', code: '' },
      { kind: 'markdown', code: '  \n' },
    ]);
  });
  it('a raw cell becomes a fenced block longer than any backtick run in it; a blank one is dropped', () => {
    const raw = (source: string) => ({ cell_type: 'raw', source });
    expect(importIpynb(ipynb([raw('a ``` b\n'), raw('  ')]), 'raw.ipynb').file.cells).toEqual([{ kind: 'markdown', code: '````\na ``` b\n````' }]);
  });
});

describe('5. a notebook that loses everything says so', () => {
  const cases: readonly [string, string, string][] = [
    ['no cells', ipynb([]), 'the file has no cells'],
    ['only unknown cell types', ipynb([{ cell_type: 'widget', source: 'x' }]), 'no cell of the file holds anything Ripple can keep'],
    ['only a connection', ipynb([code('%sql postgresql://u@h/db')]), 'no cell of the file holds anything Ripple can keep'],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    const { file, report } = importIpynb(text, 'gone.ipynb');
    expect(file.cells).toEqual([]);
    expect(summarizeImport(report)).toMatch(/^No cells imported from gone\.ipynb\./);
    expect(report.notes.filter((n) => n.kind === 'dropped').map((n) => n.message)).toContain(message);
  });
});

describe('the format', () => {
  const cases: readonly [string, string, NotebookFileCell[]][] = [
    ['source as a string', ipynb([code('x = 1\nprint(x)')]), [{ kind: 'python', code: 'x = 1\nprint(x)' }]],
    ['source as a list of lines', ipynb([code(['x = 1\n', 'print(x)'])]), [{ kind: 'python', code: 'x = 1\nprint(x)' }]],
    // Kept as it is: an exported empty cell comes back (ipynb-export.test.ts).
    ['an empty cell stays an empty cell', ipynb([code([]), code('  '), code('x = 1')]), [{ kind: 'python', code: '' }, { kind: 'python', code: '  ' }, { kind: 'python', code: 'x = 1' }]],
    ['%%sql with CRLF', ipynb([code('%%sql df <<\r\nSELECT 5\r\n')]), [{ kind: 'sql', code: 'SELECT 5\r\n', resultName: 'df' }]],
    ['%%sql alone', ipynb([code('%%sql')]), [{ kind: 'sql', code: '' }]],
    ['%%sqlite is not %%sql', ipynb([code('%%sqlite\nSELECT 1')]), [{ kind: 'python', code: '# Ripple: this %%sqlite cell is commented out: Ripple does not know the %%sqlite magic.\n# %%sqlite\n# SELECT 1' }]],
    ['a connection with a driver suffix loses it', ipynb([code('%sql postgresql+psycopg2://ada@db:5432/app'), code('x = 1')]), [{ kind: 'python', code: 'x = 1' }]],
  ];
  it.each(cases)('%s', (_name, text, cells) => {
    expect(importIpynb(text, 'n.ipynb').file.cells).toEqual(cells);
  });

  it('the first PostgreSQL connection is the database, with the driver suffix dropped', () => {
    const text = ipynb([code('%sql postgresql+psycopg2://ada@db:5432/app'), code('%sql postgresql://other@h/x')]);
    expect(importIpynb(text, 'n.ipynb').file.database).toEqual({ kind: 'remote', url: 'postgresql://ada@db:5432/app' });
  });
});

const COMPILE_ALL = `
import json, sys
bad = []
for i, src in enumerate(json.load(sys.stdin)):
    try:
        compile(src, 'cell %d' % i, 'exec')
    except SyntaxError as e:
        bad.append([i, str(e), src])
print(json.dumps(bad))
`;

describe('every Python cell an import makes is valid Python', () => {
  it('for the fixtures and the magic shapes', () => {
    const extra = ipynb(
      ['%%bash\necho', "for f in ['a']:\n    !echo {f}\n    %time x = 1", 'if True:\n    %matplotlib inline', '%%capture\n!ls', '%%html\n<b>x</b>', 'x = %sql select 1'].map(code),
    );
    const sources = [...FIXTURES.map(fixture), importIpynb(extra, 'extra.ipynb')].flatMap(({ file }) => file.cells.filter((c) => c.kind === 'python').map((c) => c.code));
    expect(sources.length).toBeGreaterThan(20);
    expect(JSON.parse(execFileSync('python3', ['-c', COMPILE_ALL], { input: JSON.stringify(sources), encoding: 'utf8' }))).toEqual([]);
  });
});

const invalid: readonly [string, string, string][] = [
  ['not JSON', '{"nbformat": 4,', 'Not a Jupyter notebook: the file is not valid JSON.'],
  ['a .py file', '# Ripple notebook\n', 'Not a Jupyter notebook: the file is not valid JSON.'],
  ['JSON array', '[]', 'Not a Jupyter notebook: expected a JSON object.'],
  ['nbformat missing', JSON.stringify({ cells: [] }), 'Unsupported notebook format (a missing or invalid "nbformat"): Ripple imports nbformat 3 and 4.'],
  ['cells not a list', JSON.stringify({ nbformat: 4, cells: {} }), 'Not a Jupyter notebook: "cells" must be a list.'],
  ['cell without a type', ipynb([code('x'), { source: 'y' }]), 'Cell 2 is not a notebook cell: expected an object with a "cell_type".'],
  ['source as a number', ipynb([code(1)]), 'Cell 1: "source" must be a string or a list of strings.'],
  ['more than 10,000 cells', ipynb(Array.from({ length: 10_001 }, () => code('x'))), 'A notebook file can hold at most 10000 cells.'],
  ['over 20 MB', ipynb([code('x'.repeat(21 * 1024 * 1024))]), 'The file is larger than 20 MB.'],
];

describe('invalid files are refused with a clear message', () => {
  it.each(invalid)('%s', (_name, text, message) => {
    expect(failure(text)).toEqual({ error: message, line: undefined });
  });
});
