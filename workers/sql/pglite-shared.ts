/**
 * The fast path between the kernel and the PGlite worker, when the page is cross-origin
 * isolated: one exchange's request and reply in a SharedArrayBuffer, each side woken by
 * Atomics.notify, about 0.01 ms a round trip against about 0.05 ms for a message each
 * way (measured between two Chromium workers; a trivial SQL cell makes one exchange).
 *
 * Neither side blocks for long. The kernel waits for a reply for at most KERNEL_BLOCK_MS,
 * then asks for it as a message (a long statement leaves the kernel's thread free). The
 * PGlite worker waits for the next request for at most WORKER_LINGER_MS after a reply,
 * then returns to its event loop, where the kernel wakes it with a message. Each side
 * polls briefly before it sleeps (KERNEL_SPIN_MS). Replies too large for the buffer, and
 * failures, always come as messages (pglite-protocol.ts).
 */
import type { ExchangeOptions } from './pglite-connection';

export const SHARED_BYTES = 256 * 1024;
export const KERNEL_BLOCK_MS = 10;
export const WORKER_LINGER_MS = 20;
/**
 * Before sleeping in Atomics.wait, each side first polls for this long. A thread woken
 * from Atomics.wait waits for the OS to run it again: measured here (2 vCPUs), that was
 * most of what the PGlite worker added to a trivial SQL cell (page round trip ×2.0 with
 * the hop, ×1.5 with PGlite in the kernel's own thread, ×1.1 with both sides polling).
 * Most replies of small statements come within this time, as do the next statement of a
 * cell and the next SQL cell of a run; polling costs at most this much CPU per exchange.
 */
export const KERNEL_SPIN_MS = 0.5;
export const WORKER_SPIN_MS = 0.5;

// Int32 slots at the start of the buffer; the bytes follow.
const STATE = 0;
/** Set by the kernel when it stopped waiting: the worker then also posts the reply. */
const ASYNC = 1;
const ID = 2;
const REQUEST_LENGTH = 3;
/** -1: no unlessSuspended part. */
const THEN_LENGTH = 4;
const SYNC_TO_FS = 5;
/** BY_MESSAGE: the reply (or the failure) comes as a message. */
const REPLY_LENGTH = 6;
/** 1 while the PGlite worker is in take() (polling or waiting), not in its event loop. */
const SERVING = 7;
const HEADER_BYTES = 8 * 4;

const IDLE = 0;
const REQUEST = 1;
const WORKING = 2;
const DONE = 3;
const BY_MESSAGE = -1;

/** The buffer's layout, for a test whose other thread (plain JavaScript) plays one side. */
export const SHARED_LAYOUT = { STATE, ID, REQUEST_LENGTH, THEN_LENGTH, SYNC_TO_FS, REPLY_LENGTH, SERVING, HEADER_BYTES, IDLE, REQUEST, DONE } as const;

export interface SharedRequest {
  readonly id: number;
  readonly request: Uint8Array;
  readonly options: ExchangeOptions;
}

/** Polls STATE while `waiting` holds, for at most `ms` (see KERNEL_SPIN_MS). */
function spinWhile(ctrl: Int32Array, waiting: (state: number) => boolean, ms: number): void {
  const until = performance.now() + ms;
  while (waiting(Atomics.load(ctrl, STATE)) && performance.now() < until);
}

