import { describe, expect, it, vi } from 'vitest';
import { CHUNK_ROWS, FIRST_ROWS, outputChunks, VALUES_CHUNK_ROWS } from '../../workers/output-chunks';
import { PAINT_WAIT_MS } from '../../workers/first-rows-paint';
import type { CellOutput, KernelEvent, SqlValue } from '../../workers/protocol';
import { sql, startTestKernel } from './harness';

const tableOf = (n: number, value: (i: number) => SqlValue = (i) => i + 1): CellOutput => ({
  type: 'table',
  table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: Array.from({ length: n }, (_, i) => [value(i)]), rowCount: n, command: `SELECT ${n}` },
});
/** Row 10 on holds bytes: values that go one by one. */
const bytesFrom10 = (i: number): SqlValue => (i < 10 ? i : new Uint8Array([i]));
/** "table <rows sent>/<row count>" (or the output's type), then each chunk's size. */
function sizes([first, ...rest]: ReturnType<typeof outputChunks>): (string | number)[] {
  const head = first.type === 'table' ? `table ${first.table.rows.length}/${first.table.rowCount}` : first.type;
  return [head, ...rest.map((chunk) => chunk.length)];
}

describe('outputChunks', () => {
  const small = { first: 4, chunk: 6, valuesChunk: 2 };
  it.each([
    ['a small table goes whole', tableOf(3), ['table 3/3']],
    ['exactly the first rows goes whole', tableOf(4), ['table 4/4']],
    ['a large table: its first rows (with the full row count), then the rest in chunks', tableOf(17), ['table 4/17', 6, 6, 1]],
    ['values kept one by one: smaller chunks from the first chunk that has them on', tableOf(23, bytesFrom10), ['table 4/23', 6, 2, 2, 2, 2, 2, 2, 1]],
    ['JSON packs into its text: full chunks', tableOf(17, (i) => ({ i, tags: [i % 3] })), ['table 4/17', 6, 6, 1]],
    ['int8 packs into a BigInt64Array: full chunks', tableOf(17, (i) => BigInt(i) * 2n ** 40n), ['table 4/17', 6, 6, 1]],
    ['not a table: as it is', { type: 'text', text: 'x' } as CellOutput, ['text']],
  ] as const)('%s', (_name, output, expected) => {
    expect(sizes(outputChunks(output, small))).toEqual(expected);
  });

  it('the sizes in use: first rows, chunks of packed columns, chunks with values one by one', () => {
    expect([FIRST_ROWS, CHUNK_ROWS, VALUES_CHUNK_ROWS]).toEqual([1_000, 20_000, 5_000]);
  });
});

type CellEvent = Extract<KernelEvent, { cellId: string }>;

function describeEvent(e: CellEvent): string {
  if (e.type === 'output') return e.output.type === 'table' ? `${e.partial ? 'first rows' : 'output'} ${e.output.table.rows.length} of ${e.output.table.rowCount}` : 'output';
  if (e.type === 'output-rows') return `rows ${e.chunk.length}${e.end ? ` end ${e.end.rowCount} ${e.end.command}` : ''}`;
  return e.type === 'status' ? e.status : e.type;
}

function cellEvents(events: readonly KernelEvent[], id: string): CellEvent[] {
  return events.filter((e): e is CellEvent => 'cellId' in e && e.cellId === id);
}

it('a SQL cell of 21,501 rows: its first 1,000 while the query runs, the rest in output-rows chunks, then done', async () => {
  const k = await startTestKernel();
  await k.load([sql('q', 'SELECT g FROM generate_series(1, 21501) AS g')]);
  const shape = cellEvents(k.events, 'q')
    .filter((e) => e.type === 'output' || e.type === 'output-rows' || (e.type === 'status' && e.status === 'done'))
    .map(describeEvent);
  const all = k.rows('q');
  await k.kernel.shutdown();
  expect({ shape, count: all?.length, inOrder: all?.every((row, i) => row[0] === i + 1) }).toEqual({
    shape: ['first rows 1000 of 1000', 'rows 20000', 'rows 501 end 21501 SELECT 21501', 'done'],
    count: 21_501,
    inOrder: true,
  });
}, 120_000);

