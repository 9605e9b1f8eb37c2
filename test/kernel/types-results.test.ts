import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellSpec } from '../../workers/protocol';
import { BACKENDS, py, sql, startBackendKernel, type BackendKernel } from './harness';

// Postgres values -> JS (a SQL cell's table output) and -> Python (a named SQL cell's
// SqlResult), through a real kernel: real Pyodide, and each backend in turn (PGlite,
// and a real PostgreSQL through the proxy): both must give exactly these values. The
// mapping under test is the table at the top of workers/sql/decode.ts.

interface JsCase {
  readonly name: string;
  /** A SQL cell whose result's first column, first row is checked. */
  readonly sql: string;
  readonly typeName: string;
  readonly value: unknown;
}

const jsCases: JsCase[] = [
  { name: 'int2 -> number', sql: 'SELECT 7::int2', typeName: 'int2', value: 7 },
  { name: 'int4 -> number', sql: 'SELECT 2147483647', typeName: 'int4', value: 2147483647 },
  { name: 'int8 beyond 2^53 -> exact bigint', sql: 'SELECT 9007199254740993::int8', typeName: 'int8', value: 9007199254740993n },
  { name: 'int8 minimum -> bigint', sql: 'SELECT (-9223372036854775808)::int8', typeName: 'int8', value: -9223372036854775808n },
  { name: 'numeric -> exact string', sql: "SELECT '12345678901234567890.123'::numeric", typeName: 'numeric', value: '12345678901234567890.123' },
  { name: 'numeric keeps its scale', sql: "SELECT '1.10'::numeric", typeName: 'numeric', value: '1.10' },
  { name: 'float8 NaN', sql: "SELECT 'NaN'::float8", typeName: 'float8', value: NaN },
  { name: 'float8 Infinity', sql: "SELECT 'Infinity'::float8", typeName: 'float8', value: Infinity },
  { name: 'float8 -Infinity', sql: "SELECT '-Infinity'::float8", typeName: 'float8', value: -Infinity },
  { name: 'float8 0.1', sql: 'SELECT 0.1::float8', typeName: 'float8', value: 0.1 },
  { name: 'float4 1.5', sql: 'SELECT 1.5::float4', typeName: 'float4', value: 1.5 },
  { name: 'bool', sql: 'SELECT 1 < 2', typeName: 'bool', value: true },
  { name: 'text', sql: "SELECT 'it''s {x}'::text", typeName: 'text', value: "it's {x}" },
  { name: 'date', sql: "SELECT '2024-02-29'::date", typeName: 'date', value: '2024-02-29' },
  { name: 'timestamp: no shift', sql: "SELECT '2024-03-10 02:30:00'::timestamp", typeName: 'timestamp', value: '2024-03-10 02:30:00' },
  {
    name: 'timestamptz: printed in the session zone with its offset',
    sql: "SELECT '2024-03-10 02:30:00+02'::timestamptz",
    typeName: 'timestamptz',
    value: '2024-03-10 06:00:00+05:30',
  },
  { name: 'time', sql: "SELECT '13:45:30.5'::time", typeName: 'time', value: '13:45:30.5' },
  { name: 'timetz', sql: "SELECT '13:45:30+02'::timetz", typeName: 'timetz', value: '13:45:30+02' },
  { name: 'json -> parsed', sql: `SELECT '{"a": [1, 2.5, null], "b": "x"}'::json`, typeName: 'json', value: { a: [1, 2.5, null], b: 'x' } },
  { name: 'jsonb -> parsed', sql: `SELECT '{"b": {"c": true}, "a": []}'::jsonb`, typeName: 'jsonb', value: { a: [], b: { c: true } } },
  { name: 'int[] with NULL', sql: "SELECT '{1,NULL,3}'::int[]", typeName: '_int4', value: [1, null, 3] },
  {
    name: 'text[] with NULL, quotes, commas and the word NULL',
    sql: `SELECT ARRAY['a"b', NULL, 'NULL', 'c,d', '', ' s\\p ']`,
    typeName: '_text',
    value: ['a"b', null, 'NULL', 'c,d', '', ' s\\p '],
  },
  { name: '2-D int[]', sql: "SELECT '{{1,2},{3,4}}'::int[]", typeName: '_int4', value: [[1, 2], [3, 4]] },
  { name: 'int8[] beyond 2^53', sql: 'SELECT ARRAY[9007199254740993::int8, NULL]', typeName: '_int8', value: [9007199254740993n, null] },
  { name: 'numeric[]', sql: "SELECT '{1.10,NaN}'::numeric[]", typeName: '_numeric', value: ['1.10', 'NaN'] },
  { name: 'float8[] with NaN and Infinity', sql: "SELECT '{NaN,Infinity,-1.5}'::float8[]", typeName: '_float8', value: [NaN, Infinity, -1.5] },
  { name: 'timestamp[]', sql: "SELECT ARRAY['2024-01-01 10:00'::timestamp]", typeName: '_timestamp', value: ['2024-01-01 10:00:00'] },
  { name: 'jsonb[]', sql: `SELECT ARRAY['{"a": "}"}'::jsonb, 'null'::jsonb]`, typeName: '_jsonb', value: [{ a: '}' }, null] },
  { name: 'bytea -> Uint8Array', sql: "SELECT '\\x00ff'::bytea", typeName: 'bytea', value: new Uint8Array([0, 255]) },
  { name: 'bytea[]', sql: "SELECT ARRAY['\\x01'::bytea, ''::bytea]", typeName: '_bytea', value: [new Uint8Array([1]), new Uint8Array([])] },
  {
    name: 'uuid -> string',
    sql: "SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid",
    typeName: 'uuid',
    value: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  },
  { name: 'NULL -> null', sql: 'SELECT NULL::int', typeName: 'int4', value: null },
  { name: 'interval -> string', sql: "SELECT '1 day 2 hours 3 minutes 4 seconds'::interval", typeName: 'interval', value: '1 day 02:03:04' },
  { name: 'infinity timestamp -> string', sql: "SELECT 'infinity'::timestamp", typeName: 'timestamp', value: 'infinity' },
  { name: 'enum created in the cell -> string', sql: "CREATE TYPE mood AS ENUM ('sad', 'happy'); SELECT 'happy'::mood", typeName: 'mood', value: 'happy' },
  {
    name: 'array of an enum created in the cell',
    sql: "CREATE TYPE mood2 AS ENUM ('sad', 'happy'); SELECT ARRAY['sad', 'happy']::mood2[]",
    typeName: '_mood2',
    value: ['sad', 'happy'],
  },
  { name: 'a domain reads as its base type', sql: 'CREATE DOMAIN posint AS int CHECK (VALUE > 0); SELECT 5::posint', typeName: 'int4', value: 5 },
  {
    name: 'an array of a domain decodes like its base type',
    sql: 'CREATE DOMAIN posint8 AS int8 CHECK (VALUE > 0); SELECT ARRAY[5::posint8]',
    typeName: '_posint8',
    value: [5n],
  },
  { name: 'box[] uses ; as delimiter', sql: "SELECT ARRAY['((1,1),(0,0))'::box, '((3,3),(2,2))'::box]", typeName: '_box', value: ['(1,1),(0,0)', '(3,3),(2,2)'] },
];

