/**
 * Issue 10, points 1–4 and 6–7: each table row is the shape of a real notebook cell that
 * the old importer got wrong (ipython-sql and jupysql documentation, shell-heavy notebooks,
 * nbformat 3 files). Whole fixture notebooks and the report are in ipynb-fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ImportNote } from '../../src/files/import-report';
import { importIpynb } from '../../src/files/ipynb-format';
import type { NotebookFileCell } from '../../src/files/types';
import { code, failure, ipynb, markdown } from './ipynb-helpers';

const cellsOf = (...sources: string[]): readonly NotebookFileCell[] => importIpynb(ipynb(sources.map(code)), 'n.ipynb').file.cells;
const notesOf = (...sources: string[]): readonly ImportNote[] => importIpynb(ipynb(sources.map(code)), 'n.ipynb').report.notes;
const sql = (text: string, resultName?: string): NotebookFileCell => ({ kind: 'sql', code: text, ...(resultName !== undefined ? { resultName } : {}) });

describe('1. the SQL on a %%sql magic line belongs to the cell', () => {
  const cases: readonly [string, string, NotebookFileCell][] = [
    ['ipython-sql README: name << and the first line of the query', '%%sql writers << select first_name, year_of_death\nfrom writer', sql('select first_name, year_of_death\nfrom writer', 'writers')],
    ['connection, name and query on one line', '%%sql postgresql://u@h/db df << select 1', sql('select 1', 'df')],
    ['flags, then the query', '%%sql --no-index select 2\nunion all select 3', sql('select 2\nunion all select 3')],
    ['the whole query on the line', '%%sql SELECT 1 AS one', sql('SELECT 1 AS one')],
    ['name << alone on the line', '%%sql df <<\nSELECT 3', sql('SELECT 3', 'df')],
    ['%sql one-liner with name =', 'df = %sql select 4', sql('select 4', 'df')],
    ['%sql one-liner with name <<', '%sql df << select 5', sql('select 5', 'df')],
    ['a multi-column table definition (it once hung the importer)', '%%sql\ncreate table w (a text, b int)', sql('create table w (a text, b int)')],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(cellsOf(source)).toEqual([expected]);
  });

  it('the cell that reads the result name finds it', () => {
    const cells = cellsOf('%%sql writers << select first_name\nfrom writer', "print(len(writers), 'writers')");
    expect(cells[0]).toEqual(sql('select first_name\nfrom writer', 'writers'));
  });
});

describe('2. other tools’ templates become bound {name} values, or the cell is flagged', () => {
  const converted: readonly [string, string[], string][] = [
    ['jupysql Jinja {{threshold}}', ['threshold = 38', '%%sql\nSELECT * FROM p WHERE bill > {{threshold}}'], 'SELECT * FROM p WHERE bill > {threshold}'],
    ['Jinja with spaces {{ threshold }}', ['threshold = 38', '%%sql\nSELECT {{ threshold }}'], 'SELECT {threshold}'],
    ['ipython-sql :name (a SQLAlchemy bind)', ["name = 'Brecht'", '%%sql\nselect * from writer where last_name = :name'], 'select * from writer where last_name = {name}'],
    ['a :: cast is not a bind', ['%%sql\nselect 1::int, now()::date'], 'select 1::int, now()::date'],
    ['ipython-sql $name of a defined variable', ['n = 3', '%%sql\nselect * from t limit $n'], 'select * from t limit {n}'],
    ['$name of an unknown name stays', ['%%sql\nselect $undefined_thing'], 'select $undefined_thing'],
    ['$1 stays', ['%%sql\nselect $1'], 'select $1'],
    ["'{name}' of a defined variable", ["name = 'Brecht'", "%%sql\nselect * from writer where last_name = '{name}'"], 'select * from writer where last_name = {name}'],
    ["'%{name}%' keeps the pattern", ["name = 'Bre'", "%%sql\nselect * from w where n like '%{name}%'"], "select * from w where n like ('%' || {name} || '%')"],
    ["'{red}' array literal of an unknown name stays", ["%%sql\nselect '{red}'::text[], t @> '{AAA}' from x"], "select '{red}'::text[], t @> '{AAA}' from x"],
    ['JSON path of an unknown name stays', ["%%sql\nselect doc #> '{a}' from d"], "select doc #> '{a}' from d"],
    ['a $$ body is left alone', ["n = 1", '%%sql\ncreate function f() returns int as $$ select $n $$ language sql'], 'create function f() returns int as $$ select $n $$ language sql'],
  ];
  it.each(converted)('%s', (_name, sources, expected) => {
    const cells = cellsOf(...sources);
    expect(cells[cells.length - 1]).toEqual(sql(expected));
    expect(notesOf(...sources).filter((n) => n.kind === 'review')).toEqual([]);
  });

  const flagged: readonly [string, string[], RegExp][] = [
    ['ipython-sql README: a string variable pasted as a column name', ["col = 'first_name'\nname = 'Brecht'", "%%sql\nselect * from writer where {col} = '{name}'"], /\{col\} pastes the Python string col/],
    ["{col} = 'Brecht' with no known value", ["%%sql\nselect * from writer where {col} = 'Brecht'"], /\{col\} sits where a column or table name goes \(compared with the constant 'Brecht'\)/],
    ['a table name after FROM', ['%%sql\nselect * from {table_name}'], /\{table_name\} sits where a column or table name goes \(after FROM\)/],
    ['a qualified name', ['%%sql\nselect {t}.id from t'], /in a qualified name/],
    ['jupysql {{tbl}} of a string', ["tbl = 'penguins'", '%%sql\nselect * from {{tbl}}'], /\{\{tbl\}\} pastes the Python string tbl/],
    ['$col of a string', ["col = 'x'", '%%sql\nselect $col from t'], /\$col pastes the Python string col/],
  ];
  it.each(flagged)('%s is flagged for review', (_name, sources, message) => {
    const notes = notesOf(...sources).filter((n) => n.kind === 'review');
    expect(notes.map((n) => n.message).join('\n')).toMatch(message);
    expect(notes.every((n) => n.cells.length === 1 && n.cells[0] === sources.length)).toBe(true);
    const cells = cellsOf(...sources);
    expect(cells[cells.length - 1]?.code).toMatch(/^-- Ripple: review this query: /);
  });

  it('Jinja logic cannot be translated: the query is commented out with its reason', () => {
    const cells = cellsOf("%%sql\n{% for s in ['a'] %}\nSELECT '{{s}}';\n{% endfor %}");
    expect(cells).toEqual([sql("-- Ripple: this query is commented out: it uses Jinja template logic ({% … %}), which Ripple cannot run. Rewrite it with {name} values.\n-- {% for s in ['a'] %}\n-- SELECT '{{s}}';\n-- {% endfor %}")]);
  });

  it('a Jinja filter is more than a name: commented out', () => {
    expect(cellsOf('%%sql\nselect {{ x | upper }}')[0]?.code).toMatch(/^-- Ripple: this query is commented out: it uses a Jinja expression \(\{\{ x \| upper \}\}\)/);
  });
});

describe('3. jupysql flags', () => {
  it('--save and --with become CTEs, in dependency order, and --no-execute is kept as a comment', () => {
    const cells = cellsOf(
      "%%sql --save biscoe --no-execute\nSELECT * FROM penguins WHERE island = 'Biscoe'",
      '%%sql --save long_bills\nSELECT * FROM biscoe WHERE bill_length_mm > 40',
      '%%sql --with long_bills\nSELECT species, count(*) FROM long_bills GROUP BY species',
    );
    expect(cells).toEqual([
      sql("-- Ripple: jupysql --no-execute: it was saved as biscoe, not run, so it is commented out here.\n-- SELECT * FROM penguins WHERE island = 'Biscoe'"),
      sql("WITH biscoe AS (\nSELECT * FROM penguins WHERE island = 'Biscoe'\n)\nSELECT * FROM biscoe WHERE bill_length_mm > 40"),
      sql("WITH biscoe AS (\nSELECT * FROM penguins WHERE island = 'Biscoe'\n),\nlong_bills AS (\nSELECT * FROM biscoe WHERE bill_length_mm > 40\n)\nSELECT species, count(*) FROM long_bills GROUP BY species"),
    ]);
  });

  it('a query with its own WITH gets the snippets first in the same WITH list', () => {
    const cells = cellsOf('%%sql --save a\nselect 1 as x', '%%sql\nwith b as (select x from a) select * from b');
    expect(cells[1]).toEqual(sql('with a AS (\nselect 1 as x\n),\nb as (select x from a) select * from b'.replace(/^with/, 'WITH')));
  });

  const reported: readonly [string, string, ImportNote['kind'], RegExp][] = [
    ['--with a name never saved', '%%sql --with nowhere\nselect 1', 'review', /--with nowhere: no earlier cell saves a snippet called nowhere/],
    ['--save of two statements', '%%sql --save two\nselect 1; select 2', 'review', /--save two: it holds more than one statement/],
    ['--alias', '%%sql --alias shop\nselect 1', 'dropped', /%%sql --alias shop was ignored/],
    ['--connection', '%%sql --connection shop\nselect 1', 'dropped', /%%sql --connection shop was ignored/],
    ['--persist', '%%sql --persist df', 'dropped', /--persist df was ignored/],
  ];
  it.each(reported)('%s is reported', (_name, source, kind, message) => {
    expect(notesOf(source).filter((n) => n.kind === kind).map((n) => n.message).join('\n')).toMatch(message);
  });
});

describe('4. magics that cannot run are commented out with their reason; %sql lines are SQL', () => {
  const cases: readonly [string, string, NotebookFileCell[]][] = [
    ['%sql one-liner', '%sql select count(*) from writer', [sql('select count(*) from writer')]],
    ['%sql lines split a Python cell', 'x = 1\n%sql select {x}\ny = 2', [{ kind: 'python', code: 'x = 1' }, sql('select {x}'), { kind: 'python', code: 'y = 2' }]],
    ['%%bash', '%%bash\necho hi', [{ kind: 'python', code: '# Ripple: this %%bash cell is commented out: shell and other interpreters cannot run in the browser.\n# %%bash\n# echo hi' }]],
    ['%%javascript', "%%javascript\nalert('x')", [{ kind: 'python', code: "# Ripple: this %%javascript cell is commented out: Ripple runs no JavaScript from a notebook in its page.\n# %%javascript\n# alert('x')" }]],
    ['%%perl', '%%perl\nprint 1;', [{ kind: 'python', code: '# Ripple: this %%perl cell is commented out: shell and other interpreters cannot run in the browser.\n# %%perl\n# print 1;' }]],
    ['%%capture keeps its Python, comments out its shell line', '%%capture\nx = 1\n!make', [{ kind: 'python', code: '# Ripple: commented out shell commands (!): they cannot run in the browser.\nx = 1\n# !make' }]],
    ['!cmd', '!ls -la', [{ kind: 'python', code: '# Ripple: commented out shell commands (!): they cannot run in the browser.\n# !ls -la' }]],
    ['%load_ext', '%load_ext sql', [{ kind: 'python', code: "# Ripple: commented out IPython magics (%load_ext): Ripple's Python is plain Python.\n# %load_ext sql" }]],
    ['%matplotlib', '%matplotlib inline', [{ kind: 'python', code: "# Ripple: commented out IPython magics (%matplotlib): Ripple's Python is plain Python.\n# %matplotlib inline" }]],
    ['%pip install', '%pip install requests', [{ kind: 'python', code: "# Ripple: commented out package installs (%pip): Ripple's Python runs in the browser and cannot install packages.\n# %pip install requests" }]],
    ['!pip install', '!pip install requests', [{ kind: 'python', code: "# Ripple: commented out package installs (!pip): Ripple's Python runs in the browser and cannot install packages.\n# !pip install requests" }]],
    ['an indented !cmd keeps the block valid', "for f in ['a']:\n    !echo {f}", [{ kind: 'python', code: "# Ripple: commented out shell commands (!): they cannot run in the browser.\nfor f in ['a']:\n    pass  # !echo {f}" }]],
    ['files = !ls', 'files = !ls', [{ kind: 'python', code: '# Ripple: commented out shell commands (!): they cannot run in the browser.\n# files = !ls' }]],
    ['%time is removed, the statement kept', '%time s = sum(range(3))', [{ kind: 'python', code: 's = sum(range(3))' }]],
    ['%%time keeps the body', '%%time\ns = 1', [{ kind: 'python', code: 's = 1' }]],
    ['a password in a commented-out line is redacted', '!psql postgresql://u:hunter2@h/db', [{ kind: 'python', code: '# Ripple: commented out shell commands (!): they cannot run in the browser.\n# !psql postgresql://u@h/db' }]],
    ['x = 5 % 3 is Python', 'x = 5 % 3\ny = x != 2', [{ kind: 'python', code: 'x = 5 % 3\ny = x != 2' }]],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(cellsOf(source)).toEqual(expected);
  });

  it('each commented-out cell is named in the report', () => {
    const notes = notesOf('%%bash\necho', '!ls', 'x = 1');
    expect(notes.filter((n) => n.kind === 'commented-out')).toEqual([
      { kind: 'commented-out', cells: [1], message: '%%bash cell: shell and other interpreters cannot run in the browser' },
      { kind: 'commented-out', cells: [2], message: 'Commented out: shell commands (!): they cannot run in the browser' },
    ]);
  });
});

describe('6. the title', () => {
  const cases: readonly [string, string, string, string][] = [
    ['metadata title', ipynb([markdown('# Heading')], { title: 'My analysis' }), 'x.ipynb', 'My analysis'],
    ['first Markdown heading', ipynb([code('x = 1'), markdown('Some text\n\n## Sales *by* [region](http://x)')]), 'x.ipynb', 'Sales by region'],
    ['setext heading', ipynb([markdown('Quarterly report\n================')]), 'x.ipynb', 'Quarterly report'],
    ['file name without .ipynb', ipynb([code('x = 1')]), 'sales-2024.ipynb', 'sales-2024'],
    ['file name from a path', ipynb([]), 'C:\\work\\Q3 review.ipynb', 'Q3 review'],
    ['blank metadata title falls back', ipynb([markdown('# Real title')], { title: '  ' }), 'x.ipynb', 'Real title'],
    ['a password in a heading link is redacted', ipynb([markdown('# Data from postgresql://u:pw@h/db')]), 'x.ipynb', 'Data from postgresql://u@h/db'],
    ['no name at all', ipynb([]), '.ipynb', 'Imported notebook'],
  ];
  it.each(cases)('%s', (_name, text, fileName, title) => {
    expect(importIpynb(text, fileName).file.title).toBe(title);
  });
});

describe('7. nbformat 3 is converted; 1 and 2 get a clear message', () => {
  it('worksheets become cells, input becomes source, heading cells become headings', () => {
    const v3 = JSON.stringify({
      nbformat: 3,
      nbformat_minor: 0,
      metadata: { name: '' },
      worksheets: [
        { cells: [{ cell_type: 'heading', level: 2, source: ['Old ', 'work'] }, { cell_type: 'code', language: 'python', input: ['a = 1\n', 'b = a'], outputs: [] }] },
        { cells: [{ cell_type: 'code', input: '%%sql\nselect {b}', outputs: [{ output_type: 'pyout' }] }] },
      ],
    });
    const { file, report } = importIpynb(v3, 'old.ipynb');
    expect(file.title).toBe('Old work');
    expect(file.cells).toEqual([
      { kind: 'markdown', code: '## Old work' },
      { kind: 'python', code: 'a = 1\nb = a' },
      sql('select {b}'),
    ]);
    expect(report.notes[0]).toEqual({ kind: 'converted', cells: [], message: 'nbformat 3 notebook, converted to nbformat 4 (worksheets → cells, input → source)' });
  });

  const refused: readonly [string, string, string][] = [
    ['nbformat 2', JSON.stringify({ nbformat: 2, worksheets: [] }), /nbformat 2/.source],
    ['nbformat 1', JSON.stringify({ nbformat: 1, worksheets: [] }), /nbformat 1/.source],
    ['nbformat 5', JSON.stringify({ nbformat: 5, cells: [] }), /nbformat 5/.source],
  ];
  it.each(refused)('%s is refused with a clear message', (_name, text, version) => {
    const result = failure(text);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(new RegExp(`Unsupported notebook format \\(${version}[,)].*nbformat 3 and 4`));
  });

  it('nbformat 3 without worksheets is refused by name', () => {
    expect(failure(JSON.stringify({ nbformat: 3 }))).toEqual({ error: 'Not a Jupyter notebook: "worksheets" must be a list (nbformat 3).', line: undefined });
  });
});