it('the first rows go out before the database has read the rest', async () => {
  const k = await startTestKernel();
  const mark = k.events.length;
  // Row 1,001 takes the database 0.5 s: first rows that waited for every row come after it.
  await k.load([sql('slow', 'SELECT g, CASE WHEN g = 1001 THEN pg_sleep(0.5) END AS pause FROM generate_series(1, 2000) AS g')]);
  const run = k.events.map((event, i) => ({ event, at: k.arrivals[i]! })).slice(mark);
  const mine = run.filter(({ event }) => 'cellId' in event && event.cellId === 'slow' && ['output', 'output-rows', 'status'].includes(event.type)).slice(-3);
  await k.kernel.shutdown();
  expect(mine.map(({ event }) => describeEvent(event as CellEvent))).toEqual(['first rows 1000 of 1000', 'rows 1000 end 2000 SELECT 2000', 'done']);
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
  expect(events.slice(events.indexOf('run-start')).filter((e) => e !== 'log')).toEqual(['run-start', 'first rows 1000 of 1000', 'error', 'error']);
  expect(error).toMatchObject({ kind: 'sql', message: 'division by zero' });
  expect(output).toBeUndefined();
}, 120_000);

describe('a page that reports painting the first rows (paintsFirstRows)', () => {
  // 1,000 first rows and 1,000 more: reading the rest takes the database a few ms.
  const q = sql('q', 'SELECT g FROM generate_series(1, 2000) AS g');
  const indexOfFirstRows = (events: readonly KernelEvent[]): number => events.findIndex((e) => e.type === 'output' && e.partial === true);
  /** Starts q's run and resolves once its first rows went out, with the run and when they did. */
  async function untilFirstRows(paintsFirstRows: boolean) {
    const k = await startTestKernel({ paintsFirstRows });
    await k.kernel.setCells([q]);
    const mark = k.events.length;
    const run = k.kernel.runAll();
    await vi.waitFor(() => expect(indexOfFirstRows(k.since(mark))).toBeGreaterThanOrEqual(0), { timeout: 60_000, interval: 1 });
    const at = mark + indexOfFirstRows(k.since(mark));
    const restAfter = (): number => k.events.slice(at).findIndex((e) => e.type === 'output-rows');
    return { k, run, firstAt: k.arrivals[at]!, restArrival: () => k.arrivals[at + restAfter()]!, restSent: () => restAfter() >= 0 };
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('the rest is read once the page says they are painted', async () => {
    const { k, run, restSent } = await untilFirstRows(true);
    await pause(100); // ample for the rest, had it not been held
    const sentBefore = restSent();
    await k.kernel.firstRowsPainted('q');
    await run;
    const rows = k.rows('q');
    await k.kernel.shutdown();
    expect({ sentBefore, rows: rows?.length, status: k.status('q') }).toEqual({ sentBefore: false, rows: 2000, status: 'done' });
  }, 120_000);

  it('a page that does not report it is not waited for', async () => {
    const { k, run, firstAt, restArrival } = await untilFirstRows(false);
    await run;
    const waited = restArrival() - firstAt;
    await k.kernel.shutdown();
    expect(k.rows('q')?.length).toBe(2000);
    expect(waited).toBeLessThan(PAINT_WAIT_MS);
  }, 120_000);

  it(`without word from the page, the rest is read after ${PAINT_WAIT_MS} ms`, async () => {
    const { k, run, firstAt, restArrival } = await untilFirstRows(true);
    await run;
    const waited = restArrival() - firstAt;
    await k.kernel.shutdown();
    expect(k.rows('q')?.length).toBe(2000);
    expect(waited).toBeGreaterThanOrEqual(PAINT_WAIT_MS - 5);
  }, 120_000);

  it('an interrupt ends the wait: the cell stops as interrupted without it', async () => {
    const { k, run, firstAt } = await untilFirstRows(true);
    await k.kernel.interrupt();
    await run;
    const ended = k.arrivals[k.events.findLastIndex((e) => e.type === 'status' && e.cellId === 'q')]! - firstAt;
    await k.kernel.shutdown();
    expect(k.error('q')).toMatchObject({ kind: 'interrupted' });
    expect(ended).toBeLessThan(PAINT_WAIT_MS);
  }, 120_000);
});
