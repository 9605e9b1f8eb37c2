import type { CellError, CellStatus, KernelEvent, SqlValue, SqlWarning, StatusReason } from '../../workers/protocol';
import { ChunkedRows, type RowList, type ShownOutput } from '../components/result-table/result-rows';
import { markRaw, rawOf } from '../raw-data';

/** A stand-in for one moment while grown rows are set again (see `output-rows`). */
const NO_ROWS: RowList = markRaw([]);

export type RunItem = { name: 'stdout' | 'stderr'; text: string } | { name: 'display'; output: ShownOutput };

/** What the UI shows for one cell's latest run; rebuilt from kernel events. */
export interface CellRunState {
  status: CellStatus;
  reason?: StatusReason;
  /** performance.now() when the current run started, for the live timer. */
  startedAt?: number;
  elapsedMs?: number;
  /**
   * stdout/stderr and `display()` outputs in arrival order, as the cell printed and
   * displayed them; adjacent chunks of one stream are merged.
   */
  streams: RunItem[];
  log: string[];
  warnings: SqlWarning[];
  output?: ShownOutput;
  error?: CellError;
  /**
   * A run started and nothing new has arrived yet: the previous run's content stays on
   * screen (dimmed) until it is replaced, so cells below do not jump up and back down.
   */
  superseded?: boolean;
  /** Same, for the output and error alone: they are replaced by the new output or error, or at the end. */
  outputSuperseded?: boolean;
  /** `output` is the first rows of a result still arriving (see the `output` event). */
  partialOutput?: boolean;
}

export function emptyRunState(): CellRunState {
  return { status: 'idle', streams: [], log: [], warnings: [] };
}

/**
 * Applies one kernel event to a cell's run state (mutably: called inside a Solid
 * `produce`, so only what changed re-renders).
 */
function clearStreams(state: CellRunState): void {
  state.superseded = false;
  state.streams = [];
  state.log = [];
  state.warnings = [];
}

function clearOutput(state: CellRunState): void {
  state.outputSuperseded = false;
  state.output = undefined;
  state.error = undefined;
}

export function applyCellEvent(state: CellRunState, event: Exclude<KernelEvent, { type: 'kernel-state' }>, now: number): void {
  // A new run's first streamed text replaces the previous streams; its output or error
  // (or its end) replaces the previous output. Until then the old content stays put.
  const isEnd = event.type === 'status' && (event.status === 'done' || event.status === 'error' || event.status === 'blocked');
  const isStream = event.type === 'stream' || event.type === 'display' || event.type === 'log' || event.type === 'warnings';
  const isOutput = event.type === 'output' || event.type === 'error';
  if (state.superseded && (isStream || isOutput || isEnd)) clearStreams(state);
  if (state.outputSuperseded && (isOutput || isEnd)) clearOutput(state);
  // The first rows of a result that never completed (an error, an interrupt, a newer run)
  // are not a result: shown on, they would look like the whole of it.
  const abandons = event.type === 'run-start' || event.type === 'error' || (event.type === 'status' && event.status !== 'running');
  if (state.partialOutput && abandons) {
    state.partialOutput = false;
    state.output = undefined;
  }
  switch (event.type) {
    case 'run-start':
      state.superseded = true;
      state.outputSuperseded = true;
      state.elapsedMs = undefined;
      state.startedAt = now;
      return;
    case 'status':
      state.status = event.status;
      state.reason = event.reason;
      if (event.elapsedMs !== undefined) state.elapsedMs = event.elapsedMs;
      if (event.status !== 'running') state.startedAt = undefined;
      // A graph error has no run: drop the output of the last one, which no longer holds.
      if (event.status === 'error' && event.reason && event.reason.kind !== 'upstream-error') state.output = undefined;
      return;
    case 'stream': {
      const last = state.streams.at(-1);
      if (last && last.name === event.name) last.text += event.text;
      else state.streams.push({ name: event.name, text: event.text });
      return;
    }
    case 'display':
      state.streams.push({ name: 'display', output: event.output });
      return;
    case 'log':
      state.log.push(event.text);
      return;
    case 'warnings':
      state.warnings = [...event.warnings];
      return;
    case 'output':
      state.output = event.output;
      state.partialOutput = event.partial === true;
      return;
    case 'output-rows':
      // The rest of a large table, in the same table object, so the table on screen (its
      // scroll position, sort and selection) stays and only grows. Its rows become a
      // ChunkedRows at the first chunk and keep each chunk as it came, column by column
      // (result-rows.ts), past the store: through the store each row cost a few
      // microseconds, and rows pushed as arrays left the page millions of objects whose
      // collection paused it for 58–110 ms (`npm run bench -- --scenario large`).
      // The rows object stays the same, so the store is told by setting the property away
      // and back in this one batch: whoever reads `table.rows` runs again, once.
      if (state.output?.type === 'table') {
        const table = state.output.table;
        const grown = table as { rows: RowList; rowCount: number; command: string };
        const current = rawOf(table.rows);
        const rows = current instanceof ChunkedRows ? current : new ChunkedRows(current as readonly (readonly SqlValue[])[]);
        rows.append(event.chunk);
        grown.rows = NO_ROWS;
        grown.rows = rows;
        if (event.end) {
          grown.rowCount = event.end.rowCount;
          grown.command = event.end.command;
          state.partialOutput = false;
        }
      }
      return;
    case 'error':
      state.error = event.error;
  }
}

