/**
 * Postgres text values -> JS values, by type. One decoder for every backend, because
 * every backend hands us the server's text format.
 *
 * | Postgres                         | JS (SqlValue)                 | Python (named result)      |
 * |----------------------------------|-------------------------------|----------------------------|
 * | int2, int4, oid                  | number                        | int                        |
 * | int8                             | bigint (exact beyond 2^53)    | int                        |
 * | numeric                          | string (exact)                | decimal.Decimal            |
 * | float4, float8                   | number (NaN, ±Infinity too)   | float                      |
 * | bool                             | boolean                       | bool                       |
 * | text, varchar, char, name, enum  | string                        | str                        |
 * | date                             | string 'YYYY-MM-DD'           | datetime.date              |
 * | time, timetz                     | string as printed             | datetime.time              |
 * | timestamp                        | string, no time-zone shift    | naive datetime.datetime    |
 * | timestamptz                      | string with its offset        | aware datetime.datetime    |
 * | json, jsonb                      | parsed JSON (JS numbers)      | json.loads: exact numbers  |
 * | bytea                            | Uint8Array                    | bytes                      |
 * | uuid                             | string                        | uuid.UUID                  |
 * | arrays of any of these           | arrays (nested)               | lists (nested)             |
 * | anything else (interval, inet…)  | string as printed             | str                        |
 * | NULL                             | null                          | None                       |
 * Values Python's types cannot express (infinity, BC dates, years past 9999, the time
 * 24:00:00) stay strings in Python.
 * JSON numbers become JS numbers, so in the JS value an integer beyond 2^53 is rounded
 * and 1.0 reads as 1; Python parses the server's text itself (json.loads), exactly.
 */
import type { SqlColumn, SqlTable, SqlValue } from '../protocol';
import type { PgTypeInfo, RawResult } from './executor';
import { parsePgArray, type PgArrayItem } from './pg-array';

export type PythonKind = 'int' | 'float' | 'decimal' | 'date' | 'time' | 'datetime' | 'bytes' | 'uuid' | 'json' | 'plain';

type Decoder = (text: string) => SqlValue;

const decodeInt: Decoder = (text) => Number(text);
const decodeBigInt: Decoder = (text) => BigInt(text);
const decodeFloat: Decoder = (text) => (text === 'Infinity' ? Infinity : text === '-Infinity' ? -Infinity : Number(text));
const decodeBool: Decoder = (text) => text === 't' || text === 'true';
const decodeJson: Decoder = (text) => JSON.parse(text) as SqlValue;
const decodeText: Decoder = (text) => text;

function decodeBytea(text: string): Uint8Array {
  if (!text.startsWith('\\x')) return new TextEncoder().encode(text); // escape format is not used by default
  const hex = text.slice(2);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

const SCALAR: Record<string, { decode: Decoder; python: PythonKind }> = {
  int2: { decode: decodeInt, python: 'int' },
  int4: { decode: decodeInt, python: 'int' },
  oid: { decode: decodeInt, python: 'int' },
  int8: { decode: decodeBigInt, python: 'int' },
  float4: { decode: decodeFloat, python: 'float' },
  float8: { decode: decodeFloat, python: 'float' },
  numeric: { decode: decodeText, python: 'decimal' },
  bool: { decode: decodeBool, python: 'plain' },
  json: { decode: decodeJson, python: 'json' },
  jsonb: { decode: decodeJson, python: 'json' },
  bytea: { decode: decodeBytea, python: 'bytes' },
  date: { decode: decodeText, python: 'date' },
  time: { decode: decodeText, python: 'time' },
  timetz: { decode: decodeText, python: 'time' },
  timestamp: { decode: decodeText, python: 'datetime' },
  timestamptz: { decode: decodeText, python: 'datetime' },
  uuid: { decode: decodeText, python: 'uuid' },
};

export interface ColumnCodec {
  readonly column: SqlColumn;
  readonly python: PythonKind;
  readonly isArray: boolean;
  readonly decode: (text: string | null) => SqlValue;
  /**
   * Set by decodeResult for 'json' columns, whose JS values lose precision: per kept
   * row, the server's text (for arrays, the nested element texts) for Python to parse.
   */
  readonly pythonTexts?: readonly (PgArrayItem | null)[];
}

function scalarCodec(info: PgTypeInfo | undefined): { decode: Decoder; python: PythonKind } {
  return (info && SCALAR[info.name]) ?? { decode: decodeText, python: 'plain' };
}

export function columnCodec(name: string, typeOid: number, types: ReadonlyMap<number, PgTypeInfo>): ColumnCodec {
  const info = types.get(typeOid);
  const column: SqlColumn = { name, typeOid, typeName: info?.name ?? String(typeOid) };
  if (info && info.category === 'A' && info.elementOid !== 0) {
    const element = scalarCodec(types.get(info.elementOid));
    const decodeItem = (item: PgArrayItem): SqlValue =>
      item === null ? null : Array.isArray(item) ? item.map(decodeItem) : element.decode(item);
    return {
      column,
      python: element.python,
      isArray: true,
      decode: (text) => (text === null ? null : parsePgArray(text, info.delimiter).map(decodeItem)),
    };
  }
  const scalar = scalarCodec(info);
  return { column, python: scalar.python, isArray: false, decode: (text) => (text === null ? null : scalar.decode(text)) };
}

export interface DecodedResult {
  readonly table: SqlTable;
  readonly codecs: readonly ColumnCodec[];
}

/** How much of one result the kernel keeps (and sends to the page, and to Python). */
export interface ResultLimits {
  readonly maxRows: number;
  /** An estimate of the kept rows' size once decoded: 2 bytes per character, 32 per value. */
  readonly maxBytes: number;
}

export const UNLIMITED: ResultLimits = { maxRows: Infinity, maxBytes: Infinity };

/**
 * How many leading rows fit the limits. Wide rows hit the byte budget long before the
 * row cap: a million rows of 1 kB text would otherwise be copied to the page and to
 * Python several times over.
 */
export function rowsWithinLimits(rows: RawResult['rows'], limits: ResultLimits): number {
  if (rows.length <= limits.maxRows && limits.maxBytes === Infinity) return rows.length;
  let bytes = 0;
  const max = Math.min(rows.length, limits.maxRows);
  for (let r = 0; r < max; r++) {
    for (const value of rows[r]!) bytes += 32 + (value === null ? 0 : 2 * value.length);
    if (bytes > limits.maxBytes) return r;
  }
  return max;
}

/** Decodes the rows within `limits`; rowCount still says how many the query returned. */
export function decodeResult(raw: RawResult, types: ReadonlyMap<number, PgTypeInfo>, limits: ResultLimits = UNLIMITED): DecodedResult {
  const keep = rowsWithinLimits(raw.rows, limits);
  const kept = keep < raw.rows.length ? raw.rows.slice(0, keep) : raw.rows;
  const codecs = raw.fields.map((f, i): ColumnCodec => {
    const codec = columnCodec(f.name, f.typeOid, types);
    if (codec.python !== 'json') return codec;
    const delimiter = types.get(f.typeOid)?.delimiter ?? ',';
    const texts = kept.map((row) => {
      const text = row[i] ?? null;
      return text !== null && codec.isArray ? parsePgArray(text, delimiter) : text;
    });
    return { ...codec, pythonTexts: texts };
  });
  const rows = kept.map((row) => row.map((text, i) => codecs[i]!.decode(text)));
  return {
    codecs,
    table: { columns: codecs.map((c) => c.column), rows, rowCount: raw.rows.length, command: raw.command },
  };
}
