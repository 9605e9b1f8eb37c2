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

type CellEvent = Extract<KernelEvent, { cellId: string }>;

function describeEvent(e: CellEvent): string {
  if (e.type === 'output') return e.output.type === 'table' ? `${e.partial ? 'first rows' : 'output'} ${e.output.table.rows.length} of ${e.output.table.rowCount}` : 'output';
  if (e.type === 'output-rows') return `rows ${e.rows.length}${e.end ? ` end ${e.end.rowCount} ${e.end.command}` : ''}`;
  return e.type === 'status' ? e.status : e.type;
}

function cellEvents(events: readonly KernelEvent[], id: string): CellEvent[] {
  return events.filter((e): e is CellEvent => 'cellId' in e && e.cellId === id);
}

it('a SQL cell of 12,501 rows: its first 5,000 while the query runs, the rest in output-rows chunks, then done', async () => {
  const k = await startTestKernel();
  await k.load([sql('q', 'SELECT g FROM generate_series(1, 12501) AS g')]);
  const shape = cellEvents(k.events, 'q')
    .filter((e) => e.type === 'output' || e.type === 'output-rows' || (e.type === 'status' && e.status === 'done'))
    .map(describeEvent);
  const all = k.rows('q');
  await k.kernel.shutdown();
  expect({ chunk: OUTPUT_CHUNK_ROWS, shape, count: all?.length, inOrder: all?.every((row, i) => row[0] === i + 1) }).toEqual({
    chunk: 5_000,
    shape: ['first rows 5000 of 5000', 'rows 5000', 'rows 2501 end 12501 SELECT 12501', 'done'],
    count: 12_501,
    inOrder: true,
  });
}, 120_000);

it('the first rows go out before the database has read the rest', async () => {
  const k = await startTestKernel();
  const mark = k.events.length;
  // Row 5,001 takes the database 0.5 s: first rows that waited for every row come after it.
  await k.load([sql('slow', 'SELECT g, CASE WHEN g = 5001 THEN pg_sleep(0.5) END AS pause FROM generate_series(1, 6000) AS g')]);
  const run = k.events.map((event, i) => ({ event, at: k.arrivals[i]! })).slice(mark);
  const mine = run.filter(({ event }) => 'cellId' in event && event.cellId === 'slow' && ['output', 'output-rows', 'status'].includes(event.type)).slice(-3);
  await k.kernel.shutdown();
  expect(mine.map(({ event }) => describeEvent(event as CellEvent))).toEqual(['first rows 5000 of 5000', 'rows 1000 end 6000 SELECT 6000', 'done']);
  const first = mine[0]!.at;
  const rest = mine[1]!.at;
  expect(rest - first).toBeGreaterThanOrEqual(450);
}, 120_000);

it('first rows of a query that then fails are followed by the error alone', async () => {
  const k = await startTestKernel();
  await k.load([sql('bad', 'SELECT 1 / (6000 - g) AS x FROM generate_series(1, 10000) AS g')]);
  const events = cellEvents(k.events, 'bad').map(describeEvent);
  const error = k.error('bad');
  const output = k.output('bad');
  await k.kernel.shutdown();
  expect(events.slice(events.indexOf('run-start')).filter((e) => e !== 'log')).toEqual(['run-start', 'first rows 5000 of 5000', 'error', 'error']);
  expect(error).toMatchObject({ kind: 'sql', message: 'division by zero' });
  expect(output).toBeUndefined();
}, 120_000);
