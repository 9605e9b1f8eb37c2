/**
 * A cell's output as the messages that carry it to the page. The page decodes each
 * message in one task: a 1,000,000-row table in one message blocked it for about 0.9 s
 * (`npm run bench -- --scenario large`), so a large table goes as its first rows, then
 * the rest in chunks of OUTPUT_CHUNK_ROWS. 10,000-row chunks still made one task of 52–70
 * ms in most 1,000,000-row runs (a chunk's decode holding a minor GC); with 5,000, none
 * over 50 ms in 3 runs, and the cell is done as soon (1.92 vs 1.96 s).
 */
import type { CellOutput, SqlTable } from './protocol';

export const OUTPUT_CHUNK_ROWS = 5_000;

/** The rows after the first `sent` (which a partial output already carried), in chunks; at least one, maybe empty. */
export function restChunks(table: SqlTable, sent: number, chunkRows: number = OUTPUT_CHUNK_ROWS): SqlTable['rows'][] {
  const rest: SqlTable['rows'][] = [];
  for (let start = sent; start < table.rows.length; start += chunkRows) rest.push(table.rows.slice(start, start + chunkRows));
  return rest.length > 0 ? rest : [[]];
}

/** The output to send first (a table cut to its first chunk), then the remaining rows chunk by chunk. */
export function outputChunks(output: CellOutput, chunkRows: number = OUTPUT_CHUNK_ROWS): [CellOutput, ...SqlTable['rows'][]] {
  if (output.type !== 'table' || output.table.rows.length <= chunkRows) return [output];
  return [{ ...output, table: { ...output.table, rows: output.table.rows.slice(0, chunkRows) } }, ...restChunks(output.table, chunkRows, chunkRows)];
}
