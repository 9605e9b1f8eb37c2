/**
 * The Python ↔ TypeScript boundary, as keyed records checked on arrival (like the UI ↔
 * kernel protocol in workers/protocol.ts). Python sends dicts with named fields
 * (ripple_runtime.py `run_cell`, `bind_params`), never positional lists with sentinel
 * values; a record of the wrong shape is a kernel bug, reported as one, not a cast.
 */
import type { CellOutput, MarkdownValue } from '../protocol';
import { readPythonOutput } from './outputs';

export type PythonRunResult =
  | { readonly ok: true; readonly output: CellOutput | null }
  | {
      readonly ok: false;
      readonly ename: string;
      readonly evalue: string;
      readonly traceback: string;
      readonly line: number | null;
      readonly interrupted: boolean;
    };

/** A Python value as a bind parameter, or why it cannot be one. */
export type PythonParam =
  | { readonly kind: 'text'; readonly typeOid: number; readonly text: string | null; readonly preview: string }
  | { readonly kind: 'array'; readonly typeOid: number; readonly items: unknown[]; readonly preview: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unsupported'; readonly message: string };

export class BridgeError extends Error {
  constructor(what: string, value: unknown) {
    super(`Ripple's Python runtime sent a malformed ${what}: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))?.slice(0, 200)}`);
    this.name = 'BridgeError';
  }
}

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A cell's result: None (null here) is a success that shows nothing (ripple_runtime.py `_ran`). */
export function readRunResult(value: unknown): PythonRunResult {
  if (value === null) return { ok: true, output: null };
  if (isFields(value) && value.ok === true) return { ok: true, output: readPythonOutput(value.output) };
  if (
    isFields(value) &&
    value.ok === false &&
    typeof value.ename === 'string' &&
    typeof value.evalue === 'string' &&
    typeof value.traceback === 'string' &&
    (value.line === null || Number.isInteger(value.line)) &&
    typeof value.interrupted === 'boolean'
  ) {
    return { ok: false, ename: value.ename, evalue: value.evalue, traceback: value.traceback, line: value.line as number | null, interrupted: value.interrupted };
  }
  throw new BridgeError('cell result', value);
}

function readParam(value: unknown): PythonParam {
  if (!isFields(value)) throw new BridgeError('bind parameter', value);
  switch (value.kind) {
    case 'missing':
      return { kind: 'missing' };
    case 'unsupported':
      if (typeof value.message === 'string') return { kind: 'unsupported', message: value.message };
      break;
    case 'text':
      if (Number.isInteger(value.typeOid) && (value.text === null || typeof value.text === 'string') && typeof value.preview === 'string') {
        return { kind: 'text', typeOid: value.typeOid as number, text: value.text, preview: value.preview };
      }
      break;
    case 'array':
      if (Number.isInteger(value.typeOid) && Array.isArray(value.items) && typeof value.preview === 'string') {
        return { kind: 'array', typeOid: value.typeOid as number, items: value.items, preview: value.preview };
      }
      break;
  }
  throw new BridgeError('bind parameter', value);
}

/** One parameter per name asked for, in order. */
export function readParams(value: unknown, count: number): PythonParam[] {
  if (!Array.isArray(value) || value.length !== count) throw new BridgeError(`list of ${count} bind parameters`, value);
  return value.map(readParam);
}

export function readStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new BridgeError(what, value);
  return value as string[];
}

/** One value per name asked for: `str()` text (maybe truncated), or missing. */
export function readMarkdownValues(value: unknown, names: readonly string[]): Record<string, MarkdownValue> {
  if (!isFields(value)) throw new BridgeError('set of Markdown values', value);
  return Object.fromEntries(
    names.map((name): [string, MarkdownValue] => {
      const entry = value[name];
      if (isFields(entry) && entry.missing === true) return [name, { missing: true }];
      if (isFields(entry) && typeof entry.text === 'string' && typeof entry.truncated === 'boolean') {
        return [name, entry.truncated ? { text: entry.text, truncated: true } : { text: entry.text }];
      }
      throw new BridgeError(`Markdown value of ${name}`, entry);
    }),
  );
}
