/**
 * Pure formatting, ordering and export of SQL result values (no DOM, no Solid).
 *
 * Choices, for the record:
 * - NULL is `{ text: 'NULL', kind: 'null' }`; the text 'NULL' is `kind: 'text'`, so a view
 *   can style the two apart. In TSV/CSV exports NULL is an empty field (CSV writes the
 *   empty string as `""`, as Postgres's COPY ... CSV does, so the two stay distinct).
 * - Arrays are shown as Postgres prints them: `{1,2,NULL}`, `{{1,2},{3,4}}`, with elements
 *   double-quoted (and `"`/`\` backslash-escaped) when empty, `NULL`-like, or containing
 *   `{},"\` or whitespace: `{"a b",c}`.
 * - json/jsonb is compact JSON (`{"a":1}`), so a JSON string shows its quotes: `"x"`.
 * - bytea is `\x0001ff`; past 64 bytes the hex is cut and a note added: `\x00…ff… (100 bytes)`.
 * - Strings (text, date, timestamptz, ...) compare by UTF-16 code units, like the C
 *   collation; Postgres's ISO date/time output sorts correctly that way.
 */
import type { SqlValue } from '../../../workers/protocol';
import type { ShownTable } from './result-rows';

export type ValueKind = 'null' | 'number' | 'text' | 'bool' | 'json' | 'bytes' | 'array';

export interface FormattedValue {
  readonly text: string;
  readonly kind: ValueKind;
}

/** Types whose values are right-aligned numbers. */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);

export const JSON_TYPES: ReadonlySet<string> = new Set(['json', 'jsonb']);

/** Bytes of a bytea shown before the value is cut. */
export const BYTEA_PREVIEW_BYTES = 64;

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return Object.is(n, -0) ? '-0' : String(n);
}

function formatBytes(bytes: Uint8Array): string {
  let hex = '';
  const end = Math.min(bytes.length, BYTEA_PREVIEW_BYTES);
  for (let i = 0; i < end; i++) hex += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return end === bytes.length ? `\\x${hex}` : `\\x${hex}… (${bytes.length.toLocaleString('en-US')} bytes)`;
}

/** Compact JSON; a bigint or bytea nested in it (not from the kernel's json) as a string. */
function compactJson(value: SqlValue): string {
  const json = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? formatBytes(v) : v,
  );
  return json ?? 'null';
}

