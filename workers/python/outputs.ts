/**
 * The outputs Python sends (ripple_display.py), checked field by field on their way to
 * the protocol: a value from user code crosses here, so a malformed one becomes a
 * plain-text note, never a cast that the UI would trust.
 */
import type { CellOutput, ImageMime, JsonValue, SqlColumn, SqlTable, SqlValue } from '../protocol';

const IMAGE_MIMES: readonly ImageMime[] = ['image/png', 'image/jpeg', 'image/gif'];

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' ? value : undefined;
}

function column(value: unknown): SqlColumn | undefined {
  if (!isFields(value)) return undefined;
  const name = text(value, 'name');
  const typeName = text(value, 'typeName');
  const typeOid = value.typeOid;
  if (name === undefined || typeName === undefined || typeof typeOid !== 'number') return undefined;
  return { name, typeName, typeOid };
}

/** int8 values are bigint, as in SQL results (workers/sql/decode.ts), whatever size Python's int had. */
function cell(value: unknown, type: SqlColumn): SqlValue {
  if (type.typeName === 'int8' && typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return (value ?? null) as SqlValue;
}

function table(fields: Fields): SqlTable | undefined {
  const { columns, rows, rowCount } = fields;
  const command = text(fields, 'command');
  if (!Array.isArray(columns) || !Array.isArray(rows) || typeof rowCount !== 'number' || command === undefined) return undefined;
  const cols = columns.map(column);
  if (cols.some((c) => c === undefined)) return undefined;
  const typed = cols as SqlColumn[];
  if (!rows.every((row) => Array.isArray(row) && row.length === typed.length)) return undefined;
  return { columns: typed, rows: (rows as unknown[][]).map((row) => row.map((v, i) => cell(v, typed[i]!))), rowCount, command };
}

function parseJson(source: string | undefined): JsonValue | undefined {
  if (source === undefined) return undefined;
  try {
    return JSON.parse(source) as JsonValue;
  } catch {
    return undefined;
  }
}

function read(fields: Fields): CellOutput | undefined {
  switch (fields.type) {
    case 'text':
    case 'html':
    case 'svg':
    case 'markdown':
    case 'latex': {
      const key = fields.type;
      const value = text(fields, key);
      return value === undefined ? undefined : ({ type: key, [key]: value } as CellOutput);
    }
    case 'image': {
      const mime = IMAGE_MIMES.find((m) => m === fields.mime);
      const base64 = text(fields, 'base64');
      return mime && base64 !== undefined && /^[A-Za-z0-9+/]*={0,2}$/.test(base64) ? { type: 'image', mime, base64 } : undefined;
    }
    case 'json': {
      const json = parseJson(text(fields, 'json'));
      return json === undefined ? undefined : { type: 'json', json };
    }
    case 'vegalite': {
      const spec = text(fields, 'spec');
      return spec !== undefined && isFields(parseJson(spec)) ? { type: 'vegalite', spec } : undefined;
    }
    case 'table': {
      const t = table(fields);
      return t === undefined ? undefined : { type: 'table', table: t };
    }
    default:
      return undefined;
  }
}

/** The output, or a text output saying what was wrong with it; null for none. */
export function readPythonOutput(value: unknown): CellOutput | null {
  if (value === null || value === undefined) return null;
  const output = isFields(value) ? read(value) : undefined;
  const kind = isFields(value) && typeof value.type === 'string' ? `"${value.type}" ` : '';
  return output ?? { type: 'text', text: `(Ripple could not show this ${kind}output: it was malformed.)` };
}