interface PyCase {
  readonly name: string;
  /** A named SQL cell; the Python cell shows `(type name, value)` of its first value. */
  readonly sql: string;
  readonly repr: string;
}

const pyCases: PyCase[] = [
  { name: 'int8 beyond 2^53 -> exact int', sql: 'SELECT 9007199254740993::int8', repr: "('int', 9007199254740993)" },
  { name: 'int4 -> int', sql: 'SELECT 42', repr: "('int', 42)" },
  { name: 'numeric -> Decimal with scale', sql: "SELECT '1.10'::numeric", repr: "('Decimal', Decimal('1.10'))" },
  {
    name: 'numeric beyond float precision -> exact Decimal',
    sql: "SELECT '12345678901234567890.123'::numeric",
    repr: "('Decimal', Decimal('12345678901234567890.123'))",
  },
  { name: 'float8 2.0 stays float', sql: 'SELECT 2.0::float8', repr: "('float', 2.0)" },
  { name: 'float8 NaN', sql: "SELECT 'NaN'::float8", repr: "('float', nan)" },
  { name: 'bool', sql: 'SELECT true', repr: "('bool', True)" },
  { name: 'text', sql: "SELECT 'it''s'", repr: '(\'str\', "it\'s")' },
  { name: 'date', sql: "SELECT '2024-02-29'::date", repr: "('date', datetime.date(2024, 2, 29))" },
  {
    name: 'timestamp -> naive datetime',
    sql: "SELECT '2024-03-10 02:30:15.25'::timestamp",
    repr: "('datetime', datetime.datetime(2024, 3, 10, 2, 30, 15, 250000))",
  },
  {
    name: 'timestamptz -> aware datetime with its offset',
    sql: "SELECT '2024-03-10 02:30:00+02'::timestamptz",
    repr: "('datetime', datetime.datetime(2024, 3, 10, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800))))",
  },
  { name: 'time', sql: "SELECT '13:45:30.5'::time", repr: "('time', datetime.time(13, 45, 30, 500000))" },
  {
    name: 'timetz -> aware time',
    sql: "SELECT '13:45:30-05'::timetz",
    repr: "('time', datetime.time(13, 45, 30, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400))))",
  },
  { name: 'bytea -> bytes', sql: "SELECT '\\x00ff'::bytea", repr: "('bytes', b'\\x00\\xff')" },
  {
    name: 'uuid -> uuid.UUID',
    sql: "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
    repr: "('UUID', UUID('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'))",
  },
  { name: 'jsonb -> dict', sql: `SELECT '{"a": [1, null], "b": "x"}'::jsonb`, repr: "('dict', {'a': [1, None], 'b': 'x'})" },
  { name: 'jsonb keeps big ints and floats exact', sql: `SELECT '[9007199254740993, 1.0]'::jsonb`, repr: "('list', [9007199254740993, 1.0])" },
  {
    name: 'jsonb[] -> exact values, SQL NULL -> None',
    sql: `SELECT ARRAY['{"n": 9007199254740993}'::jsonb, NULL, '"}"']`,
    repr: "('list', [{'n': 9007199254740993}, None, '}'])",
  },
  { name: 'int[] -> list', sql: "SELECT '{1,NULL,3}'::int[]", repr: "('list', [1, None, 3])" },
  { name: '2-D int8[] -> nested lists', sql: "SELECT '{{1,2},{3,9007199254740993}}'::int8[]", repr: "('list', [[1, 2], [3, 9007199254740993]])" },
  { name: 'numeric[] -> Decimals', sql: "SELECT '{1.10,NULL}'::numeric[]", repr: "('list', [Decimal('1.10'), None])" },
  { name: 'float8[] -> floats', sql: "SELECT '{1,2.5}'::float8[]", repr: "('list', [1.0, 2.5])" },
  { name: 'date[] -> dates', sql: "SELECT ARRAY['2024-01-02'::date]", repr: "('list', [datetime.date(2024, 1, 2)])" },
  { name: 'bytea[] -> bytes', sql: "SELECT ARRAY['\\x01'::bytea]", repr: "('list', [b'\\x01'])" },
  { name: 'NULL -> None', sql: 'SELECT NULL::int', repr: "('NoneType', None)" },
  { name: "'infinity'::timestamp stays a str", sql: "SELECT 'infinity'::timestamp", repr: "('str', 'infinity')" },
  { name: 'a BC date stays a str', sql: "SELECT '0044-03-15 BC'::date", repr: "('str', '0044-03-15 BC')" },
  {
    name: 'timestamptz with a seconds offset (local mean time)',
    sql: "SELECT '1850-01-01 00:00:00+05:53:28'::timestamptz",
    repr: "('datetime', datetime.datetime(1850, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=21208))))",
  },
  { name: 'a timestamp past year 9999 stays a str', sql: "SELECT '10000-01-01'::timestamp", repr: "('str', '10000-01-01 00:00:00')" },
  { name: "time '24:00:00' stays a str (not midnight)", sql: "SELECT '24:00:00'::time", repr: "('str', '24:00:00')" },
  { name: "timetz '24:00:00+00' stays a str", sql: "SELECT '24:00:00+00'::timetz", repr: "('str', '24:00:00+00')" },
  { name: 'interval -> str', sql: "SELECT '90 minutes'::interval", repr: "('str', '01:30:00')" },
];