function scalarText(value: SqlValue, typeName: string): string {
  if (value === null) return 'NULL';
  if (JSON_TYPES.has(typeName)) return compactJson(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return formatBytes(value);
  return compactJson(value);
}

function quoteArrayElement(text: string): string {
  if (text !== '' && text.toUpperCase() !== 'NULL' && !/[{}",\\\s]/.test(text)) return text;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function formatArray(values: readonly SqlValue[], elementType: string): string {
  const parts = values.map((v) => {
    if (v === null) return 'NULL';
    if (Array.isArray(v) && !JSON_TYPES.has(elementType)) return formatArray(v as readonly SqlValue[], elementType);
    return quoteArrayElement(scalarText(v, elementType));
  });
  return `{${parts.join(',')}}`;
}

function kindOf(value: SqlValue, typeName: string): ValueKind {
  if (value === null) return 'null';
  if (JSON_TYPES.has(typeName)) return 'json';
  if (NUMERIC_TYPES.has(typeName) || typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'string') return 'text';
  return 'json';
}

export function formatValue(value: SqlValue, typeName: string): FormattedValue {
  if (value === null) return { text: 'NULL', kind: 'null' };
  if (Array.isArray(value) && !JSON_TYPES.has(typeName)) {
    const elementType = typeName.startsWith('_') ? typeName.slice(1) : typeName;
    return { text: formatArray(value as readonly SqlValue[], elementType), kind: 'array' };
  }
  return { text: scalarText(value, typeName), kind: kindOf(value, typeName) };
}

// ---------------------------------------------------------------- ordering

interface Decimal {
  readonly sign: -1 | 0 | 1;
  /** Significant digits, no leading or trailing zeros. */
  readonly digits: string;
  /** Position of the decimal point relative to `digits` (value = 0.digits × 10^exp). */
  readonly exp: number;
}

const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** Parses a decimal string exactly; NaN/±Infinity are handled by the caller. */
function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  const intPart = m?.[2] ?? '';
  const all = intPart + (m?.[3] ?? '');
  if (!m || all === '') return undefined;
  const lead = all.search(/[1-9]/);
  if (lead < 0) return { sign: 0, digits: '', exp: 0 };
  const digits = all.slice(lead).replace(/0+$/, '');
  return { sign: m[1] === '-' ? -1 : 1, digits, exp: intPart.length - lead + Number(m[4] ?? 0) };
}

export interface DecimalKey {
  /** As Postgres: -Infinity 0 < finite 1 < Infinity 2 < NaN 3; 4 for text that is no number. */
  readonly rank: number;
  readonly decimal?: Decimal;
  readonly text: string;
}

const SPECIAL_RANKS: Readonly<Record<string, number>> = { '-Infinity': 0, Infinity: 2, '+Infinity': 2, NaN: 3 };

export function decimalKey(text: string): DecimalKey {
  const special = SPECIAL_RANKS[text.trim()];
  if (special !== undefined) return { rank: special, text };
  const decimal = parseDecimal(text);
  return decimal ? { rank: 1, decimal, text } : { rank: 4, text };
}

export function compareDecimalKeys(a: DecimalKey, b: DecimalKey): number {
  if (a.rank !== b.rank) return Math.sign(a.rank - b.rank);
  const da = a.decimal;
  const db = b.decimal;
  if (!da || !db) return a.rank === 4 ? compareStrings(a.text, b.text) : 0;
  if (da.sign !== db.sign) return da.sign < db.sign ? -1 : 1;
  if (da.sign === 0) return 0;
  const magnitude = da.exp !== db.exp ? Math.sign(da.exp - db.exp) : compareStrings(da.digits, db.digits);
  return magnitude * da.sign;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isNumberLike = (v: SqlValue): v is number | bigint | string => ['number', 'bigint', 'string'].includes(typeof v);
const isNumeric = (v: SqlValue): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

function compareNumbers(a: number | bigint | string, b: number | bigint | string): number {
  if (typeof a !== 'string' && typeof b !== 'string') {
    const nanA = typeof a === 'number' && Number.isNaN(a);
    const nanB = typeof b === 'number' && Number.isNaN(b);
    if (nanA || nanB) return nanA === nanB ? 0 : nanA ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0; // exact across number and bigint
  }
  const sa = typeof a === 'number' ? formatNumber(a) : a.toString();
  const sb = typeof b === 'number' ? formatNumber(b) : b.toString();
  return compareDecimalKeys(decimalKey(sa), decimalKey(sb));
}

/** Order between values of different JS types (mixed columns only). */
function typeRank(v: SqlValue): number {
  const t = typeof v;
  return t === 'boolean' ? 0 : t === 'number' || t === 'bigint' ? 1 : t === 'string' ? 2 : v instanceof Uint8Array ? 3 : Array.isArray(v) ? 4 : 5;
}

/** Element-wise, then shorter first: for bytea and arrays. */
function compareSequences<T>(xs: ArrayLike<T>, ys: ArrayLike<T>, compare: (x: T, y: T) => number): number {
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const d = compare(xs[i] as T, ys[i] as T);
    if (d !== 0) return d;
  }
  return Math.sign(xs.length - ys.length);
}

/**
 * Ascending order of two values of a column of type `typeName`; NULLs sort last.
 * Numbers compare exactly: number vs bigint natively, numeric strings digit by digit
 * (never through a float), NaN after every other number.
 */
export function compareValues(a: SqlValue, b: SqlValue, typeName: string): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if ((NUMERIC_TYPES.has(typeName) && isNumberLike(a) && isNumberLike(b)) || (isNumeric(a) && isNumeric(b))) {
    return compareNumbers(a, b);
  }
  if (typeof a === 'string' && typeof b === 'string' && !JSON_TYPES.has(typeName)) return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareSequences(a, b, (x, y) => Math.sign(x - y));
  if (Array.isArray(a) && Array.isArray(b) && !JSON_TYPES.has(typeName)) {
    const elementType = typeName.startsWith('_') ? typeName.slice(1) : typeName;
    return compareSequences<SqlValue>(a as readonly SqlValue[], b as readonly SqlValue[], (x, y) => compareValues(x, y, elementType));
  }
  const rank = typeRank(a) - typeRank(b);
  return rank !== 0 ? Math.sign(rank) : compareStrings(compactJson(a), compactJson(b));
}

/**
 * For a JSON column whose values are strings, booleans, arrays or objects: a text whose
 * code-unit order is compareValues' order (the kind of value, then its compact JSON), so
 * that a sort builds each value's JSON once, not at every comparison. Undefined for a
 * number or bytes, which compareValues orders otherwise.
 */
export function jsonSortText(value: SqlValue): string | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'bigint' || value instanceof Uint8Array) return undefined;
  return String.fromCharCode(48 + typeRank(value)) + compactJson(value);
}

