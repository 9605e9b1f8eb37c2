import { describe, expect, it } from 'vitest';
import { bindSql, lineColumnAt, sourceOffsetForPgPosition, type BindResult } from '../../workers/sql/binder';

interface Summary {
  statements: { text: string; params: string[] }[];
  references: string[];
  /** `name@line:column` of every candidate; which are shown is test/sql/literal-warnings.test.ts */
  warnings: string[];
}

function summarise(result: BindResult): Summary {
  return {
    statements: result.statements.map((s) => ({ text: s.text, params: [...s.paramNames] })),
    references: [...result.references],
    warnings: result.warnings.map((w) => `${w.name}@${w.line}:${w.column}`),
  };
}

const st = (text: string, ...params: string[]) => ({ text, params });
const one = (text: string, params: string[] = [], warnings: string[] = []): Summary => ({
  statements: [st(text, ...params)],
  references: [...new Set(params)],
  warnings,
});

// [description, source, expected]
const bindCases: [string, string, Summary][] = [
  ['simple placeholder', 'SELECT * FROM users WHERE id = {user_id}', one('SELECT * FROM users WHERE id = $1', ['user_id'])],
  ['several names', 'SELECT * FROM t WHERE a = {a} AND b = {b} AND c = {c}', one('SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3', ['a', 'b', 'c'])],
  ['repeated name reuses $k', 'SELECT {x}, {y}, {x}', one('SELECT $1, $2, $1', ['x', 'y'])],
  ['underscores and digits', 'SELECT {_private}, {v2}', one('SELECT $1, $2', ['_private', 'v2'])],
  ['string literal is left alone and warned', "SELECT '{x}'", one("SELECT '{x}'", [], ['x@1:9'])],
  ["'' escape keeps the literal open", "SELECT 'it''s {x}', {y}", one("SELECT 'it''s {x}', $1", ['y'], ['x@1:15'])],
  ["a literal that is just ''", "SELECT '''', {x}", one("SELECT '''', $1", ['x'])],
  ["E'' with backslash-escaped quote is one literal", "SELECT E'it\\'s {x}', {y}", one("SELECT E'it\\'s {x}', $1", ['y'], ['x@1:16'])],
  ["e'' with an escaped quote then a closing quote", "SELECT e'\\'', {y}", one("SELECT e'\\'', $1", ['y'])],
  ["e'' with an escaped backslash", "SELECT e'\\\\', {y}", one("SELECT e'\\\\', $1", ['y'])],
  ['a standard string ends at a quote after a backslash', "SELECT 'a\\', {y}", one("SELECT 'a\\', $1", ['y'])],
  ["U&'' string", "SELECT U&'d\\0061t {x}'", one("SELECT U&'d\\0061t {x}'", [], ['x@1:19'])],
  ["B'' string", "SELECT B'{x}'", one("SELECT B'{x}'", [], ['x@1:10'])],
  ["X'' string", "SELECT x'{x}'", one("SELECT x'{x}'", [], ['x@1:10'])],
  ["N'' string", "SELECT N'{x}'", one("SELECT N'{x}'", [], ['x@1:10'])],
  ["a word ending in e is not an E'' prefix", "SELECT mode'\\', {y}", one("SELECT mode'\\', $1", ['y'])],
  ['a typed literal', "SELECT date'{d}', {d}", one("SELECT date'{d}', $1", ['d'], ['d@1:13'])],
  ['quoted identifier: no substitution, no warning', 'SELECT "{x}" FROM t WHERE a = {a}', one('SELECT "{x}" FROM t WHERE a = $1', ['a'])],
  ['quoted identifier with "" escape', 'SELECT "a""{x}""b", {y}', one('SELECT "a""{x}""b", $1', ['y'])],
  ['U&"" quoted identifier', 'SELECT U&"col {x}" FROM t', one('SELECT U&"col {x}" FROM t')],
  ['; and -- inside a quoted identifier', 'SELECT "a;--b" FROM t WHERE c = {c}', one('SELECT "a;--b" FROM t WHERE c = $1', ['c'])],
  ['line comment', 'SELECT {a} -- uses {b}\n, {c}', one('SELECT $1 -- uses {b}\n, $2', ['a', 'c'])],
  ['block comment', 'SELECT /* {x} */ {y}', one('SELECT /* {x} */ $1', ['y'])],
  ['nested block comment', 'SELECT /* a /* {x} */ still {y} */ {z}', one('SELECT /* a /* {x} */ still {y} */ $1', ['z'])],
  ['; inside a block comment does not split', 'SELECT 1 /* ; */ + {a}', one('SELECT 1 /* ; */ + $1', ['a'])],
  ['$$ body', 'SELECT $$ {x} ; $$, {y}', one('SELECT $$ {x} ; $$, $1', ['y'], ['x@1:11'])],
  ['$tag$ body containing $$', 'SELECT $fn$ {x} $$ {y} $fn$, {z}', one('SELECT $fn$ {x} $$ {y} $fn$, $1', ['z'], ['x@1:13', 'y@1:20'])],
  ['$1 next to a dollar quote', 'SELECT $1, $$ {x} $$', one('SELECT $1, $$ {x} $$', [], ['x@1:15'])],
  ['placeholder glued to a dollar quote', 'SELECT {a}$$ {b} $$', one('SELECT $1 $$ {b} $$', ['a'], ['b@1:14'])],
  ['$ inside identifiers is not a quote', 'SELECT price$usd, a$$b, {x}', one('SELECT price$usd, a$$b, $1', ['x'])],
  ['user-written $1 alongside {name} is warned', 'SELECT $1, {x}', one('SELECT $1, $1', ['x'], ['$1@1:8'])],
  ['placeholder right after and before literals', "SELECT 'a'{x}'b'", one("SELECT 'a'$1'b'", ['x'])],
  ['braces in literals around a placeholder', "SELECT '{'||{x}||'}'", one("SELECT '{'||$1||'}'", ['x'])],
  [
    'numbering restarts per statement',
    'SELECT {a}, {b}; SELECT {b}, {c}',
    { statements: [st('SELECT $1, $2', 'a', 'b'), st('SELECT $1, $2', 'b', 'c')], references: ['a', 'b', 'c'], warnings: [] },
  ],
  ['empty statements and trailing ;', ';; SELECT {a};\n;  ;\n', one('SELECT $1', ['a'])],
  [
    'comment-only statements are dropped',
    'SELECT 1; -- just a comment\n; /* x */',
    { statements: [st('SELECT 1')], references: [], warnings: [] },
  ],
  ['surrounding whitespace is trimmed', '\n\n  SELECT {a}  \n;', one('SELECT $1', ['a'])],
  ['a leading comment is kept (planner hints)', '/*+ SeqScan(t) */ SELECT {a}', one('/*+ SeqScan(t) */ SELECT $1', ['a'])],
  ['non-identifier braces are unchanged', 'SELECT {1}, { x }, {a.b}, {}, {x-y}, {x', one('SELECT {1}, { x }, {a.b}, {}, {x-y}, {x')],
  ['unicode text before a placeholder', "SELECT 'héllo 😀', {x}", one("SELECT 'héllo 😀', $1", ['x'])],
  ['non-ASCII identifier glued to a placeholder gets a space', 'SELECT é{x}', one('SELECT é $1', ['x'])],
  ['casts', 'SELECT {x}::int, {y}::text[]', one('SELECT $1::int, $2::text[]', ['x', 'y'])],
  ['ARRAY constructor', 'SELECT ARRAY[{a},{b}]', one('SELECT ARRAY[$1,$2]', ['a', 'b'])],
  ['= ANY(array param)', 'SELECT * FROM t WHERE id = ANY({ids})', one('SELECT * FROM t WHERE id = ANY($1)', ['ids'])],
  ['glued placeholders never form $11 or a$1', 'SELECT {x}1, a{y}, {a}{b}', one('SELECT $1 1, a $2, $3 $4', ['x', 'y', 'a', 'b'])],
  ['unterminated string swallows the rest', "SELECT {a}, 'abc {b}; SELECT {c}", one("SELECT $1, 'abc {b}; SELECT {c}", ['a'], ['b@1:18', 'c@1:30'])],
  ['unterminated block comment', 'SELECT {a} /* {b}; SELECT {c}', one('SELECT $1 /* {b}; SELECT {c}', ['a'])],
  ['unterminated dollar quote', 'SELECT $$ {a}; {b}', one('SELECT $$ {a}; {b}', [], ['a@1:11', 'b@1:16'])],
  ['unterminated quoted identifier', 'SELECT "{a}; {b}', one('SELECT "{a}; {b}')],
  ['E string ending in a lone backslash', "SELECT E'\\", one("SELECT E'\\")],
  ['hostile-looking comment after a statement', "SELECT * FROM t WHERE name = {name}; -- '; DROP TABLE users; --", one('SELECT * FROM t WHERE name = $1', ['name'])],
  [
    '; inside a string does not split',
    "SELECT ';', {a}; SELECT {b}",
    { statements: [st("SELECT ';', $1", 'a'), st('SELECT $1', 'b')], references: ['a', 'b'], warnings: [] },
  ],
  [
    'CREATE FUNCTION ... BEGIN ATOMIC keeps inner ; (psql rule)',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT {a}',
    { statements: [st('CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END'), st('SELECT $1', 'a')], references: ['a'], warnings: [] },
  ],
  [
    'CASE ... END inside BEGIN ATOMIC',
    'create or replace procedure p() language sql begin atomic select case when true then 1 end; select 2; end; select {a}',
    { statements: [st('create or replace procedure p() language sql begin atomic select case when true then 1 end; select 2; end'), st('select $1', 'a')], references: ['a'], warnings: [] },
  ],
  [
    'a transaction BEGIN still splits',
    'BEGIN; SELECT {a}; COMMIT',
    { statements: [st('BEGIN'), st('SELECT $1', 'a'), st('COMMIT')], references: ['a'], warnings: [] },
  ],
  ['; inside parentheses does not split (psql rule)', 'SELECT ({a}; SELECT {b})', one('SELECT ($1; SELECT $2)', ['a', 'b'])],
  ['warning line and column on a later line', "SELECT 1,\n  'x {a}'", one("SELECT 1,\n  'x {a}'", [], ['a@2:6'])],
  ['CRLF line endings', "SELECT 1;\r\nSELECT '{a}'", { statements: [st('SELECT 1'), st("SELECT '{a}'")], references: [], warnings: ['a@2:9'] }],
  ['empty source', '', { statements: [], references: [], warnings: [] }],
];

