import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { BackendReader, continueMessages, statementMessages } from '../../workers/sql/wire';
import { PostgresError, type BindParam } from '../../workers/sql/executor';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { inProcessPglite } from '../../workers/sql/pglite-connection';

/** The backend's bytes for one statement, from a real PGlite. */
async function replyBytes(db: PGlite, text: string, params: readonly BindParam[] = []): Promise<Uint8Array> {
  return db.execProtocolRaw(statementMessages(text, params), { syncToFs: false });
}

function readAll(bytes: Uint8Array, cut: number[] = []): BackendReader {
  const reader = new BackendReader();
  let at = 0;
  for (const end of [...cut, bytes.length]) {
    // A fresh copy each time, then scribbled over: the reader must not keep views of it.
    const chunk = bytes.slice(at, end);
    reader.feed(chunk);
    chunk.fill(0xff);
    at = end;
  }
  return reader;
}

describe('the wire protocol, against a real PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  const cases: { name: string; text: string; params?: BindParam[]; fields: string[]; rows: (string | null)[][]; command: string }[] = [
    { name: 'no parameters', text: 'select 1 as one', fields: ['one'], rows: [['1']], command: 'SELECT 1' },
    {
      name: 'typed, inferred and NULL parameters',
      text: 'select $1::int + 1 as n, $2 as t, $3::text as missing',
      params: [
        { typeOid: 0, text: '41' },
        { typeOid: 25, text: 'héllo ✓ 😀' },
        { typeOid: 0, text: null },
      ],
      fields: ['n', 't', 'missing'],
      rows: [['42', 'héllo ✓ 😀', null]],
      command: 'SELECT 1',
    },
    { name: 'a column named in UTF-8', text: 'select 2 as "größe"', fields: ['größe'], rows: [['2']], command: 'SELECT 1' },
    { name: 'no rows', text: 'select 1 as x where false', fields: ['x'], rows: [], command: 'SELECT 0' },
    { name: 'a command without rows', text: 'create temp table w (a int)', fields: [], rows: [], command: 'CREATE TABLE' },
    { name: "the server's own tag", text: 'insert into w select generate_series(1, 3)', fields: [], rows: [], command: 'INSERT 0 3' },
    { name: 'returning', text: 'update w set a = a * 10 where a > 1 returning a', fields: ['a'], rows: [['20'], ['30']], command: 'UPDATE 2' },
  ];

  it.each(cases)('$name: read whole, and cut at every byte', async ({ text, params, fields, rows, command }) => {
    const bytes = await replyBytes(db, text, params);
    const readers = [readAll(bytes)];
    for (let cut = 1; cut < bytes.length; cut++) readers.push(readAll(bytes, [cut]));
    for (const reader of readers) {
      expect(reader.error).toBeUndefined();
      expect(reader.fields.map((f) => f.name)).toEqual(fields);
      expect(reader.rows).toEqual(rows);
      expect(reader.command).toBe(command);
      expect(reader.ready).toBe(true);
    }
  });

  it('reports the type oid of every column', async () => {
    const reader = readAll(await replyBytes(db, "select 1::int2 a, 1::int8 b, 'x'::text c, now() d, '{1}'::int4[] e"));
    expect(reader.fields.map((f) => f.typeOid)).toEqual([21, 20, 25, 1184, 1007]);
  });

  it('a multi-byte character cut across chunks decodes whole', async () => {
    const bytes = await replyBytes(db, "select repeat('é', 5000) || '😀' as t");
    const at = bytes.indexOf(0xf0); // the emoji's first byte
    const reader = readAll(bytes, [at + 1, at + 2, at + 3]);
    expect(reader.rows[0]![0]).toBe('é'.repeat(5000) + '😀');
  });

  it("an error keeps the server's fields and the reply still ends", async () => {
    const reader = readAll(await replyBytes(db, 'select 1 from from'));
    expect(reader.error).toBeInstanceOf(PostgresError);
    expect(reader.error).toMatchObject({ sqlstate: '42601', position: 15 });
    expect(reader.error?.message).toMatch(/syntax error/);
    expect(reader.ready).toBe(true);
    expect((await db.query<{ x: number }>('select 3 as x')).rows).toEqual([{ x: 3 }]);
  });

  it('a row limit suspends the portal; the rest follows in the same transaction', async () => {
    const reader = new BackendReader();
    await db.execProtocolRawStream(statementMessages('select i from generate_series(1, 25) i', [], 10), { onRawData: (d) => reader.feed(d) });
    expect(reader.rows).toHaveLength(10);
    expect(reader.suspended).toBe(true);
    expect(reader.ready).toBe(false);
    await db.execProtocolRawStream(continueMessages(0), { onRawData: (d) => reader.feed(d) });
    expect(reader.rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(reader.ready).toBe(true);
  });
});

describe('a reply that cannot be framed', () => {
  it('is an error, not a loop', () => {
    const reader = new BackendReader();
    reader.feed(new Uint8Array([0x44, 0, 0, 0, 2, 0x44, 0xff, 0xff, 0xff, 0xf0, 0, 0]));
    reader.feed(new Uint8Array([0x5a, 0, 0, 0, 5, 0x49]));
    expect(reader.error?.message).toBe('The database sent a malformed reply.');
    expect(reader.rows).toEqual([]);
    expect(reader.ready).toBe(false);
  });
});

describe('PgliteExecutor on the wire path', () => {
  it('binds, returns text values and throws PostgresError', async () => {
    const executor = await PgliteExecutor.open({ kind: 'pglite', name: 'wire-test', storage: 'memory' }, inProcessPglite());
    try {
      const result = await executor.query("select $1::int * 2 as n, 'a' || $2 as t, null::int as z", [
        { typeOid: 0, text: '21' },
        { typeOid: 25, text: 'ß' },
      ]);
      expect(result).toEqual({ fields: [{ name: 'n', typeOid: 23 }, { name: 't', typeOid: 25 }, { name: 'z', typeOid: 23 }], rows: [['42', 'aß', null]], command: 'SELECT 1' });
      await expect(executor.query('select * from nowhere', [])).rejects.toMatchObject({ name: 'PostgresError', sqlstate: '42P01', position: 15 });
      // The connection is usable after the error.
      expect((await executor.query('select 7', [])).rows).toEqual([['7']]);
      // Large sorts and set-returning functions stay in memory rather than in OPFS files.
      expect((await executor.query('show work_mem', [])).rows).toEqual([['64MB']]);
    } finally {
      await executor.close();
    }
  });
});
