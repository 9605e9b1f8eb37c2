import type { DatabaseSchema } from '../protocol';
import type { SqlExecutor } from './executor';

/** User relations and their columns, in one round trip; system schemas are left out. */
const SCHEMA_QUERY = `
SELECT n.nspname::text, c.relname::text, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY n.nspname, c.relname, a.attnum`;

export async function readSchema(executor: SqlExecutor): Promise<DatabaseSchema> {
  const result = await executor.query(SCHEMA_QUERY, []);
  const tables = new Map<string, { schema: string; name: string; columns: { name: string; type: string }[] }>();
  for (const [schema, name, column, type] of result.rows) {
    const key = `${schema}.${name}`;
    let table = tables.get(key);
    if (!table) tables.set(key, (table = { schema: schema ?? '', name: name ?? '', columns: [] }));
    table.columns.push({ name: column ?? '', type: type ?? '' });
  }
  return { tables: [...tables.values()] };
}