describe('bindSql', () => {
  it.each(bindCases)('%s', (_name, source, expected) => {
    expect(summarise(bindSql(source))).toEqual(expected);
  });
});

describe('segments describe the text exactly', () => {
  it.each(bindCases)('%s', (_name, source) => {
    const problems: string[] = [];
    for (const stmt of bindSql(source).statements) {
      let rebuilt = '';
      for (const seg of stmt.segments) {
        const piece = stmt.text.slice(seg.textStart, seg.textStart + seg.textLength);
        const original = source.slice(seg.sourceStart, seg.sourceStart + seg.sourceLength);
        if (seg.textStart !== rebuilt.length) problems.push(`gap before ${seg.textStart}`);
        if (seg.verbatim && piece !== original) problems.push(`${piece} != ${original}`);
        if (!seg.verbatim && !(/^ ?\$\d+ ?$/.test(piece) && /^\{\w+\}$/.test(original))) problems.push(`${piece} <- ${original}`);
        rebuilt += piece;
      }
      if (rebuilt !== stmt.text) problems.push(`segments cover ${JSON.stringify(rebuilt)}`);
      if (stmt.segments[0]?.sourceStart !== stmt.sourceStart) problems.push('sourceStart mismatch');
    }
    expect(problems).toEqual([]);
  });
});

