import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createIdleCheckpoint, readyStatus, ReplyTail, type TransactionStatus } from '../../workers/sql/idle-checkpoint';
import type { Timers } from '../../workers/timers';
import { statementMessages } from '../../workers/sql/wire';

const z = (status: string): number[] => [0x5a, 0, 0, 0, 5, status.charCodeAt(0)];

describe('readyStatus', () => {
  it.each([
    { tail: z('I'), status: 'I' },
    { tail: z('T'), status: 'T' },
    { tail: z('E'), status: 'E' },
    { tail: [0x43, ...z('I')], status: 'I' },
    { tail: z('X'), status: undefined },
    { tail: [0x5a, 0, 0, 0, 6, 0x49], status: undefined },
    { tail: [0, 0, 5, 0x49], status: undefined },
    { tail: [], status: undefined },
  ])('$tail → $status', ({ tail, status }) => {
    expect(readyStatus(new Uint8Array(tail))).toBe(status);
  });
});

describe('the status of a real reply, however it is cut into chunks', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db.close());

  const statusOf = async (sql: string, chunkBytes: number): Promise<TransactionStatus | undefined> => {
    const bytes = await db.execProtocolRaw(statementMessages(sql, []), { syncToFs: false });
    const tail = new ReplyTail();
    for (let at = 0; at < bytes.length; at += chunkBytes) tail.add(bytes.slice(at, at + chunkBytes));
    return tail.status();
  };

  it.each([1, 2, 5, 7, 4096])('in chunks of %i bytes', async (chunkBytes) => {
    expect(await statusOf('select 1', chunkBytes)).toBe('I');
    expect(await statusOf('begin', chunkBytes)).toBe('T');
    await expect(statusOf('select 1/0', chunkBytes)).resolves.toBe('E');
    expect(await statusOf('rollback', chunkBytes)).toBe('I');
  });
});

/** Timers run by hand; the database is a WAL position the test moves. */
function harness(options: { busy?: () => boolean } = {}) {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    set: (run) => {
      pending.set(++next, run);
      return next;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  const db = { wal: '0/100', checkpoints: 0, checks: [] as boolean[] };
  const free: (() => Promise<unknown>)[] = [];
  const idle = createIdleCheckpoint({
    timers,
    whenFree: (check) => free.push(check),
    busy: options.busy ?? (() => false),
    walPosition: async () => db.wal,
    checkpoint: async () => {
      db.checkpoints++;
      db.wal = `${db.wal}+checkpoint`;
    },
    onChecked: (checkpointed) => db.checks.push(checkpointed),
  });
  idle.opened(db.wal);
  return {
    idle,
    db,
    /** Runs the timers due (the wait is over) and the checks they queued. */
    async elapse() {
      const due = [...pending.values()];
      pending.clear();
      due.forEach((run) => run());
      for (const check of free.splice(0)) await check();
    },
    timers: () => pending.size,
  };
}

describe('the idle checkpoint', () => {
  it('checkpoints once idle after a write, and only then', async () => {
    const h = harness();
    h.idle.activity('I'); // a read: the position has not moved
    await h.elapse();
    expect(h.db).toMatchObject({ checkpoints: 0, checks: [false] });
    h.db.wal = '0/200'; // a write
    h.idle.activity('I');
    expect(h.db.checkpoints).toBe(0); // not before the wait is over
    await h.elapse();
    expect(h.db).toMatchObject({ checkpoints: 1, checks: [false, true] });
    // The checkpoint's own record is not a write to checkpoint again.
    h.idle.activity('I');
    await h.elapse();
    expect(h.db).toMatchObject({ checkpoints: 1, checks: [false, true, false] });
  });

  it('waits for an open transaction to end, and restarts the wait on every exchange', async () => {
    const h = harness();
    h.db.wal = '0/200';
    h.idle.activity('I');
    h.idle.activity('T'); // BEGIN came before the wait was over
    expect(h.timers()).toBe(0);
    h.idle.activity('E');
    expect(h.timers()).toBe(0);
    h.idle.activity(undefined); // a reply that did not end normally
    expect(h.timers()).toBe(0);
    h.idle.activity('I'); // COMMIT
    h.idle.activity('I');
    expect(h.timers()).toBe(1);
    await h.elapse();
    expect(h.db.checkpoints).toBe(1);
  });

  it('waits again while requests are being answered, and stops when disposed', async () => {
    let busy = true;
    const h = harness({ busy: () => busy });
    h.db.wal = '0/200';
    h.idle.activity('I');
    await h.elapse();
    expect({ checkpoints: h.db.checkpoints, timers: h.timers() }).toEqual({ checkpoints: 0, timers: 1 });
    busy = false;
    await h.elapse();
    expect(h.db.checkpoints).toBe(1);
    h.db.wal = '0/300';
    h.idle.activity('I');
    h.idle.dispose();
    expect(h.timers()).toBe(0);
    h.idle.activity('I');
    await h.elapse();
    expect(h.db.checkpoints).toBe(1);
  });
});