/** typeRank of a value from the first character of its JSON text; undefined for a number. */
const JSON_RANKS: Readonly<Record<string, number>> = { t: 0, f: 0, '"': 2, '[': 4, '{': 5 };

/**
 * jsonSortText of the value whose JSON.stringify text `json` is (a packed JSON column's,
 * workers/row-chunk.ts), without parsing it: compactJson of that value is the same text.
 */
export function jsonTextSortText(json: string): string | undefined {
  const rank = JSON_RANKS[json.charAt(0)];
  return rank === undefined ? undefined : String.fromCharCode(48 + rank) + json;
}

export type SortDirection = 'asc' | 'desc';

// ---------------------------------------------------------------- export

/** The rows to export, in order: `rowIndexes`, or every row as stored. */
function exportRows(table: ShownTable, rowIndexes?: ArrayLike<number>): (readonly SqlValue[])[] {
  const out: (readonly SqlValue[])[] = [];
  const count = rowIndexes ? rowIndexes.length : table.rows.length;
  for (let i = 0; i < count; i++) {
    const index = rowIndexes ? rowIndexes[i] : i;
    const row = index === undefined ? undefined : table.rows.at(index);
    if (row) out.push(row);
  }
  return out;
}

function tsvField(text: string): string {
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Tab-separated text with a header line, for pasting into spreadsheets: NULL is an empty
 * field; a field containing a tab, newline or `"` is quoted as Excel and Google Sheets
 * copy it (`"a""b"`). Values are copied as shown, without the CSV formula guard.
 * Lines are joined by `\n`, with none after the last.
 */
export const TSV = {
  header: (table: ShownTable): string => table.columns.map((c) => tsvField(c.name)).join('\t'),
  record: (table: ShownTable, row: readonly SqlValue[]): string =>
    table.columns.map((c, k) => tsvField(row[k] == null ? '' : formatValue(row[k] ?? null, c.typeName).text)).join('\t'),
};

export function toTsv(table: ShownTable, rowIndexes?: ArrayLike<number>): string {
  const lines = [TSV.header(table)];
  for (const row of exportRows(table, rowIndexes)) lines.push(TSV.record(table, row));
  return lines.join('\n');
}

/**
 * Guards against spreadsheet formula injection (OWASP "CSV injection"): a text value
 * starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`. Values of
 * numeric columns are exempt: `-1.5` cannot run and a prefix would corrupt the number.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV with a header record and CRLF line breaks (after every record, the last
 * too). NULL is an empty field and the empty string is `""`. See `guardFormula` for the
 * `'` prefix.
 */
export const CSV = {
  header: (table: ShownTable): string => table.columns.map((c) => csvField(guardFormula(c.name))).join(','),
  record: (table: ShownTable, row: readonly SqlValue[]): string =>
    table.columns
      .map((c, k) => {
        const value = row[k] ?? null;
        if (value === null) return '';
        const { text, kind } = formatValue(value, c.typeName);
        if (text === '') return '""';
        return csvField(kind === 'number' ? text : guardFormula(text));
      })
      .join(','),
};

export function toCsv(table: ShownTable, rowIndexes?: ArrayLike<number>): string {
  const records = [CSV.header(table)];
  for (const row of exportRows(table, rowIndexes)) records.push(CSV.record(table, row));
  return `${records.join('\r\n')}\r\n`;
}

/** `1 row`, `0 rows`, `1,000,000 rows`. */
/** One formatter: `toLocaleString` builds one per call, 0.1–0.2 ms each, once per arriving chunk of a large result. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** `1,234` */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

export function formatRowCount(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
}
