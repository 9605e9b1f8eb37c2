import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellSpec } from '../../workers/protocol';
import { BACKENDS, py, sql, startBackendKernel, type BackendKernel } from './harness';

// Python values -> SQL bind parameters, through a real kernel (Pyodide, and each backend
// in turn: PGlite, and a real PostgreSQL through the proxy; both must agree).
// Each case binds one Python value and reads back what Postgres received: its type
// (pg_typeof) and its text form, or a comparison against a real table.

interface ParamCase {
  readonly name: string;
  /** Python expression for the bound value (names from the imports cell are available). */
  readonly value: string;
  /** A SQL cell; `{v}` is the bound value. */
  readonly sql: string;
  /** Rows of the SQL cell, or the message of its bind error (which names `v`). */
  readonly expected: unknown[][] | { readonly bindError: string };
}

const TYPE_AND_TEXT = 'SELECT pg_typeof({v})::text AS t, {v}::text AS v';
const SUPPORTED = 'Supported: int, float, str, bool, None, datetime, date, time, timedelta, Decimal, UUID, bytes, list/tuple of those, dict (as JSON).';

const cases: ParamCase[] = [
  { name: 'int 42', value: '42', sql: TYPE_AND_TEXT, expected: [['bigint', '42']] },
  {
    name: 'int 2**53+1 stays exact',
    value: '2**53 + 1',
    sql: 'SELECT pg_typeof({v})::text, {v}::text, {v} = 9007199254740993::int8 AS exact',
    expected: [['bigint', '9007199254740993', true]],
  },
  { name: 'int 2**70 becomes numeric', value: '2**70', sql: TYPE_AND_TEXT, expected: [['numeric', '1180591620717411303424']] },
  { name: 'int beyond int8 (negative) becomes numeric', value: '-(2**63) - 1', sql: TYPE_AND_TEXT, expected: [['numeric', '-9223372036854775809']] },
  { name: 'int with 5001 digits -> numeric', value: '10**5000', sql: 'SELECT pg_typeof({v})::text, length({v}::text), {v} = 10::numeric ^ 5000 AS exact', expected: [['numeric', 5001, true]] },
  { name: 'int -5', value: '-5', sql: 'SELECT pg_typeof({v})::text, {v}::text, {v} + 5 AS zero', expected: [['bigint', '-5', 0n]] },
  { name: 'float 1.5', value: '1.5', sql: TYPE_AND_TEXT, expected: [['double precision', '1.5']] },
  { name: 'float 0.1 keeps every digit', value: '0.1', sql: "SELECT {v} = '0.1'::float8 AS same", expected: [[true]] },
  { name: "float('nan')", value: "float('nan')", sql: "SELECT pg_typeof({v})::text, {v}::text, {v} = 'NaN'::float8 AS same", expected: [['double precision', 'NaN', true]] },
  { name: "float('inf')", value: "float('inf')", sql: TYPE_AND_TEXT, expected: [['double precision', 'Infinity']] },
  { name: "float('-inf')", value: "float('-inf')", sql: TYPE_AND_TEXT, expected: [['double precision', '-Infinity']] },
  {
    name: 'str with quotes and braces',
    value: `"text with 'quotes' and {braces}"`,
    sql: 'SELECT {v}::text AS v, length({v}::text) AS n',
    expected: [["text with 'quotes' and {braces}", 31]],
  },
  {
    name: 'hostile str comes back unchanged and users survives',
    value: "'1; DROP TABLE users; --'",
    sql: "SELECT {v}::text AS v, to_regclass('users') IS NOT NULL AS users_exists, (SELECT count(*) FROM users) AS n",
    expected: [['1; DROP TABLE users; --', true, 3n]],
  },
  { name: 'str compared against a table column', value: "'Grace'", sql: 'SELECT id FROM users WHERE name = {v}', expected: [[99]] },
  { name: 'True', value: 'True', sql: 'SELECT pg_typeof({v})::text, {v}::text, NOT {v} AS negated', expected: [['boolean', 'true', false]] },
  { name: 'None is NULL', value: 'None', sql: 'SELECT {v}::int IS NULL AS is_null, {v}::text AS v', expected: [[true, null]] },
  {
    name: 'None: stored as NULL, found by WHERE x IS NULL',
    value: 'None',
    sql: "CREATE TABLE nulls (id int, x text); INSERT INTO nulls VALUES (1, {v}), (2, 'None'); SELECT id FROM nulls WHERE x IS NULL",
    expected: [[1]],
  },
  {
    name: 'None in an optional filter: col = {v} OR {v} IS NULL',
    value: 'None',
    sql: 'SELECT id FROM users WHERE nickname = {v} OR {v} IS NULL ORDER BY id',
    expected: [[1], [42], [99]],
  },
  { name: 'None compared with a column is unknown', value: 'None', sql: 'SELECT count(*) FROM users WHERE nickname = {v}', expected: [[0n]] },
  {
    name: 'naive datetime -> timestamp, no shift',
    value: 'dt.datetime(2024, 3, 10, 2, 30, 15, 250000)',
    sql: TYPE_AND_TEXT,
    expected: [['timestamp without time zone', '2024-03-10 02:30:15.25']],
  },
  {
    name: 'aware datetime (+02:00) -> timestamptz',
    value: 'dt.datetime(2024, 3, 10, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))',
    sql: "SELECT pg_typeof({v})::text, ({v} AT TIME ZONE 'UTC')::text AS utc",
    expected: [['timestamp with time zone', '2024-03-10 00:30:00']],
  },
  { name: 'date', value: 'dt.date(2024, 2, 29)', sql: TYPE_AND_TEXT, expected: [['date', '2024-02-29']] },
  { name: 'time', value: 'dt.time(13, 45, 30, 123456)', sql: TYPE_AND_TEXT, expected: [['time without time zone', '13:45:30.123456']] },
  {
    name: 'aware time -> timetz',
    value: 'dt.time(13, 45, tzinfo=dt.timezone(dt.timedelta(hours=-5)))',
    sql: TYPE_AND_TEXT,
    expected: [['time with time zone', '13:45:00-05']],
  },
  {
    name: 'timedelta',
    value: 'dt.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=500000)',
    sql: TYPE_AND_TEXT,
    expected: [['interval', '1 day 02:03:04.5']],
  },
  { name: 'negative timedelta is minus one second', value: 'dt.timedelta(seconds=-1)', sql: TYPE_AND_TEXT, expected: [['interval', '-00:00:01']] },
  { name: "Decimal('1.10') keeps its scale", value: "Decimal('1.10')", sql: TYPE_AND_TEXT, expected: [['numeric', '1.10']] },
  {
    name: 'Decimal beyond float precision',
    value: "Decimal('12345678901234567890.123456789')",
    sql: TYPE_AND_TEXT,
    expected: [['numeric', '12345678901234567890.123456789']],
  },
  {
    name: 'uuid',
    value: "UUID('12345678-1234-5678-1234-567812345678')",
    sql: TYPE_AND_TEXT,
    expected: [['uuid', '12345678-1234-5678-1234-567812345678']],
  },
  { name: "bytes b'\\x00\\xff'", value: "b'\\x00\\xff'", sql: 'SELECT pg_typeof({v})::text, {v}::text, length({v}) AS n', expected: [['bytea', '\\x00ff', 2]] },
  { name: '[1, 2, 3] with = ANY', value: '[1, 2, 3, 42]', sql: 'SELECT name FROM users WHERE id = ANY({v}) ORDER BY id', expected: [['Alan'], ['Ada']] },
  { name: '[1, 2, 3] as bigint[]', value: '[1, 2, 3]', sql: TYPE_AND_TEXT, expected: [['bigint[]', '{1,2,3}']] },
  { name: 'tuple as an array', value: '(7, 8)', sql: TYPE_AND_TEXT, expected: [['bigint[]', '{7,8}']] },
  { name: "['a', 'b']", value: "['a', 'b']", sql: "SELECT pg_typeof({v})::text, {v}::text, 'b' = ANY({v}) AS has_b", expected: [['text[]', '{a,b}', true]] },
  {
    name: 'str list is text[]; cast it to match a uuid column',
    value: "['12345678-1234-5678-1234-567812345678']",
    sql: "SELECT pg_typeof({v})::text, '12345678-1234-5678-1234-567812345678'::uuid = ANY({v}::uuid[]) AS found",
    expected: [['text[]', true]],
  },
  {
    name: 'str list with quotes, commas, braces and the word NULL',
    value: `['a"b', 'c,d', '{x}', 'NULL', None, '']`,
    sql: 'SELECT {v} AS v',
    expected: [[['a"b', 'c,d', '{x}', 'NULL', null, '']]],
  },
  { name: '[] (empty) with = ANY', value: '[]', sql: 'SELECT name FROM users WHERE id = ANY({v})', expected: [] },
  { name: '[] (empty) cast', value: '[]', sql: 'SELECT cardinality({v}::int[]) AS n', expected: [[0]] },
  { name: '[[1, 2], [3, 4]]', value: '[[1, 2], [3, 4]]', sql: 'SELECT pg_typeof({v})::text, {v}::text, {v}[2][1] AS x', expected: [['bigint[]', '{{1,2},{3,4}}', 3n]] },
  { name: 'list with None', value: '[1, None, 3]', sql: TYPE_AND_TEXT, expected: [['bigint[]', '{1,NULL,3}']] },
  { name: 'ints and floats -> float8[]', value: '[1, 2.5]', sql: TYPE_AND_TEXT, expected: [['double precision[]', '{1,2.5}']] },
  { name: 'ints beyond int8 -> numeric[]', value: '[1, 2**70]', sql: TYPE_AND_TEXT, expected: [['numeric[]', '{1,1180591620717411303424}']] },
  {
    name: "{'a': [1, None]} -> jsonb",
    value: "{'a': [1, None], 'q': 'it\\'s'}",
    sql: "SELECT pg_typeof({v})::text, {v}::text, {v}->'a'->>0 AS first",
    expected: [['jsonb', '{"a": [1, null], "q": "it\'s"}', '1']],
  },
  {
    name: 'a set is a bind error naming the variable and its type',
    value: '{1}',
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (set) has type set, which cannot be a SQL parameter. ${SUPPORTED}` },
  },
  {
    name: 'object() is a bind error naming the variable and its type',
    value: 'object()',
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (object) has type object, which cannot be a SQL parameter. ${SUPPORTED}` },
  },
  {
    name: 'a list mixing str and int is a bind error',
    value: "['a', 1]",
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (list) is a list mixing element types; all elements must have one type. ${SUPPORTED}` },
  },
  {
    name: 'a ragged nested list is a bind error',
    value: '[[1, 2], [3]]',
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (list) is a nested list whose sub-lists differ in length; a SQL array must be rectangular. ${SUPPORTED}` },
  },
  {
    name: 'a list mixing values and sub-lists is a bind error',
    value: '[1, [2]]',
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (list) is a list mixing values and sub-lists at one level; a SQL array cannot. ${SUPPORTED}` },
  },
  {
    name: 'a str with NUL is a bind error',
    value: "'a\\x00b'",
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (str) contains a NUL character, which PostgreSQL text cannot hold. ${SUPPORTED}` },
  },
  {
    name: 'a list containing itself is a bind error, not a crash',
    value: '[]; $v.append($v)',
    sql: TYPE_AND_TEXT,
    expected: { bindError: `\`v\` (list) is nested too deeply (does it contain itself?). ${SUPPORTED}` },
  },
];

