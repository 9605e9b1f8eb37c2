/**
 * A cell's output as the messages that carry it to the page. The page decodes each
 * message in one task: a 1,000,000-row table in one message blocked it for about 0.9 s
 * (`npm run bench -- --scenario large`), so a large table goes as its first FIRST_ROWS
 * rows, then the rest in chunks, column by column (row-chunk.ts).
 *
 * Why these sizes, all from full runs of `npm run bench` on 2 cores:
 * - As row arrays, a chunk's decode (12–40 ms) and the collections of the millions of row
 *   objects the page then held made tasks of 58–110 ms. As columns, a chunk is a few
 *   objects, and the first rows stay row arrays (the table shows them at once).
 * - Chunks of 5,000 rows as columns still left tasks of 56–115 ms: a young-generation
 *   collection that copied the chunks' text (one string per column, 50–150 KB) took a GC
 *   thread 30–65 ms of CPU while the page waited (traced). At 20,000 rows a column's text
 *   is past V8's large-object size (128 KB) for most columns; a large object is promoted
 *   without a copy, and no collection over 20 ms was left in the traces. (Since
 *   2026-12-05 text crosses as code units in a typed array, outside V8's heap, since
 *   freeing large objects paused the page too: row-chunk.ts.)
 * - The first rows stay row arrays: the table shows them at once, and Python and the
 *   protocol's `output` carry tables so. Their decode, 5,000 at first, made the first long
 *   task (34–49 ms, 15–18 ms of CPU with three young collections in it, traced); the
 *   screen shows about 30 rows, so 1,000 are enough.
 * - A column of values kept one by one (bytea, bigints past 64 bits, mixed kinds) decodes
 *   as objects again, so a table with one goes in chunks of VALUES_CHUNK_ROWS, as before.
 *   An `int8` column packs into a BigInt64Array, JSON and arrays into their JSON text
 *   (row-chunk.ts), so they do not count as one.
 */
import type { CellOutput, RowChunk, SqlTable } from './protocol';
import { encodeRows } from './row-chunk';

/** Rows of the first message (and of the first rows sent while a query still runs). */
export const FIRST_ROWS = 1_000;
/** Rows per later chunk when every column packs into typed arrays. */
export const CHUNK_ROWS = 20_000;
/** Rows per later chunk when a column holds values one by one. */
export const VALUES_CHUNK_ROWS = 5_000;

export interface ChunkSizes {
  readonly first: number;
  readonly chunk: number;
  readonly valuesChunk: number;
}

const SIZES: ChunkSizes = { first: FIRST_ROWS, chunk: CHUNK_ROWS, valuesChunk: VALUES_CHUNK_ROWS };

/** The rows after the first `sent` (which an earlier message carried), in chunks; at least one, maybe empty. */
export function restChunks(table: SqlTable, sent: number, sizes: ChunkSizes = SIZES): RowChunk[] {
  const width = table.columns.length;
  const rest: RowChunk[] = [];
  let size = sizes.chunk;
  for (let start = sent; start < table.rows.length; ) {
    let chunk = encodeRows(table.rows.slice(start, start + size), width);
    if (size > sizes.valuesChunk && chunk.columns.some((column) => column.kind === 'values')) {
      // Found once, kept for the rest of the table: its next chunks would hold such values too.
      size = sizes.valuesChunk;
      chunk = encodeRows(table.rows.slice(start, start + size), width);
    }
    rest.push(chunk);
    start += chunk.length;
  }
  return rest.length > 0 ? rest : [encodeRows([], width)];
}

/** The output to send first (a table cut to its first rows), then the remaining rows chunk by chunk. */
export function outputChunks(output: CellOutput, sizes: ChunkSizes = SIZES): [CellOutput, ...RowChunk[]] {
  if (output.type !== 'table' || output.table.rows.length <= sizes.first) return [output];
  return [{ ...output, table: { ...output.table, rows: output.table.rows.slice(0, sizes.first) } }, ...restChunks(output.table, sizes.first, sizes)];
}
