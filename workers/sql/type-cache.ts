import type { PgTypeInfo } from './executor';
import { BUILTIN_TYPE_ROWS } from './builtin-types';

/** Reads pg_type rows for the given oids; each backend issues it its own way. */
export type TypeLookup = (oids: readonly number[]) => Promise<readonly PgTypeInfo[]>;

/** A domain reports its base type's name, so arrays of a domain decode like the base type. */
export const ALL_PG_TYPES_QUERY =
  'SELECT t.oid::int8::text, COALESCE(b.typname, t.typname)::text, t.typelem::int8::text, t.typcategory::text, t.typdelim::text ' +
  "FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype";
export const PG_TYPE_QUERY = `${ALL_PG_TYPES_QUERY} WHERE t.oid = ANY($1::oid[])`;

/**
 * PostgreSQL assigns its built-in types' OIDs below this by hand, in its catalog data
 * (FirstGenbkiObjectId): every database of one major version has the same ones. Types
 * from 10,000 (initdb's, like information_schema's domains) and 16,384 (users') differ
 * from database to database and are looked up.
 */
export const BUILTIN_OID_LIMIT = 10_000;

/** The built-in types (workers/sql/builtin-types.ts, generated from PGlite). */
export function builtinTypes(): PgTypeInfo[] {
  return BUILTIN_TYPE_ROWS.split('\n').map((line) => typeInfoFromRow(line.split('|')));
}

export function typeInfoFromRow(row: readonly (string | null)[]): PgTypeInfo {
  const [oid, name, elem, category, delimiter] = row;
  return {
    oid: Number(oid),
    name: name ?? 'unknown',
    elementOid: Number(elem ?? 0),
    category: category ?? 'U',
    delimiter: delimiter ?? ',',
  };
}

/**
 * Caches pg_type facts per connection. Types are looked up lazily, on first sight of
 * an oid, so user-defined types (enums, domains) created later are found too.
 */
export class TypeCache {
  private readonly known = new Map<number, PgTypeInfo>();

  constructor(private readonly lookup: TypeLookup) {}

  /** Facts known up front (the built-in types), so that `peek` can answer. */
  remember(infos: readonly PgTypeInfo[]): void {
    for (const info of infos) this.known.set(info.oid, info);
  }

  /** The facts for these oids and their elements if every one is known already, without a lookup. */
  peek(oids: readonly number[]): ReadonlyMap<number, PgTypeInfo> | undefined {
    for (const oid of oids) {
      const info = this.known.get(oid);
      if (!info || (info.elementOid !== 0 && !this.known.has(info.elementOid))) return undefined;
    }
    return this.known;
  }

  async get(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>> {
    const missing = [...new Set(oids)].filter((oid) => !this.known.has(oid));
    if (missing.length > 0) {
      const found = await this.lookup(missing);
      for (const info of found) this.known.set(info.oid, info);
      // Array element types are needed to decode elements.
      const elements = found.map((t) => t.elementOid).filter((oid) => oid !== 0 && !this.known.has(oid));
      if (elements.length > 0) for (const info of await this.lookup(elements)) this.known.set(info.oid, info);
    }
    return this.known;
  }
}