/** Each case gets its own variable (v0, v1, ...) so the cells do not redefine each other. */
function cellsOf(c: ParamCase, i: number): CellSpec[] {
  const v = `v${i}`;
  return [py(`p${i}`, `${v} = ${c.value.replaceAll('$v', v)}`), sql(`q${i}`, c.sql.replaceAll('{v}', `{${v}}`))];
}

function expectedOf(c: ParamCase, i: number): unknown {
  if (Array.isArray(c.expected)) return c.expected;
  return { kind: 'bind', name: `v${i}`, message: c.expected.bindError.replace('`v`', `\`v${i}\``) };
}

describe.each(BACKENDS)('Python -> SQL parameters (%s)', (backend) => {
  let k: BackendKernel;

  beforeAll(async () => {
    k = await startBackendKernel(backend);
    await k.load([
      sql(
        'setup',
        `CREATE TABLE users (id int PRIMARY KEY, name text, nickname text);
         INSERT INTO users VALUES (42, 'Ada', NULL), (99, 'Grace', 'amazing'), (1, 'Alan', NULL);`,
      ),
      py('imports', 'import datetime as dt\nfrom decimal import Decimal\nfrom uuid import UUID'),
      ...cases.flatMap(cellsOf),
    ]);
  });

  afterAll(() => k.stop());

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
    const id = `q${i}`;
    expect(k.error(id) ?? k.rows(id)).toEqual(expectedOf(cases[i]!, i));
  });

  it('names the {variable} whose type Postgres cannot infer, and how to fix it', async () => {
    await k.edit(py('maybe', 'maybe_nick = None'), 100);
    await k.edit(sql('untyped', 'SELECT id FROM users WHERE {maybe_nick} IS NULL'), 101);
    expect(k.error('untyped')).toEqual({
      kind: 'sql',
      message: 'could not determine data type of parameter $1',
      sqlstate: '42P18',
      hint: 'Postgres cannot infer the type of {maybe_nick} here (None and str take their type from context); add a cast, e.g. {maybe_nick}::text.',
    });
  });
});
