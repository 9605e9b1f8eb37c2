import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql, startTestKernel, type TestKernel } from './harness';

// A database with most of what a notebook builds: schemas, an enum, serial and identity
// columns, a generated column, arrays, json, bytea, int8 beyond 2^53, quotes and `{name}`
// in values, odd identifiers, constraints, an index and a view.
const SETUP = `
CREATE SCHEMA sales;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (
  id serial PRIMARY KEY, name text NOT NULL UNIQUE, born date, feeling mood DEFAULT 'ok',
  tags text[], meta jsonb, photo bytea, score numeric(10,2) CHECK (score >= 0), big int8
);
CREATE TABLE sales.orders (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, person int REFERENCES people (id),
  total numeric, doubled numeric GENERATED ALWAYS AS (total * 2) STORED, at timestamp DEFAULT '2000-01-01'
);
CREATE INDEX orders_total ON sales.orders (total);
INSERT INTO people (name, born, feeling, tags, meta, photo, score, big) VALUES
  ('Ada ''the first''', '1815-12-10', 'happy', '{a,"b c",NULL}', '{"k": [1, 2.5, null]}', '\\x00ff10', 12.5, 9007199254740993),
  ('Grace', NULL, 'sad', '{}', 'null', NULL, 0, NULL),
  ('{user_id} stays text', '2000-02-29', DEFAULT, NULL, NULL, '', NULL, -1);
INSERT INTO sales.orders (person, total, at) VALUES (1, 10.5, '2024-01-01 10:00:00'), (2, 3, DEFAULT);
CREATE VIEW sales.big_orders AS SELECT id, total FROM sales.orders WHERE total > 5;
CREATE TABLE "Odd ""name""" ("weird col" text);
INSERT INTO "Odd ""name""" VALUES ('x')`;

const CHECK = `SELECT (SELECT json_agg(p ORDER BY id)::text FROM people p) || (SELECT json_agg(o ORDER BY id)::text FROM sales.orders o)
  || (SELECT json_agg(v ORDER BY id)::text FROM sales.big_orders v) || (SELECT json_agg(x)::text FROM "Odd ""name""" x) AS everything`;

let original: TestKernel;
let restored: TestKernel;

beforeAll(async () => {
  [original, restored] = await Promise.all([startTestKernel(), startTestKernel()]);
  await original.load([sql('setup', SETUP), sql('check', CHECK)]);
});
afterAll(async () => {
  await Promise.all([original.kernel.shutdown(), restored.kernel.shutdown()]);
});

const withoutHeader = (dump: string): string => dump.slice(dump.indexOf('\n') + 1);

it('replays into an empty database as the same data, and dumps again to the same SQL', async () => {
  const dump = await original.kernel.dumpDatabase();
  // The dump runs as a SQL cell, as a user would restore it.
  await restored.load([sql('restore', dump), sql('check', CHECK)]);
  expect({ error: restored.error('restore'), status: restored.status('restore') }).toEqual({ error: undefined, status: 'done' });
  expect(restored.rows('check')).toEqual(original.rows('check'));
  expect(withoutHeader(await restored.kernel.dumpDatabase())).toEqual(withoutHeader(dump));
});

it('restores sequences and identities where they were, and the constraints hold', async () => {
  await restored.edit(
    sql(
      'after',
      `INSERT INTO people (name) VALUES ('New');
       INSERT INTO sales.orders (person, total) VALUES (3, 1);
       SELECT (SELECT max(id) FROM people) AS person, (SELECT max(id) FROM sales.orders) AS orders`,
    ),
    2,
  );
  await restored.edit(sql('refused', `INSERT INTO sales.orders (person, total) VALUES (99, 1)`), 3);
  expect({ ids: restored.rows('after'), refused: restored.error('refused') }).toEqual({
    ids: [[4, 3]],
    refused: expect.objectContaining({ kind: 'sql', sqlstate: '23503' }), // foreign key
  });
});

it('says where it comes from in its first line, without secrets', async () => {
  const dump = await original.kernel.dumpDatabase();
  expect(dump.split('\n')[0]).toMatch(/^-- Ripple SQL dump of PGlite \(memory\) · test, PostgreSQL 18\.\d+, \d{4}-\d\d-\d\dT/);
});
