import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { builtinTypesSource, readBuiltinTypeRows } from '../../scripts/builtin-pg-types-read';
import { builtinTypes } from '../../workers/sql/type-cache';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { inProcessPglite, type ConnectPglite, type Exchange } from '../../workers/sql/pglite-connection';

it('the built-in types module is what the installed PGlite reports (regenerate: scripts/builtin-pg-types.ts)', async () => {
  expect(readFileSync('workers/sql/builtin-types.ts', 'utf8')).toBe(builtinTypesSource(await readBuiltinTypeRows()));
}, 60_000);

it('reads every built-in type, with each array element type among them', () => {
  const types = new Map(builtinTypes().map((t) => [t.oid, t]));
  expect(types.get(23)).toEqual({ oid: 23, name: 'int4', elementOid: 0, category: 'N', delimiter: ',' });
  expect(types.get(1007)).toEqual({ oid: 1007, name: '_int4', elementOid: 23, category: 'A', delimiter: ',' });
  expect(types.get(603)).toMatchObject({ name: 'box', delimiter: ';' });
  expect([...types.values()].filter((t) => t.elementOid !== 0 && !types.has(t.elementOid))).toEqual([]);
});

// A real PGlite, with its exchanges counted on the way through.
it("opens a database without a query (its version included), decodes built-in types without a lookup, and looks up the database's own", async () => {
  let exchanges = 0;
  const inner = inProcessPglite();
  const connect: ConnectPglite = async (config) => {
    const connection = await inner(config);
    return {
      storage: connection.storage,
      serverVersion: connection.serverVersion,
      close: () => connection.close(),
      exclusive: (work) =>
        connection.exclusive((exchange) => {
          const counted: Exchange = (request, options, sink) => {
            exchanges++;
            return exchange(request, options, sink);
          };
          return work(counted);
        }),
    };
  };
  const executor = await PgliteExecutor.open({ kind: 'pglite', name: 'builtin-types', storage: 'memory' }, connect);
  try {
    // The version the settings show: read as the database opened, not asked for again.
    expect({ version: await executor.serverVersion(), exchanges }).toEqual({ version: expect.stringMatching(/^\d+\.\d+/), exchanges: 0 });
    const builtin = await executor.query("select 1::int4 as i, 'a'::text as t, array[1.5]::float8[] as f, now() as ts", []);
    const seen = exchanges;
    const types = await executor.types(builtin.fields.map((f) => f.typeOid));
    expect(builtin.fields.map((f) => types.get(f.typeOid)?.name)).toEqual(['int4', 'text', '_float8', 'timestamptz']);
    expect(exchanges).toBe(seen);

    await executor.query("create type mood as enum ('calm')", []);
    const own = await executor.query("select 'calm'::mood as m, array['calm'::mood] as ms", []);
    const before = exchanges;
    const ownTypes = await executor.types(own.fields.map((f) => f.typeOid));
    expect(own.fields.map((f) => ownTypes.get(f.typeOid)?.name)).toEqual(['mood', '_mood']);
    expect(exchanges).toBeGreaterThan(before);
  } finally {
    await executor.close();
  }
}, 60_000);
