import { describe, expect, it } from 'vitest';
import { OUTPUT_CHUNK_ROWS, outputChunks } from '../../workers/output-chunks';
import type { CellOutput, KernelEvent } from '../../workers/protocol';
import { sql, startTestKernel } from './harness';

const tableOf = (n: number): CellOutput => ({
  type: 'table',
  table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: Array.from({ length: n }, (_, i) => [i + 1]), rowCount: n, command: `SELECT ${n}` },
});
/** "table <rows sent>/<row count>" (or the output's type), then each chunk's size. */
function sizes([first, ...rest]: ReturnType<typeof outputChunks>): (string | number)[] {
  const head = first.type === 'table' ? `table ${first.table.rows.length}/${first.table.rowCount}` : first.type;
  return [head, ...rest.map((rows) => rows.length)];
}

describe('outputChunks', () => {
  it.each([
    ['a small table goes whole', tableOf(3), 4, ['table 3/3']],
    ['exactly one chunk goes whole', tableOf(4), 4, ['table 4/4']],
    ['a large table: its first rows (with the full row count), then the rest in chunks', tableOf(9), 4, ['table 4/9', 4, 1]],
    ['not a table: as it is', { type: 'text', text: 'x' } as CellOutput, 4, ['text']],
  ] as const)('%s', (_name, output, chunk, expected) => {
    expect(sizes(outputChunks(output, chunk))).toEqual(expected);
  });
});

it('a SQL cell of 25,001 rows: the first 10,000 in output, the rest in output-rows chunks, then done', async () => {
  const k = await startTestKernel();
  await k.load([sql('q', 'SELECT g FROM generate_series(1, 25001) AS g')]);
  const events = k.events.filter((e): e is Extract<KernelEvent, { cellId: string }> => 'cellId' in e && e.cellId === 'q');
  const shape = events
    .filter((e) => e.type === 'output' || e.type === 'output-rows' || (e.type === 'status' && e.status === 'done'))
    .map((e) => (e.type === 'output' ? (e.output.type === 'table' ? `output ${e.output.table.rows.length} of ${e.output.table.rowCount}` : 'output') : e.type === 'output-rows' ? `rows ${e.rows.length}` : 'done'));
  const all = k.rows('q');
  await k.kernel.shutdown();
  expect({ chunk: OUTPUT_CHUNK_ROWS, shape, count: all?.length, inOrder: all?.every((row, i) => row[0] === i + 1) }).toEqual({
    chunk: 10_000,
    shape: ['output 10000 of 25001', 'rows 10000', 'rows 5001', 'done'],
    count: 25_001,
    inOrder: true,
  });
}, 120_000);