const jsCells = (c: JsCase, i: number): CellSpec[] => [sql(`js${i}`, c.sql)];
const pyCells = (c: PyCase, i: number): CellSpec[] => [
  sql(`pq${i}`, c.sql, `r${i}`),
  py(`pp${i}`, `(type(r${i}.rows[0][0]).__name__, r${i}.rows[0][0])`),
];

describe.each(BACKENDS)('Postgres -> JS and Python (%s)', (backend) => {
  let k: BackendKernel;

  beforeAll(async () => {
    k = await startBackendKernel(backend);
    await k.load([
      // Every timestamptz below is printed in this zone, so offsets are not +00.
      sql('tz', "SET TIME ZONE 'Asia/Kolkata'"),
      ...jsCases.flatMap(jsCells),
      ...pyCases.flatMap(pyCells),
      sql('small', "SELECT 1 AS id, 'a' AS name UNION ALL SELECT 2, '<script>'", 'small'),
      py('columns', 'small.columns'),
      py('length', 'len(small)'),
      py('iterate', 'list(small)'),
      py('column', "small['name']"),
      py('index', 'small[1]'),
      py('slice', 'small[-1:]'),
      py('meta', '(small.types, small.row_count, small.command)'),
      py('repr', 'print(repr(small))'),
      py('html', 'small'),
      py('html-form', 'small._repr_html_()'),
    ]);
  });

  afterAll(() => k.stop());

  describe('Postgres -> JS (table output)', () => {
    it.each(jsCases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
      const output = k.output(`js${i}`);
      const actual =
        output?.type === 'table' ? { typeName: output.table.columns[0]?.typeName, value: output.table.rows[0]?.[0] } : (k.error(`js${i}`) ?? output);
      const c = jsCases[i]!;
      expect(actual).toEqual({ typeName: c.typeName, value: c.value });
    });
  });

  describe('Postgres -> Python (named result)', () => {
    it.each(pyCases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
      expect(k.error(`pq${i}`) ?? k.error(`pp${i}`) ?? k.output(`pp${i}`)).toEqual({ type: 'text', text: pyCases[i]!.repr });
    });
  });

  describe('SqlResult', () => {
    it('has column names', () => {
      expect(k.output('columns')).toEqual({ type: 'text', text: "['id', 'name']" });
    });

    it('has a length', () => {
      expect(k.output('length')).toEqual({ type: 'text', text: '2' });
    });

    // A list of dicts shows as a table (ripple_display.py), typed by its values.
    const dicts = (rows: unknown[][]) => ({
      type: 'table',
      table: { columns: [{ name: 'id', typeOid: 20, typeName: 'int8' }, { name: 'name', typeOid: 25, typeName: 'text' }], rows, rowCount: rows.length, command: `${rows.length} dicts` },
    });

    it('iterates as dicts', () => {
      expect(k.output('iterate')).toEqual(dicts([[1n, 'a'], [2n, '<script>']]));
    });

    it('gives a column by name', () => {
      expect(k.output('column')).toEqual({ type: 'text', text: "['a', '<script>']" });
    });

    it('gives a row by index', () => {
      expect(k.output('index')).toEqual({ type: 'text', text: "{'id': 2, 'name': '<script>'}" });
    });

    it('gives a list of dicts for a slice', () => {
      expect(k.output('slice')).toEqual(dicts([[2n, '<script>']]));
    });

    it('has types, row count and command', () => {
      expect(k.output('meta')).toEqual({ type: 'text', text: "(['int4', 'text'], 2, 'SELECT 2')" });
    });

    it('has a readable repr', () => {
      expect(k.stream('repr')).toEqual(
        ['SqlResult(2 rows x 2 columns: SELECT 2)', 'id | name      ', '---+-----------', "1  | 'a'       ", "2  | '<script>'", ''].join('\n'),
      );
    });

    it('shows as a table, with its SQL types, as a trailing expression', () => {
      expect(k.output('html')).toEqual({
        type: 'table',
        table: { columns: [{ name: 'id', typeOid: 23, typeName: 'int4' }, { name: 'name', typeOid: 25, typeName: 'text' }], rows: [[1, 'a'], [2, '<script>']], rowCount: 2, command: 'SELECT 2' },
      });
    });

    it('still has an escaped HTML form for other tools', () => {
      expect(k.output('html-form')).toEqual({
        type: 'text',
        text: JSON.stringify(
          '<table><thead><tr><th>id</th><th>name</th></tr></thead><tbody>' +
            '<tr><td>1</td><td>&#x27;a&#x27;</td></tr><tr><td>2</td><td>&#x27;&lt;script&gt;&#x27;</td></tr></tbody></table>',
        ).replace(/^"|"$/g, "'"),
      });
    });
  });
});
