import { describe, expect, it } from 'vitest';
import { bindSql, shownWarnings } from '../../workers/sql/binder';

// A `{name}` inside a quoted literal is reported only when `name` is a variable when the
// cell runs: on the PostgreSQL regression suite every such warning was an array or JSON
// constant, jsonpath or routine code, and said nothing true.

/** Warnings as `name@line:column`, for a cell where only `variables` exist. */
function shown(source: string, variables: readonly string[]): string[] {
  return shownWarnings(bindSql(source), (name) => variables.includes(name), () => []).map((w) => `${w.name}@${w.line}:${w.column}`);
}

// [description, statement, the {name}s in its literals] in the shapes of src/test/regress.
const literals: [string, string, string[]][] = [
  ['array literal cast', "SELECT '{foo}'::text[]", ['foo']],
  ['array containment', "SELECT * FROM arrtest WHERE t @> '{AAA}'", ['AAA']],
  ['nested array literal', "SELECT '{{red},{black},{blue}}'::text[][]", ['red', 'black', 'blue']],
  ['JSON path operator', `SELECT '{"a":1}'::jsonb #> '{a}'`, ['a']],
  ['jsonb_set path', "SELECT jsonb_set(j, '{n}', '1') FROM jt", ['n']],
  ['jsonpath', "SELECT jsonb_path_query(j, '$.a ? (@ > {x})'::jsonpath) FROM jt", ['x']],
  ['E string', "SELECT E'{a}\\n'", ['a']],
  ['dollar-quoted constant outside a routine', 'SELECT $${d}$$', ['d']],
];

// Routine code: never reported, whatever exists.
const routines: [string, string][] = [
  ['DO block', "DO $$ BEGIN RAISE NOTICE '{x}'; END $$"],
  ['DO LANGUAGE, lower case', "do language plpgsql $$ begin raise notice 'v={x}'; end $$"],
  ['SQL function in $$', "CREATE FUNCTION f() RETURNS text AS $$ SELECT '{y}' $$ LANGUAGE sql"],
  ['plpgsql function in $body$', "CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN PERFORM '{z}'; RETURN 1; END $body$"],
  ['body as a quoted string', "CREATE OR REPLACE FUNCTION h() RETURNS text AS 'SELECT ''{q}''' LANGUAGE sql"],
  ['BEGIN ATOMIC procedure', "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT '{w}'; END"],
  ['a comment before the statement', "/* setup */ -- note\nDO $$ BEGIN RAISE NOTICE '{x}'; END $$"],
];

const everyName = [...literals.flatMap(([, , names]) => names), 'x', 'y', 'z', 'q', 'w'];

describe('no variables: the PostgreSQL corpus gives no warnings', () => {
  it.each([...literals, ...routines.map(([d, s]): [string, string, string[]] => [d, s, []])])('%s', (_d, source) => {
    expect(shown(source, [])).toEqual([]);
  });

  it('all of it as one cell', () => {
    const cell = [...literals.map(([, s]) => s), ...routines.map(([, s]) => s)].join(';\n');
    expect(shown(cell, [])).toEqual([]);
  });
});

describe('a variable of that name exists: the literal is reported', () => {
  it.each(literals)('%s', (_d, source, names) => {
    expect(shownWarnings(bindSql(source), (name) => everyName.includes(name), () => []).map((w) => w.name)).toEqual(names);
  });

  it('only the names that exist', () => {
    expect(shown("SELECT '{{red},{black},{blue}}'::text[][]", ['black'])).toEqual(['black@1:16']);
  });

  it('a name only the Python namespace has counts; the namespace is read once, and only if needed', () => {
    let reads = 0;
    const namespace = (): string[] => {
      reads += 1;
      return ['tag'];
    };
    const byCell = shownWarnings(bindSql("SELECT '{a}', '{a}'"), (name) => name === 'a', namespace);
    const byNamespace = shownWarnings(bindSql("SELECT '{tag}', '{other}', '{tag}'"), () => false, namespace);
    expect({ byCell: byCell.length, byNamespace: byNamespace.map((w) => `${w.name}@${w.column}`), reads }).toEqual({
      byCell: 1,
      byNamespace: ['tag@9'],
      reads: 1,
    });
  });
});

describe('routine bodies are never reported', () => {
  it.each(routines)('%s', (_d, source) => {
    expect({ candidates: bindSql(source).warnings, shown: shown(source, everyName) }).toEqual({ candidates: [], shown: [] });
  });

  it('the statement after a routine is checked again', () => {
    expect(shown("DO $$ BEGIN RAISE NOTICE '{x}'; END $$;\nSELECT '{x}'", ['x'])).toEqual(['x@2:9']);
  });
});

describe('warning messages', () => {
  const messages = (source: string): string[] => shownWarnings(bindSql(source), () => true, () => []).map((w) => w.message);

  it('a literal: true for text, array and JSON constants alike', () => {
    expect(messages("SELECT * FROM t WHERE tags @> '{tag}'")).toEqual([
      '{tag} is inside a quoted literal, so PostgreSQL receives the characters {tag} themselves, not the value of the Python variable tag. ' +
        'To send the value, put {tag} outside the quotes, e.g. WHERE s = {tag} (a Python list is sent as an array, a dict as JSON), ' +
        "or build text with '…' || {tag} || '…'.",
    ]);
  });

  // A generated cell of many `INSERT … '{tag}'` rows: one warning, not one per row.
  const repeated: [string, string, { name: string; line: number; column: number; tail: string }[]][] = [
    ['twice on one line', "SELECT '{a}', '{a}'", [{ name: 'a', line: 1, column: 9, tail: 'Also on line 1.' }]],
    ['on three lines', "SELECT '{a}',\n'{a}',\n'{a}'", [{ name: 'a', line: 1, column: 9, tail: 'Also on lines 2 and 3.' }]],
    [
      '35,000 rows',
      Array.from({ length: 35_000 }, () => "INSERT INTO t VALUES ('{tag}');").join('\n'),
      [{ name: 'tag', line: 1, column: 24, tail: 'Also in 34,999 other places, from line 2.' }],
    ],
    [
      'each name and kind apart',
      "SELECT '{a}', '{b}', '{a}', $1, {x}, $1",
      [
        { name: 'a', line: 1, column: 9, tail: 'Also on line 1.' },
        { name: 'b', line: 1, column: 16, tail: "|| '…'." },
        { name: '$1', line: 1, column: 29, tail: 'Also on line 1.' },
      ],
    ],
  ];
  it.each(repeated)('the same warning repeated: one, at its first place (%s)', (_d, source, expected) => {
    const shown = shownWarnings(bindSql(source), () => true, () => []);
    expect(shown.map((w) => ({ name: w.name, line: w.line, column: w.column, tail: w.message.slice(-expected[shown.indexOf(w)]!.tail.length) }))).toEqual(expected);
  });

  it('a $1 written next to {name} references is reported whether or not anything exists', () => {
    expect(shownWarnings(bindSql('SELECT $1, {x}'), () => false, () => []).map((w) => w.message)).toEqual([
      '$1 is written directly in the SQL, but this statement also uses {name} references, which are sent as $1, $2, ... ' +
        'so $1 would silently receive one of those values. Refer to the variable as {name} instead of $1.',
    ]);
  });
});