describe('values never reach the SQL text', () => {
  const source = "SELECT * FROM t WHERE name = {name}; -- '; DROP TABLE users; --";
  const hostileValues = ["'; DROP TABLE users; --", '$1', '{name}', "\\'; SELECT 1; --", '$$; DROP TABLE t; $$', '*/ DROP TABLE t; /*'];
  it.each(hostileValues)('value %j is only ever a parameter', (value) => {
    const namespace: Record<string, unknown> = { name: value };
    // bindSql never sees the namespace: this is how a caller pairs text with values.
    const sent = bindSql(source).statements.map((s) => ({ text: s.text, params: s.paramNames.map((n) => namespace[n]) }));
    expect(sent).toEqual([{ text: 'SELECT * FROM t WHERE name = $1', params: [value] }]);
  });
});

describe('sourceOffsetForPgPosition', () => {
  // [description, source, statement index, Postgres position (1-based code points), expected]
  const cases: [string, string, number, number, { offset: number; line: number; column: number }][] = [
    // text "SELECT $1, $2,\n  missing_col\nFROM t": 'm' is code point 18
    ['after long {name} substitutions', 'SELECT {long_name}, {another_long_name},\n  missing_col\nFROM t', 0, 18, { offset: 43, line: 2, column: 3 }],
    // text "SELECT 1 + $1": '$' is 12, '1' is 13; both map to the '{' at offset 11
    ['on the $ of $1', 'SELECT 1 + {user_id}', 0, 12, { offset: 11, line: 1, column: 12 }],
    ['on the digit of $1', 'SELECT 1 + {user_id}', 0, 13, { offset: 11, line: 1, column: 12 }],
    // text "SELECT a $1": the inserted space (10th) belongs to the placeholder
    ['on an inserted separating space', 'SELECT a{x}', 0, 10, { offset: 8, line: 1, column: 9 }],
    // second statement text "SELECT $1,\n  nope": 'n' is code point 14
    ['in the second statement', 'SELECT 1;\nSELECT {a},\n  nope', 1, 14, { offset: 24, line: 3, column: 3 }],
    // text "SELECT '😀😀', $1, bad": 'b' is code point 18 but UTF-16 index 19; source offset 20, column 19
    ['code points, not UTF-16, after emoji', "SELECT '😀😀', {x}, bad", 0, 18, { offset: 20, line: 1, column: 19 }],
    ['beyond the end clamps to the end', 'SELECT {a} FROM', 0, 999, { offset: 15, line: 1, column: 16 }],
    ['"at end of input" (length + 1)', '  SELECT {a} FROM  ;', 0, 15, { offset: 17, line: 1, column: 18 }],
    ['zero clamps to the start', '\n  SELECT 1', 0, 0, { offset: 3, line: 2, column: 3 }],
  ];
  it.each(cases)('%s', (_name, source, index, position, expected) => {
    const stmt = bindSql(source).statements[index];
    if (stmt === undefined) throw new Error(`no statement ${index}`);
    const offset = sourceOffsetForPgPosition(stmt, position);
    expect({ offset, ...lineColumnAt(source, offset) }).toEqual(expected);
  });
});

describe('lineColumnAt', () => {
  const cases: [string, number, { line: number; column: number }][] = [
    ['abc', 0, { line: 1, column: 1 }],
    ['abc\ndef', 5, { line: 2, column: 2 }],
    ['a\r\nb', 3, { line: 2, column: 1 }],
    ['a\rb', 2, { line: 2, column: 1 }],
    ['😀x', 2, { line: 1, column: 2 }],
    ['ab', 99, { line: 1, column: 3 }],
    ['ab', -5, { line: 1, column: 1 }],
  ];
  it.each(cases)('%j at %i', (source, offset, expected) => {
    expect(lineColumnAt(source, offset)).toEqual(expected);
  });
});
