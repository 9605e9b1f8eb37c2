/**
 * A merge sort that gives the page back between slices of work, and the pieces that the
 * passes around it (sort-rows.ts, sort-column.ts) are cut into. One `sort()` of a
 * 1,000,000-row column held the main thread for 100–200 ms (`npm run bench -- --scenario
 * large`): runs are sorted natively, one run per slice, then merged pairwise, with a pause
 * once about `budget` items (at most twice that) were merged, or sooner once the slice has
 * taken `sliceMs`. Stable: of equal items, the earlier stays first.
 */

export interface SliceOptions {
  /** Items per natively sorted run. */
  readonly run?: number;
  /** Items merged between pauses. */
  readonly budget?: number;
  /** A slice ends once it has taken this long (checked every `MERGE_PIECE` items merged). */
  readonly sliceMs?: number;
  /** The clock `sliceMs` is measured with. */
  readonly now?: () => number;
  /** Resolves when the page has had its turn (a new task). */
  readonly pause: () => Promise<void>;
  /** True once the result is no longer wanted: the sort stops at its next pause. */
  readonly cancelled?: () => boolean;
}

// Halved from 16,384 and 131,072 when text kept by chunk came to be compared in place
// (sort-column.ts): slices of 49–55 ms in full runs of `npm run bench` on 2 cores.
export const DEFAULT_RUN = 8_192;
export const DEFAULT_BUDGET = 65_536;
// A count of items cannot bound a slice's time on every machine: a slow night on the bench
// host gave one slice of 55 ms (a full run, 2026-12-05). So a slice also ends once it has
// run this long, looked at every MERGE_PIECE items merged (a few ms of text comparisons
// there): well within the 50 ms a task may take.
export const DEFAULT_SLICE_MS = 20;
export const MERGE_PIECE = 8_192;

/**
 * What a sort orders: packed keys (Float64Array, numeric order) or row indexes for a
 * comparator (Uint32Array). Indexes as small integers, not doubles: each double handed to
 * the comparator, or copied by the native sort of a run, was a heap number, 14 MB of
 * garbage per 1,000,000-row sort (V8's sampling heap profiler). In Node, 1,000,000 indexes:
 * runs sorted in 67–70 ms and merged in 79–99 ms, against 90–117 and 96–119 as doubles.
 */
export type SortItems = Float64Array | Uint32Array;

/**
 * Sorts `items` (in place or not: use the result) by `compare`, or numerically when it is
 * undefined. Resolves undefined if cancelled.
 */
export async function sortInSlices(items: SortItems, compare: ((a: number, b: number) => number) | undefined, options: SliceOptions): Promise<SortItems | undefined> {
  const run = options.run ?? DEFAULT_RUN;
  const budget = options.budget ?? DEFAULT_BUDGET;
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const now = options.now ?? (() => performance.now());
  const piece = Math.min(budget, MERGE_PIECE);
  const n = items.length;
  let since = 0;
  let sliceStart = now();
  const step = async (work: number): Promise<boolean> => {
    since += work;
    if (since < budget && now() - sliceStart < sliceMs) return true;
    since = 0;
    await options.pause();
    sliceStart = now();
    return options.cancelled?.() !== true;
  };
  for (let start = 0; start < n; start += run) {
    const part = items.subarray(start, Math.min(n, start + run));
    if (compare) part.sort(compare);
    else part.sort();
    // A run is a slice of its own: sorting it costs about run * log2(run) comparisons.
    if (!(await step(budget))) return undefined;
  }
  let from: SortItems = items;
  let to: SortItems = items instanceof Float64Array ? new Float64Array(n) : new Uint32Array(n);
  for (let width = run; width < n; width *= 2) {
    for (let left = 0; left < n; left += 2 * width) {
      const mid = Math.min(n, left + width);
      const end = Math.min(n, left + 2 * width);
      let i = left;
      let j = mid;
      let k = left;
      // Merged in pieces, so that one merge of two long runs is not one long task.
      while (k < end) {
        const stop = Math.min(end, k + piece);
        const before = k;
        while (k < stop) {
          if (j >= end || (i < mid && (compare ? compare(from[i]!, from[j]!) <= 0 : from[i]! <= from[j]!))) to[k++] = from[i++]!;
          else to[k++] = from[j++]!;
        }
        if (!(await step(k - before))) return undefined;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * Rows per piece of a pass over a column (reading it, building keys, mapping the sorted
 * items back to rows): each piece ends at a `yield`, where a sliced sort may pause. Each
 * such pass over 1,000,000 rows took 15–30 ms in one go here, much of it the first touch of
 * a new typed array's memory, and parsing a numeric column's digits 280 ms: a task of
 * 219–496 ms in Chromium (`npm run bench -- --scenario large`, the numeric sort's rows).
 */
export const PASS_ROWS = 10_000;

/**
 * Calls `body` on `[start, end)` a piece of PASS_ROWS at a time, yielding after each; a
 * body that returns false ends the pass.
 */
export function* inPieces(start: number, end: number, body: (from: number, to: number) => boolean | void): Generator<void, void> {
  for (let from = start; from < end; from += PASS_ROWS) {
    if (body(from, Math.min(end, from + PASS_ROWS)) === false) return;
    yield;
  }
}

/** Runs `steps` to its end in one task (a small table). */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs `steps` to its end, pausing at a `yield` once the slice has taken `sliceMs` (so that
 * hundreds of small pieces do not each cost a task); undefined if cancelled meanwhile.
 */
export async function runInSlices<T>(steps: Generator<void, T>, options: SliceOptions): Promise<T | undefined> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const now = options.now ?? (() => performance.now());
  let sliceStart = now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (now() - sliceStart < sliceMs) continue;
    await options.pause();
    if (options.cancelled?.()) return undefined;
    sliceStart = now();
  }
}

/**
 * A new task, soon: a MessageChannel message is not clamped to 4 ms as a nested
 * setTimeout(0) is (a 1,000,000-row sort pauses about 70 times).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
