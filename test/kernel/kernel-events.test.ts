import { describe, expect, it } from 'vitest';
import { KernelEvents } from '../../workers/kernel-events';
import type { KernelEvent, KernelEventBatch } from '../../workers/protocol';
import { CHUNK_ROWS, FIRST_ROWS } from '../../workers/output-chunks';

/** KernelEvents with its batches recorded and its deferred flushes run by hand. */
function recorded() {
  const batches: KernelEventBatch[] = [];
  const deferred: (() => void)[] = [];
  const events = new KernelEvents((id) => `Cell ${id}`, (flush) => deferred.push(flush));
  events.listen((batch) => batches.push(batch));
  const runDeferred = (): void => deferred.splice(0).forEach((flush) => flush());
  return { events, batches, runDeferred };
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
