import { expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openPglite } from '../../workers/sql/pglite-open';

/** int4[]: PGlite has a parser for it only once its array-type query has run. */
const INT4_ARRAY = 1007;

// That query (PGlite's first, as it starts) took 79-164 ms of a warm reload's create in
// the browser; Ripple decodes arrays itself (pg-array.ts), so its database skips it.
it("opens PGlite without its query of array types; refreshArrayTypes() still runs it", async () => {
  const stock = await PGlite.create();
  const { db } = await openPglite({ kind: 'pglite', storage: 'memory', name: 'array-types' });
  const atOpen = { stock: typeof stock.parsers[INT4_ARRAY], ripple: typeof db.parsers[INT4_ARRAY] };
  await db.refreshArrayTypes();
  const refreshed = typeof db.parsers[INT4_ARRAY];
  const exec = await db.exec('SELECT 1 AS one');
  await Promise.all([stock.close(), db.close()]);
  expect({ atOpen, refreshed, works: exec[0]?.rows }).toEqual({
    atOpen: { stock: 'function', ripple: 'undefined' },
    refreshed: 'function',
    works: [{ one: 1 }],
  });
}, 60_000);