export class SharedSlot {
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ctrl = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.data = new Uint8Array(buffer, HEADER_BYTES);
  }

  // --- the kernel's side ---------------------------------------------------------

  fits(request: Uint8Array, options: ExchangeOptions): boolean {
    return request.length + (options.unlessSuspended?.length ?? 0) <= this.data.length;
  }

  /** Puts a request in the buffer; false when the worker is not taking requests from it (wake it with a message). */
  post(id: number, request: Uint8Array, options: ExchangeOptions): boolean {
    const then = options.unlessSuspended;
    this.data.set(request);
    if (then) this.data.set(then, request.length);
    this.ctrl[ID] = id;
    this.ctrl[REQUEST_LENGTH] = request.length;
    this.ctrl[THEN_LENGTH] = then ? then.length : -1;
    this.ctrl[SYNC_TO_FS] = options.syncToFs ? 1 : 0;
    Atomics.store(this.ctrl, ASYNC, 0);
    Atomics.store(this.ctrl, STATE, REQUEST);
    // A worker polling in take() is not a waiter Atomics.notify counts: SERVING says it
    // will see the request (see take() for why the two never miss each other).
    return Atomics.notify(this.ctrl, STATE) > 0 || Atomics.load(this.ctrl, SERVING) === 1;
  }

  /**
   * The reply, if it arrives within `ms`: its bytes (a copy), or 'message' when it comes
   * as one. Undefined: not yet, and the worker will now post it.
   */
  reply(ms: number, spinMs = KERNEL_SPIN_MS): Uint8Array | 'message' | undefined {
    const deadline = performance.now() + ms;
    spinWhile(this.ctrl, (state) => state !== DONE, spinMs);
    for (let state = Atomics.load(this.ctrl, STATE); state !== DONE; state = Atomics.load(this.ctrl, STATE)) {
      const left = deadline - performance.now();
      if (left <= 0) {
        Atomics.store(this.ctrl, ASYNC, 1);
        // The worker may have answered meanwhile (it posts the reply too; the kernel ignores it).
        if (Atomics.load(this.ctrl, STATE) !== DONE) return undefined;
        break;
      }
      Atomics.wait(this.ctrl, STATE, state, left);
    }
    const length = this.ctrl[REPLY_LENGTH]!;
    const reply = length === BY_MESSAGE ? 'message' : this.data.slice(0, length);
    Atomics.store(this.ctrl, STATE, IDLE);
    return reply;
  }

  // --- the PGlite worker's side ------------------------------------------------------

  /** The next request, if one comes within `ms`. */
  take(ms: number, spinMs = WORKER_SPIN_MS): SharedRequest | undefined {
    const deadline = performance.now() + ms;
    Atomics.store(this.ctrl, SERVING, 1);
    spinWhile(this.ctrl, (state) => state !== REQUEST, spinMs);
    for (let state = Atomics.load(this.ctrl, STATE); state !== REQUEST; state = Atomics.load(this.ctrl, STATE)) {
      const left = deadline - performance.now();
      if (left <= 0) {
        // Back to the event loop, where only a message wakes this worker. post() stores
        // REQUEST, then reads SERVING; this stores SERVING, then reads STATE. Atomics are
        // sequentially consistent, so at least one of the two sees the other's store: the
        // kernel sends a message, or the request is taken here. None is ever stranded.
        Atomics.store(this.ctrl, SERVING, 0);
        if (Atomics.load(this.ctrl, STATE) !== REQUEST) return undefined;
        Atomics.store(this.ctrl, SERVING, 1);
        break;
      }
      Atomics.wait(this.ctrl, STATE, state, left);
    }
    Atomics.store(this.ctrl, STATE, WORKING);
    const length = this.ctrl[REQUEST_LENGTH]!;
    const thenLength = this.ctrl[THEN_LENGTH]!;
    const then = thenLength >= 0 ? this.data.slice(length, length + thenLength) : undefined;
    return {
      id: this.ctrl[ID]!,
      request: this.data.slice(0, length),
      options: { syncToFs: this.ctrl[SYNC_TO_FS] === 1, ...(then ? { unlessSuspended: then } : {}) },
    };
  }

  /**
   * The worker stops taking requests from the buffer (its serving loop ended some other
   * way than take()'s). True when a request came meanwhile: serve it (as take() does).
   */
  leave(): boolean {
    Atomics.store(this.ctrl, SERVING, 0);
    return Atomics.load(this.ctrl, STATE) === REQUEST;
  }

  /**
   * Answers the request taken last; undefined: the answer comes as a message (a failure,
   * or a reply sent in parts). True when the answer must also be posted.
   */
  answer(reply: Uint8Array | undefined): boolean {
    const fits = reply !== undefined && reply.length <= this.data.length;
    if (fits) this.data.set(reply);
    this.ctrl[REPLY_LENGTH] = fits ? reply.length : BY_MESSAGE;
    Atomics.store(this.ctrl, STATE, DONE);
    Atomics.notify(this.ctrl, STATE);
    return !fits || Atomics.load(this.ctrl, ASYNC) === 1;
  }
}
