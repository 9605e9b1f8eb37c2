import type { SqlColumn } from '../../workers/protocol';

/** How a column maps onto a Vega-Lite encoding type. */
export type FieldKind = 'temporal' | 'quantitative' | 'nominal';

const QUANTITATIVE = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid', 'money']);
const TEMPORAL = new Set(['date', 'timestamp', 'timestamptz']);

/** By pg_type.typname; anything else (text, bool, uuid, time, json, arrays) is nominal. */
export function fieldKind(column: Pick<SqlColumn, 'typeName'>): FieldKind {
  if (QUANTITATIVE.has(column.typeName)) return 'quantitative';
  if (TEMPORAL.has(column.typeName)) return 'temporal';
  return 'nominal';
}
