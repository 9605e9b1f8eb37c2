import { describe, expect, it } from 'vitest';
import { HOLD_MS, KernelEvents, QUICK_MS } from '../../workers/kernel-events';
import type { KernelEvent, KernelEventBatch } from '../../workers/protocol';
import { CHUNK_ROWS, FIRST_ROWS } from '../../workers/output-chunks';

/** KernelEvents with its batches recorded, its deferred flushes run by hand and its clock set by hand. */
function recorded() {
  const batches: KernelEventBatch[] = [];
  const deferred: (() => void)[] = [];
  const clock = { now: 0 };
  const events = new KernelEvents(
    (id) => `Cell ${id}`,
    (flush) => deferred.push(flush),
    () => clock.now,
  );
  events.listen((batch) => batches.push(batch));
  const runDeferred = (): void => deferred.splice(0).forEach((flush) => flush());
  return { events, batches, runDeferred, clock };
}

const status = (cellId: string, s: 'queued' | 'running' | 'done'): KernelEvent => ({ type: 'status', cellId, status: s });

describe('KernelEvents', () => {
  it('holds events and sends them as one batch when flushed', () => {
    const { events, batches } = recorded();
    events.emit(status('a', 'queued'));
    events.emit(status('b', 'queued'));
    expect(batches).toEqual([]);
    events.flush();
    expect(batches).toEqual([[status('a', 'queued'), status('b', 'queued')]]);
    events.flush(); // nothing held: no empty batch
    expect(batches).toHaveLength(1);
  });

  it('flushes by itself once the task is over, so nothing waits for a flush that never comes', () => {
    const { events, batches, runDeferred } = recorded();
    events.emit(status('a', 'queued'));
    events.emit(status('a', 'running'));
    runDeferred();
    expect(batches).toEqual([[status('a', 'queued'), status('a', 'running')]]);
  });

  it('sends what is held before user code runs, and what it causes at once', async () => {
    const { events, batches } = recorded();
    events.emit(status('a', 'running'));
    const seen: number[] = [];
    await events.live(async () => {
      seen.push(batches.length); // the running state went out before the code started
      events.emit({ type: 'stream', cellId: 'a', name: 'stdout', text: 'hi' });
      seen.push(batches.length);
    });
    events.emit(status('a', 'done'));
    expect(seen).toEqual([1, 2]);
    expect(batches).toEqual([[status('a', 'running')], [{ type: 'stream', cellId: 'a', name: 'stdout', text: 'hi' }]]);
  });

  it("holds a quick cell's running state for the run's next flush; a cell slow last time, or new, gets it sent first", async () => {
    const { events, batches, clock } = recorded();
    const cell = {}; // the kernel passes the cell's record: a new one when its code changes
    const run = async (ms: number): Promise<number> => {
      events.emit(status('a', 'running'));
      let sentBefore = -1;
      await events.live(async () => {
        sentBefore = batches.length;
        clock.now += ms;
      }, cell);
      events.emit(status('a', 'done'));
      events.flush();
      return sentBefore;
    };
    expect(await run(QUICK_MS)).toBe(1); // never ran: its running state went out first
    expect(await run(QUICK_MS - 0.5)).toBe(3); // slow last time: again
    expect(await run(0.1)).toBe(4); // quick last time: held, running and done in one batch
    expect(batches.at(-1)).toEqual([status('a', 'running'), status('a', 'done')]);
    expect(await run(0.1)).toBe(5);
    events.emit(status('a', 'running'));
    await events.live(async () => {}, {}); // another record (edited code): no history
    expect(batches).toHaveLength(7);
  });

  it('a pulse sends what has been held for HOLD_MS, not sooner', async () => {
    const { events, batches, clock } = recorded();
    const cell = {};
    await events.live(async () => {}, cell); // quick: the next run holds
    events.emit(status('a', 'running'));
    const seen: number[] = [];
    await events.live(async () => {
      clock.now += HOLD_MS - 1;
      events.pulse();
      seen.push(batches.length);
      clock.now += 1;
      events.pulse();
      seen.push(batches.length);
      events.pulse(); // nothing held: no empty batch
      seen.push(batches.length);
    }, cell);
    expect(seen).toEqual([0, 1, 1]);
    expect(batches).toEqual([[status('a', 'running')]]);
  });

  it('puts each further chunk of a large table in a batch of its own (one chunk per page task)', () => {
    const { events, batches } = recorded();
    const rows = Array.from({ length: FIRST_ROWS + CHUNK_ROWS + 1 }, (_, i) => [i]);
    events.emit(status('a', 'running'));
    events.output('a', { type: 'table', table: { columns: [{ name: 'n', typeOid: 23, typeName: 'int4' }], rows, rowCount: rows.length, command: 'SELECT' } });
    events.emit(status('a', 'done'));
    events.flush();
    expect(batches.map((batch) => batch.map((e) => e.type))).toEqual([['status', 'output'], ['output-rows'], ['output-rows', 'status']]);
  });

  it('a sink that throws loses that batch only', () => {
    const { events, batches } = recorded();
    let fail = true;
    events.listen((batch) => {
      if (fail) throw new Error('closed');
      batches.push(batch);
    });
    events.emit(status('a', 'queued'));
    expect(() => events.flush()).not.toThrow();
    fail = false;
    events.emit(status('a', 'running'));
    events.flush();
    expect(batches).toEqual([[status('a', 'running')]]);
  });
});
