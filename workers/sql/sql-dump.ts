/**
 * A plain-SQL dump of a notebook's database: schemas, enum types, sequences, tables with
 * their data, constraints, indexes and views, in an order that replays into an empty
 * database (`psql -f`, or a SQL cell). It is how data leaves a PGlite database in a form
 * any PostgreSQL reads, including a future one that cannot open today's data directory.
 *
 * Every value is quoted by the server (`quote_nullable`, its output function), and every
 * identifier by `ident` below; nothing of the data passes through JavaScript values.
 */
import type { SqlExecutor } from './executor';

/** Rows per INSERT statement: compact, and small enough for any server to parse. */
const ROWS_PER_INSERT = 100;

const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`;

async function rows(executor: SqlExecutor, sql: string): Promise<string[][]> {
  const result = await executor.query(sql, []);
  return result.rows.map((row) => row.map((value) => value ?? ''));
}

interface Column {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly defaultExpr: string;
  /** '' (none), 'a' (GENERATED ALWAYS AS IDENTITY) or 'd' (BY DEFAULT). */
  readonly identity: string;
  /** The expression of a GENERATED ALWAYS AS (...) STORED column, else ''. */
  readonly generated: string;
}

function columnDefinition(column: Column): string {
  const parts = [ident(column.name), column.type];
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  else if (column.identity) parts.push(`GENERATED ${column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  else if (column.defaultExpr) parts.push(`DEFAULT ${column.defaultExpr}`);
  if (column.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

async function tableColumns(executor: SqlExecutor): Promise<Map<string, { schema: string; name: string; columns: Column[] }>> {
  const tables = new Map<string, { schema: string; name: string; columns: Column[] }>();
  const found = await rows(
    executor,
    `SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
            CASE WHEN a.attgenerated = '' THEN coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') ELSE '' END,
            a.attidentity::text,
            CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) ELSE '' END
     FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE c.relkind = 'r' AND ${USER_NAMESPACE}
     ORDER BY c.oid, a.attnum`,
  );
  for (const [schema = '', name = '', column = '', type = '', notNull, defaultExpr = '', identity = '', generated = ''] of found) {
    const key = qualified(schema, name);
    let table = tables.get(key);
    if (!table) tables.set(key, (table = { schema, name, columns: [] }));
    table.columns.push({ name: column, type, notNull: notNull === 'true', defaultExpr, identity, generated });
  }
  return tables;
}

async function tableData(executor: SqlExecutor, table: string, columns: readonly Column[]): Promise<string[]> {
  const stored = columns.filter((c) => !c.generated);
  if (stored.length === 0) return [];
  const values = await rows(executor, `SELECT ${stored.map((c) => `pg_catalog.quote_nullable(${ident(c.name)})`).join(', ')} FROM ONLY ${table}`);
  const overriding = stored.some((c) => c.identity === 'a') ? ' OVERRIDING SYSTEM VALUE' : '';
  const statements: string[] = [];
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
    const chunk = values.slice(i, i + ROWS_PER_INSERT).map((row) => `  (${row.join(', ')})`);
    statements.push(`INSERT INTO ${table} (${stored.map((c) => ident(c.name)).join(', ')})${overriding} VALUES\n${chunk.join(',\n')};`);
  }
  return statements;
}

/** The whole dump as one SQL text. `header` is a comment line (no secrets: the caller's description). */
export async function dumpDatabase(executor: SqlExecutor, header: string): Promise<string> {
  const out: string[] = [`-- ${header.replaceAll('\n', ' ')}`, "SET client_encoding = 'UTF8';", 'SET standard_conforming_strings = on;', ''];

  for (const [schema = ''] of await rows(executor, `SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE ${USER_NAMESPACE} AND n.nspname <> 'public' ORDER BY n.oid`)) {
    out.push(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)};`);
  }
  const enums = await rows(
    executor,
    `SELECT n.nspname, t.typname, string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
     FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
     WHERE ${USER_NAMESPACE} GROUP BY n.nspname, t.typname, t.oid ORDER BY t.oid`,
  );
  for (const [schema = '', name = '', labels = ''] of enums) out.push(`CREATE TYPE ${qualified(schema, name)} AS ENUM (${labels});`);

  // Sequences of their own (serial columns' included); identity sequences come with their table.
  const sequences = await rows(
    executor,
    `SELECT s.schemaname, s.sequencename, s.data_type::text, s.start_value::text, s.min_value::text, s.max_value::text, s.increment_by::text, s.cycle::text
     FROM pg_catalog.pg_sequences s
     JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname
     JOIN pg_catalog.pg_class c ON c.relname = s.sequencename AND c.relnamespace = n.oid
     WHERE ${USER_NAMESPACE} AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
     ORDER BY c.oid`,
  );
  for (const [schema = '', name = '', type, start, min, max, increment, cycle] of sequences) {
    out.push(`CREATE SEQUENCE ${qualified(schema, name)} AS ${type} INCREMENT BY ${increment} MINVALUE ${min} MAXVALUE ${max} START WITH ${start}${cycle === 'true' ? ' CYCLE' : ''};`);
  }

  const tables = await tableColumns(executor);
  for (const [table, { columns }] of tables) {
    out.push('', `CREATE TABLE ${table} (\n${columns.map((c) => `  ${columnDefinition(c)}`).join(',\n')}\n);`);
  }
  for (const [table, { columns }] of tables) out.push(...(await tableData(executor, table, columns)));

  const owned = await rows(
    executor,
    `SELECT sn.nspname, s.relname, tn.nspname, t.relname, a.attname
     FROM pg_catalog.pg_depend d
     JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
     JOIN pg_catalog.pg_class t ON t.oid = d.refobjid JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
     JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE d.deptype = 'a' AND sn.nspname NOT IN ('pg_catalog', 'information_schema')`,
  );
  for (const [schema = '', name = '', tableSchema = '', table = '', column = ''] of owned) {
    out.push(`ALTER SEQUENCE ${qualified(schema, name)} OWNED BY ${qualified(tableSchema, table)}.${ident(column)};`);
  }
  const positions = await rows(
    executor,
    `SELECT s.schemaname, s.sequencename, s.last_value::text FROM pg_catalog.pg_sequences s
     JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname WHERE ${USER_NAMESPACE} AND s.last_value IS NOT NULL ORDER BY s.schemaname, s.sequencename`,
  );
  for (const [schema = '', name = '', last = ''] of positions) {
    out.push(`SELECT pg_catalog.setval(${`'${qualified(schema, name).replaceAll("'", "''")}'`}, ${last}, true);`);
  }

  // Constraints after the data (faster, and foreign keys in any order); NOT NULL is in the columns.
  const constraints = await rows(
    executor,
    `SELECT n.nspname, c.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid)
     FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_NAMESPACE} AND k.contype IN ('p', 'u', 'c', 'x', 'f')
     ORDER BY k.contype = 'f', k.oid`,
  );
  for (const [schema = '', table = '', name = '', definition = ''] of constraints) {
    out.push(`ALTER TABLE ONLY ${qualified(schema, table)} ADD CONSTRAINT ${ident(name)} ${definition};`);
  }
  const indexes = await rows(
    executor,
    `SELECT pg_catalog.pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_NAMESPACE} AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY i.indexrelid`,
  );
  for (const [definition = ''] of indexes) out.push(`${definition};`);

  const views = await rows(
    executor,
    `SELECT n.nspname, c.relname, c.relkind::text, pg_catalog.pg_get_viewdef(c.oid)
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('v', 'm') AND ${USER_NAMESPACE} ORDER BY c.oid`,
  );
  for (const [schema = '', name = '', kind, definition = ''] of views) {
    out.push(`CREATE ${kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualified(schema, name)} AS\n${definition.trim().replace(/;$/, '')};`);
  }
  return `${out.join('\n')}\n`;
}