/** A cell's events, as `foldCellEvents` takes them: all but the rows of a growing table. */
export type FoldableEvent = Exclude<KernelEvent, { type: 'kernel-state' | 'output-rows' }>;

/** The fields of a cell's run state that a batch of events changed, with their new values. */
export type CellRunPatch = { -readonly [K in keyof CellRunState]?: CellRunState[K] };

/**
 * Applies `events` in order to a copy of `state` and returns only the fields that end
 * different, so the store is written once per changed field and a field that ends as
 * it began is not written at all.
 *
 * Why: a reaction sends each re-run cell through stale, queued, running and done, and
 * clears its empty streams with new empty arrays. Written one event at a time, every
 * status, class and output view of every re-run cell was computed again (and its DOM
 * attributes set again, so the frame restyled them) although most ended as they were:
 * `done`, no output, a new elapsed time.
 */
export function foldCellEvents(state: Readonly<CellRunState>, events: readonly FoldableEvent[], now: number): CellRunPatch {
  // Items are copied because a stream's text grows in place; outputs are shared, never mutated here.
  const draft: CellRunState = { ...state, streams: state.streams.map((item) => ({ ...item })), log: [...state.log] };
  for (const event of events) applyCellEvent(draft, event, now);
  const patch: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(state), ...Object.keys(draft)]) as Set<keyof CellRunState>;
  for (const key of keys) {
    const before: unknown = state[key];
    const after: unknown = draft[key];
    if (!sameValue(before, after)) patch[key] = after;
  }
  return patch as CellRunPatch;
}

/** Equal, or arrays of the same items (a stream item compared by its fields). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((item: unknown, i) => item === b[i] || (isRunItem(item) && isRunItem(b[i]) && sameRunItem(item, b[i] as RunItem)));
}

function isRunItem(value: unknown): value is RunItem {
  return typeof value === 'object' && value !== null && 'name' in value;
}

function sameRunItem(a: RunItem, b: RunItem): boolean {
  if (a.name === 'display' || b.name === 'display') return a.name === b.name && 'output' in a && 'output' in b && a.output === b.output;
  return a.name === b.name && a.text === b.text;
}

/**
 * How `streams` goes from `before` to `after`: the same items with the last one's text
 * grown and new items after it ('grow': written in place, so the text on screen only
 * grows and its box keeps its scroll position), or anything else ('replace').
 */
export function streamsChange(before: readonly RunItem[], after: readonly RunItem[]): 'grow' | 'replace' {
  if (after.length < before.length) return 'replace';
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (sameRunItem(a, b)) continue;
    const grown = i === before.length - 1 && a.name !== 'display' && b.name === a.name && b.text.startsWith(a.text);
    if (!grown) return 'replace';
  }
  return 'grow';
}
