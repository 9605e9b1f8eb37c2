import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotebookFileError } from '../../src/files/errors';
import { exportPy, importPy } from '../../src/files/py-format';
import type { NotebookFile, NotebookFileCell, NotebookFileDatabase } from '../../src/files/types';
import { prng } from '../support/prng';
import { md, nb, py, randomNotebook, sql } from './random-notebook';
import { databaseFromFile, notebookFile, secretsFromFile } from '../../src/notebook/notebook-files';
import { splitSecrets } from '../../src/store/database-secrets';
import type { StoredNotebook } from '../../src/store/types';
import type { OutputView } from '../../src/charts/settings';

const withView = (cell: NotebookFileCell, view: OutputView): NotebookFileCell => ({ ...cell, view });
const CHART: OutputView = { kind: 'chart', chart: { mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' } };

/** Every notebook here has Python cells that are valid Python, so the whole file must be. */
const notebooks: readonly [string, NotebookFile][] = [
  ['empty notebook', nb([])],
  ['empty title and empty cells', nb([py(''), sql('')], '')],
  ['typical', nb([py('limit = 10'), sql('SELECT * FROM t LIMIT {limit}', 'top'), py('print(top)')])],
  ['every storage', nb([py('x = 1')], 'S', { kind: 'pglite', storage: 'opfs-ahp', name: '' })],
  ['remote without password', nb([sql('SELECT 1')], 'R', { kind: 'remote', url: 'postgresql://me@db.example:5432/app?sslmode=require' })],
  ['python quotes of every kind', nb([py('a = \'\'\'x"""y\'\'\'\nb = """\'\'\'"""\nc = "\\"" + \'\\\'\'')])],
  ['python backslashes', nb([py('p = "C:\\\\dir\\\\"\nq = r"\\d+"')])],
  ['python trailing whitespace and blank lines', nb([py('x = 1   \n   \n\n'), py('\n\ny = 2'), py('\n')])],
  ['python marker-like comments', nb([py('# %% [sql]\nx = 1\n# %%\n## %% [python]\n### %% deep\n#%% no space'), sql('SELECT 1')])],
  ['python marker line inside a string', nb([py('s = """\n# %% [python]\n"""'), py('t = 1')])],
  ['python unicode', nb([py('π = "日本語 😀 é"\nnaïve = π')], 'Café ☕ 日本')],
  ['python CRLF is quoted', nb([py('x = 1\r\ny = 2\r\n'), py('z = 3')])],
  ['python NUL and controls are quoted', nb([py('s = "\0\x1b\x7f\u0085"'), py('s2 = "\u2028"')])],
  ['sql quotes of every kind', nb([sql('SELECT \'a\', "b", \'\'\'c\'\'\', """d""", \'it\'\'s\''), sql('"'), sql("'"), sql('"""'), sql("'''\"\"\"")])],
  ['sql ending or starting with quotes', nb([sql('SELECT "x"'), sql("SELECT 'x'"), sql('"x" AS y'), sql('""'), sql('"""x"""')])],
  ['sql backslashes', nb([sql("SELECT E'\\\\n\\t', '\\'"), sql('\\'), sql('\\\\\\'), sql('a\\"""b'), sql('\\N{DASH} \\x41 \\u0041 \\101')])],
  ['sql trailing whitespace and newlines', nb([sql('SELECT 1\n\n'), sql('\n\nSELECT 2  \n  '), sql('\n'), sql('   ')])],
  ['sql marker lines inside', nb([sql('SELECT 1\n# %% [python]\n-- x\n# %%'), sql('# %% [sql]\nSELECT 2')])],
  ['sql CRLF, CR, NUL, tab, controls', nb([sql('SELECT 1\r\nFROM t\r'), sql('a\0b\x01\x1f\x7f\u0085\f\v\tc'), sql('\0')])],
  ['sql unicode and separators', nb([sql("SELECT 'Ünïcödé 😀 日本'"), sql('a\u2028b\u2029c\ufeffd')])],
  ['lone surrogates', nb([sql('a\ud800b'), sql('\udfff'), sql('x\ud83d'), py('s = 1 # \udc00')], 'T\ud800')],
  ['result names', nb([sql('SELECT 1', 'df'), sql('SELECT 2', '_x1'), sql('SELECT 3', 'résultat'), sql('SELECT 4', 'match')])],
  ['hostile titles', nb([py('x = 1')], '  spaces  ')],
  ['title that looks quoted', nb([], '"quoted" title')],
  ['title with newline and tab', nb([], 'two\nlines\tand\r\nCRLF')],
  ['table and chart views', nb([withView(sql('SELECT 1', 'df'), CHART), withView(sql('SELECT 2'), { kind: 'table' }), withView(py('rows = 1'), CHART), withView(py('s = "\0"'), CHART)])],
  ['chart of columns with spaces, quotes and separators', nb([withView(sql('SELECT 1'), { kind: 'chart', chart: { mark: 'histogram', x: 'a b\tc\u00a0d', y: '"q" \'r\' ]', color: 'é\u2028😀\ud800 %%', aggregate: 'none' } })])],
  ['remote keyword connection string', nb([], 'K', { kind: 'remote', url: 'host=db port=5432 dbname=app' })],
  ['markdown cells', nb([md('# Title\n\nSome *prose* with {x}.'), py('x = 1'), md('')])],
  ['markdown lines starting with #, trailing spaces, empty lines', nb([md('## h2\n#no space\n# %% not a marker\n\n\ntrailing  \n  \n'), md('\n'), md('#')])],
  ['markdown with %% at a line start is quoted', nb([md('%% not a marker\ntext'), md('a\n%%')])],
  ['markdown CR, CRLF and separators are quoted', nb([md('a\r\nb\rc'), md('x\u2028y'), md('tab\tok')])],
  ['markdown unicode', nb([md('Ünïcödé 😀 日本 — “quotes” $\\frac{a}{b}$')])],
];

describe('importPy(exportPy(nb)) round trip', () => {
  it.each(notebooks)('%s', (_name, notebook) => {
    expect(importPy(exportPy(notebook))).toEqual(notebook);
  });
});

// ------------------------------------------------------------------ real Python

const workDir = mkdtempSync(join(tmpdir(), 'ripple-py-format-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const PYTHON_CHECK = `
import ast, json, sys, warnings
warnings.simplefilter('error')
out = []
for path in sys.argv[1:]:
    try:
        with open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read())
        out.append([[n.lineno, n.value.value] for n in tree.body
                    if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)])
    except Exception as e:
        out.append('error: %r' % e)
print(json.dumps(out))
`;

/** For each file: Python's own reading of every top-level string statement, as [line, value], or the error. */
function pythonReadings(texts: readonly string[]): unknown[] {
  const paths = texts.map((text, i) => {
    const path = join(workDir, `nb${i}.py`);
    writeFileSync(path, text, 'utf8');
    return path;
  });
  const parsed: unknown = JSON.parse(execFileSync('python3', ['-c', PYTHON_CHECK, ...paths], { encoding: 'utf8' }));
  return Array.isArray(parsed) ? parsed : [];
}

/** What Python must read: each SQL (or quoted Python) cell's code, on the line after its marker. */
function expectedReadings(text: string, notebook: NotebookFile): [number, string][] {
  const markers = text.split('\n').flatMap((line, i) => (line.startsWith('# %% ') ? [{ line, i }] : []));
  return notebook.cells.flatMap((cell, k): [number, string][] => {
    const marker = markers[k];
    if (marker === undefined) return [[-1, 'missing marker']];
    // Python and Markdown cells are Python and comments as they are; other cells are one literal.
    return /^# %% \[(python|markdown)\]/.test(marker.line) && !marker.line.includes('quoted') ? [] : [[marker.i + 2, cell.code]];
  });
}

describe('every exported file is valid Python and its literals hold the cells exactly', () => {
  const texts = notebooks.map(([, notebook]) => exportPy(notebook));
  let readings: unknown[] = [];
  beforeAll(() => {
    readings = pythonReadings(texts);
  });
  it.each(notebooks.map(([name, notebook], i) => [name, notebook, i] as const))('%s', (_name, notebook, i) => {
    expect(readings[i]).toEqual(expectedReadings(texts[i] ?? '', notebook));
  });
});

// ------------------------------------------------------------------ random notebooks

describe('random notebooks (seeded)', () => {
  it('200 arbitrary notebooks round-trip exactly', () => {
    const random = prng(20240611);
    const failures = Array.from({ length: 200 }, () => randomNotebook(random, false, { views: true })).filter(
      (notebook) => JSON.stringify(importPy(exportPy(notebook))) !== JSON.stringify(notebook),
    );
    expect(failures).toEqual([]);
  });

  it('200 notebooks with valid Python cells export to valid Python that reads every literal exactly', () => {
    const random = prng(7);
    const notebooks200 = Array.from({ length: 200 }, () => randomNotebook(random, true, { views: true }));
    const texts = notebooks200.map(exportPy);
    const readings = pythonReadings(texts);
    const failures = notebooks200.filter((notebook, i) => JSON.stringify(readings[i]) !== JSON.stringify(expectedReadings(texts[i] ?? '', notebook)));
    expect(failures).toEqual([]);
  });
});

// ------------------------------------------------------------------ the format is a contract

describe('exact exported text', () => {
  it('a small notebook', () => {
    const notebook = nb(
      [py('import math\nlimit = 10\n'), sql('SELECT *\nFROM "sales"\nLIMIT {limit}', 'top'), sql('SELECT \'"""\' AS q, \'\\\' AS b\n')],
      'Sales report',
      { kind: 'pglite', storage: 'idb', name: 'nb-123' },
    );
    expect(exportPy(notebook)).toEqual(
      [
        '# Ripple notebook',
        '# Title: Sales report',
        '# DB: pglite storage=idb',
        '',
        '# %% [python]',
        'import math',
        'limit = 10',
        '',
        '',
        '# %% [sql] result=top',
        'r"""SELECT *',
        'FROM "sales"',
        'LIMIT {limit}"""',
        '',
        '# %% [sql]',
        'r\'\'\'SELECT \'"""\' AS q, \'\\\' AS b',
        "'''",
        '',
      ].join('\n'),
    );
  });

  it('escaped forms: marker-like Python lines, a quoted Python cell, an escaped SQL literal', () => {
    const notebook = nb([py('# %% not a marker\nx = 1'), py('s = "a\r\nb"'), sql('"""\'\'\'\n# %% x\n\\\0\r')], '"Q"\n');
    expect(exportPy(notebook)).toEqual(
      [
        '# Ripple notebook',
        '# Title: "\\"Q\\"\\n"',
        '# DB: pglite',
        '',
        '# %% [python]',
        '## %% not a marker',
        'x = 1',
        '',
        '# %% [python] quoted',
        '"""s = "a\\r',
        'b\\""""',
        '',
        '# %% [sql]',
        '"""\\"\\""\'\'\'',
        '\\x23 %% x',
        '\\\\\\x00\\r"""',
        '',
      ].join('\n'),
    );
  });

  it('collapsed outputs: ` collapsed` last on the marker, for every kind, and read back', () => {
    const collapsed = (cell: NotebookFileCell): NotebookFileCell => ({ ...cell, outputCollapsed: true });
    const notebook = nb([collapsed(py('x = 1')), collapsed(withView(sql('SELECT 1', 'r'), { kind: 'table' })), collapsed(md('# Notes')), collapsed(md('%% quoted'))], 'C');
    const text = exportPy(notebook);
    expect({ markers: text.split('\n').filter((line) => line.startsWith('# %%')), back: importPy(text) }).toEqual({
      markers: ['# %% [python] collapsed', '# %% [sql] result=r view={"kind":"table"} collapsed', '# %% [markdown] collapsed', '# %% [markdown] quoted collapsed'],
      back: notebook,
    });
  });
});

// ------------------------------------------------------------------ broken, hostile and hand-edited files

const HEAD = '# Ripple notebook\n# Title: T\n# DB: pglite\n\n';

/** What a failing call threw, or what it returned. */
function outcome(run: () => unknown): unknown {
  try {
    return { returned: run() };
  } catch (error) {
    return error instanceof NotebookFileError ? { error: error.message, line: error.line } : { unexpected: String(error) };
  }
}

const brokenFiles: readonly [string, string, string, number | undefined][] = [
  ['empty file', '', 'Not a Ripple notebook: the first line must be "# Ripple notebook".', 1],
  ['plain Python', 'import os\n', 'Not a Ripple notebook: the first line must be "# Ripple notebook".', 1],
  ['no title', '# Ripple notebook\n# DB: pglite\n', 'The header has no "# Title:" line.', undefined],
  ['no database', '# Ripple notebook\n# Title: T\n', 'The header has no "# DB:" line.', undefined],
  ['two titles', '# Ripple notebook\n# Title: a\n# Title: b\n', 'The header has more than one "# Title:" line.', 3],
  ['code in the header', '# Ripple notebook\n# Title: a\nx = 1\n', 'Unexpected line in the header: expected "# Title:", "# DB:" or a cell marker "# %% [...]".', 3],
  ['bad quoted title', '# Ripple notebook\n# Title: "abc\n# DB: pglite\n', 'Invalid quoted value: expected a JSON string.', 2],
  ['unknown database', '# Ripple notebook\n# Title: T\n# DB: mysql\n', 'Unknown database: expected "# DB: pglite" or "# DB: remote <connection string>".', 3],
  ['unknown storage', '# Ripple notebook\n# Title: T\n# DB: pglite storage=disk\n', 'Unknown PGlite option "storage=disk": expected storage=auto|memory|idb|opfs-ahp.', 3],
  ['unknown cell kind', `${HEAD}# %% [julia]\nhi\n`, 'Unknown cell kind "julia": expected python, sql, markdown.', 5],
  ['malformed marker', `${HEAD}# %% [python]\nx = 1\n\n# %%\n`, 'Malformed cell marker: expected "# %% [python]", "# %% [sql]" or "# %% [markdown]".', 8],
  ['markdown line that is not a comment', `${HEAD}# %% [markdown]\n# fine\nnot a comment\n`, 'Expected a comment line ("# " + text, or "#" for an empty line) in a Markdown cell.', 7],
  ['unknown option', `${HEAD}# %% [python] result=x\n`, 'Unknown cell option "result=x".', 5],
  ['view that is not JSON', `${HEAD}# %% [sql] view={kind:table}\nr"""x"""\n`, 'Invalid view option: expected view=<JSON> as Ripple writes it.', 5],
  ['view of an unknown kind', `${HEAD}# %% [python] view={"kind":"pie"}\nx = 1\n`, 'Invalid view option: not a table or chart view.', 5],
  ['chart with an unknown mark', `${HEAD}# %% [python] view={"kind":"chart","chart":{"mark":"pie","x":"a","aggregate":"none"}}\n`, 'Invalid view option: not a table or chart view.', 5],
  ['two views', `${HEAD}# %% [python] view={"kind":"table"} view={"kind":"table"}\n`, 'Unknown cell option "view={"kind":"table"}".', 5],
  ['result name with a dash', `${HEAD}# %% [sql] result=a-b\nr"""SELECT 1"""\n`, 'Invalid result name "a-b": it must be a Python identifier that is not a keyword.', 5],
  ['result name that is a keyword', `${HEAD}# %% [sql] result=class\nr"""x"""\n`, 'Invalid result name "class": it must be a Python identifier that is not a keyword.', 5],
  ['result name starting with a digit', `${HEAD}# %% [sql] result=1x\nr"""x"""\n`, 'Invalid result name "1x": it must be a Python identifier that is not a keyword.', 5],
  ['SQL without a literal', `${HEAD}# %% [sql]\nSELECT 1\n`, "Expected a Python string literal holding the cell's code.", 6],
  ['empty SQL cell', `${HEAD}# %% [sql]\n`, "Expected a Python string literal holding the cell's code.", 6],
  ['unterminated SQL literal', `${HEAD}# %% [sql]\nr"""SELECT 1\nFROM t\n`, 'Unterminated string literal.', 6],
  ['literal cut by a marker', `${HEAD}# %% [sql]\n"""a\n# %% [python]\nb"""\n`, 'Unterminated string literal.', 6],
  ['unterminated single-quoted literal', `${HEAD}# %% [sql]\n'abc\ndef'\n`, 'Unterminated string literal.', 6],
  ['trailing backslash in a raw literal', `${HEAD}# %% [sql]\nr"""abc\\"""\n`, 'Unterminated string literal.', 6],
  ['text after the literal', `${HEAD}# %% [sql]\nr"""a"""\n\nx = 1\n`, 'Unexpected text after the string literal: a cell holds exactly one literal.', 8],
  ['bad \\x escape', `${HEAD}# %% [sql]\n"""a\nb\\xZZ"""\n`, 'Invalid \\x escape in a string literal.', 7],
  ['\\N escape', `${HEAD}# %% [sql]\n"""\\N{DASH}"""\n`, '\\N{...} escapes are not supported in notebook files.', 6],
  ['file over 20 MB', `${HEAD}# %% [python]\n${'x'.repeat(21 * 1024 * 1024)}\n`, 'The file is larger than 20 MB.', undefined],
  ['over 20 MB of UTF-8 in fewer characters', `${HEAD}# %% [python]\n${'é'.repeat(11 * 1024 * 1024)}\n`, 'The file is larger than 20 MB.', undefined],
  ['more than 10,000 cells', HEAD + '# %% [python]\n\n'.repeat(10_001), 'A notebook file can hold at most 10000 cells.', 5 + 2 * 10_000],
];

describe('importPy rejects broken and hostile files', () => {
  it.each(brokenFiles)('%s', (_name, text, message, line) => {
    expect(outcome(() => importPy(text))).toEqual({ error: message, line });
  });
});

const handEdited: readonly [string, string, NotebookFile][] = [
  ['CRLF line endings and a BOM', `\ufeff${HEAD}# %% [python]\nx = 1\n\n# %% [sql]\nr"""a\nb"""\n`.replace(/\n/g, '\r\n'), nb([py('x = 1'), sql('a\nb')], 'T')],
  ['no blank line between cells, trailing spaces on markers', `${HEAD}# %% [python]  \nx = 1\n# %% [sql] result=df \n"a\\tb"\n`, nb([py('x = 1'), sql('a\tb', 'df')], 'T')],
  ['other literal prefixes and quotes', `${HEAD}# %% [sql]\nR'a\\b'\n\n# %% [sql]\nu'''x\\\ny'''\n\n# %% [sql]\n"\\101\\u00e9\\U0001F600\\q"\n`, nb([sql('a\\b'), sql('xy'), sql('Aé😀\\q')], 'T')],
  ['no final newline', `${HEAD}# %% [python]\nx = 1`, nb([py('x = 1')], 'T')],
  ['remote database with a password typed by hand', '# Ripple notebook\n# Title: T\n# DB: remote postgresql://u:pw@h/d\n', nb([], 'T', { kind: 'remote', url: 'postgresql://u:pw@h/d' })],
];

describe('importPy reads hand-edited files', () => {
  it.each(handEdited)('%s', (_name, text, expected) => {
    expect(importPy(text)).toEqual(expected);
  });
});

const unexportable: readonly [string, NotebookFile, string][] = [
  ['invalid result name', nb([sql('x', 'not valid')]), 'Cell 1: the result name "not valid" is not a Python identifier.'],
  ['empty result name', nb([py(''), sql('x', '')]), 'Cell 2: the result name "" is not a Python identifier.'],
  ['result name on a Python cell', nb([{ kind: 'python', code: 'x', resultName: 'df' }]), 'Cell 1: only SQL cells have a result name.'],
  ['more than 10,000 cells', nb(Array.from({ length: 10_001 }, () => py(''))), 'A notebook file can hold at most 10000 cells; this notebook has 10001.'],
  ['over 20 MB', nb([py('x'.repeat(21 * 1024 * 1024))]), 'The exported file is larger than 20 MB.'],
];

describe('exportPy refuses what a file cannot hold', () => {
  it.each(unexportable)('%s', (_name, notebook, message) => {
    expect(outcome(() => exportPy(notebook))).toEqual({ error: message, line: undefined });
  });
});

// ------------------------------------------------------------------ remote databases: no secret in a file

describe('a notebook on a remote database exports without password or proxy token, and imports asking for them', () => {
  const TOKEN = 'feedfacefeedfacefeedfacefeedface';
  const PASSWORD = 'S3cret-pw';
  /** Stored as the app stores it: the config without secrets, the secrets beside it. */
  const stored = (connectionString: string): StoredNotebook => ({
    id: 'nb',
    title: 'People',
    cells: [py('user_id = 42'), sql('SELECT * FROM people WHERE id = {user_id}', 'person')].map((cell, i) => ({ id: `c${i}`, ...cell })),
    ...splitSecrets({ kind: 'remote', proxyUrl: `ws://127.0.0.1:5480/?token=${TOKEN}`, connectionString }, true),
    trust: 'trusted',
    createdAt: 1,
    updatedAt: 1,
  });
  const cases: readonly [string, string, string][] = [
    ['password remembered', `postgresql://ripple:${PASSWORD}@127.0.0.1:5432/app`, 'postgresql://ripple@127.0.0.1:5432/app'],
    ['encoded password, IPv6 host, parameters', `postgres://ripple:${encodeURIComponent(`${PASSWORD}@/:`)}@[::1]:6543/my%20db?sslmode=disable&application_name=r`, 'postgres://ripple@[::1]:6543/my%20db?sslmode=disable&application_name=r'],
  ];
  const texts = cases.map(([, connectionString]) => exportPy(notebookFile(stored(connectionString))));
  let readings: unknown[] = [];
  beforeAll(() => {
    readings = pythonReadings(texts);
  });

  it.each(cases.map((c, i) => [...c, i] as const))('%s', (_name, connectionString, written, i) => {
    const text = texts[i] ?? '';
    const notebook = stored(connectionString);
    const imported = importPy(text);
    const database = databaseFromFile(imported.database, 'new');
    expect({
      header: text.split('\n').slice(0, 3),
      secretInFile: [PASSWORD, encodeURIComponent(PASSWORD), TOKEN, 'token', '5480'].filter((secret) => text.includes(secret)),
      python: readings[i],
      imported: { ...imported, database },
      secrets: secretsFromFile(imported.database),
    }).toEqual({
      header: ['# Ripple notebook', '# Title: People', `# DB: remote ${written}`],
      secretInFile: [],
      python: expectedReadings(text, notebookFile(notebook)),
      imported: { title: 'People', cells: notebookFile(notebook).cells, database: { kind: 'remote', proxyUrl: '', connectionString: written } },
      secrets: { password: { kind: 'ask', why: 'from-file' } },
    });
  });
});

describe('Markdown cells in the jupytext percent format', () => {
  it('are written as `# `-prefixed lines under `# %% [markdown]`, an empty line as `#`', () => {
    expect(exportPy(nb([md('# Title\n\ntext  '), py('x = 1')], 'T')).split('\n').slice(4)).toEqual(['# %% [markdown]', '# # Title', '#', '# text  ', '', '# %% [python]', 'x = 1', '']);
  });
});
