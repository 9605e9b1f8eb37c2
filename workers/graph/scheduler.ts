import { diff, freshState, isGraphErrorReason, setStatus, snapshot, type CellState } from './status';
import { upstreamClosure } from './topology';
import type { CellNode, CellStatus, StatusChange, StatusReason } from './types';
import { buildGraph, type GraphView } from './view';

/**
 * The run state machine. Pure: the kernel feeds it events (cell list changed, edit,
 * run request, run finished, interrupt) and executes what next() hands out.
 *
 * Invariants kept after every call:
 * - a cell with a graph error has status 'error' with that error as reason, and is never queued;
 * - a queued cell has no ancestor with a graph error (it would be 'blocked');
 * - at most one run is in flight (handed out by next() and not yet complete()d).
 */
export class Scheduler {
  private cells: readonly CellNode[] = [];
  private graph: GraphView = buildGraph([]);
  /** Topological order of the whole notebook; the queue is this order filtered to queued cells. */
  private queueOrder: readonly string[] = [];
  private readonly states = new Map<string, CellState>();
  private version = 0;
  private inFlight: { id: string; version: number } | undefined;

  /** Replace the cell list (notebook order). New cells start 'idle'. A cell whose defines/references changed is treated like an edit. Returns status changes (graph errors -> 'error' with reason; fixing the error returns the cell to 'stale'). */
  setCells(cells: readonly CellNode[]): StatusChange[] {
    // An edit that keeps every cell's names (`x = 1` -> `x = 2`, the common case) changes
    // no edge: the graph would be rebuilt identical, and no status would change. The
    // rebuild was about a third of the kernel's work on such an edit (profiled in Node).
    if (sameGraphInput(this.cells, cells)) {
      this.cells = cells;
      return [];
    }
    return this.tracked(() => {
      const previous = new Map(this.cells.map((cell) => [cell.id, cell]));
      const oldGraph = this.graph;
      this.install(cells);

      // Old descendants too: if A stops defining x, B (which read x) no longer hangs off A
      // in the new graph, but the value B computed came from A's old code.
      const touched = new Set<string>();
      const touch = (id: string, graph: GraphView, self: boolean): void => {
        if (self) touched.add(id);
        for (const d of graph.descendants(id)) touched.add(d);
      };
      for (const cell of this.cells) {
        const before = previous.get(cell.id);
        previous.delete(cell.id);
        if (before === undefined) {
          // A new definer changes what downstream readers should see.
          this.states.set(cell.id, freshState());
          touch(cell.id, this.graph, false);
        } else if (!sameNames(before, cell)) {
          touch(cell.id, oldGraph, true);
          touch(cell.id, this.graph, true);
        }
      }
      for (const removed of previous.keys()) {
        touch(removed, oldGraph, false);
        this.states.delete(removed);
      }
      this.makeStale(touched);
      this.reconcile();
    });
  }

  /** The cell's code was edited (even if defines/references did not change): it and all its descendants that are not 'idle' become 'stale'. Returns the changes. Queued cells stay queued and a running one is re-queued (see makeStale). */
  markEdited(id: string): StatusChange[] {
    if (!this.states.has(id)) return [];
    return this.tracked(() => {
      this.makeStale([id, ...this.graph.descendants(id)]);
      this.reconcile();
    });
  }

  /** Remove a cell. orphanedNames = names it defined that no remaining cell defines (the kernel deletes them from the Python namespace). Its former descendants become 'stale'. */
  removeCell(id: string): { orphanedNames: string[]; changes: StatusChange[] } {
    const cell = this.cells.find((c) => c.id === id);
    if (cell === undefined) return { orphanedNames: [], changes: [] };
    const remaining = this.cells.filter((c) => c.id !== id);
    const stillDefined = new Set(remaining.flatMap((c) => c.defines));
    const orphanedNames = [...new Set(cell.defines)].filter((name) => !stillDefined.has(name));
    return { orphanedNames, changes: this.setCells(remaining) };
  }

  /** Request a run of ids and everything downstream. Bumps the version. Cells with graph errors (or with an upstream cell that has a graph error) are not queued: they get 'error' (own graph error, with reason) or 'blocked' (reason upstream-error naming the upstream cell). Others become 'queued'. A queued/running cell of an earlier request that is part of this plan is re-queued under the new version (its in-flight result will be rejected). Pending cells of earlier requests not in this plan stay queued, and the merged queue stays in topological order. */
  requestRun(ids: readonly string[]): StatusChange[] {
    return this.tracked(() => {
      this.version += 1;
      for (const id of this.graph.planFrom(ids)) {
        const state = this.state(id);
        const blocker = this.blockReason(id);
        if (blocker !== undefined) {
          setStatus(state, blocker.status, blocker.reason);
          continue;
        }
        setStatus(state, 'queued');
        state.version = this.version;
      }
    });
  }

  /**
   * Pops the next runnable queued cell (all its queued/running ancestors finished), marks
   * it 'running'. Returns undefined when nothing is runnable. Only one cell runs at a time.
   * `wouldWait`: cells that could only wait if handed out now (a SQL cell while its
   * database is still opening). The first queued cell is still the one handed out, unless
   * it would wait and a later queued cell would not and has no queued ancestor: that one
   * goes first, so Python cells that need no database run while the database opens.
   */
  next(wouldWait: (id: string) => boolean = () => false): { id: string; version: number; change: StatusChange } | undefined {
    // Even a superseded run blocks: the kernel executes one cell at a time and its
    // namespace is still being written by it.
    if (this.inFlight !== undefined) return undefined;
    // Ancestors precede descendants in queueOrder, so the first queued cell has no
    // queued ancestor left.
    const isQueued = (candidate: string): boolean => this.states.get(candidate)?.status === 'queued';
    let id = this.queueOrder.find(isQueued);
    if (id === undefined) return undefined;
    if (wouldWait(id)) id = this.queueOrder.find((c) => isQueued(c) && !wouldWait(c) && !this.hasQueuedAncestor(c)) ?? id;
    const state = this.state(id);
    setStatus(state, 'running');
    this.inFlight = { id, version: state.version };
    return { id, version: state.version, change: { id, status: 'running' } };
  }

  /** Reports the end of a run. accept=false when a newer run of this cell was requested after `version` was handed out (drop that result; the cell stays queued). On accept with 'error': every queued descendant becomes 'blocked' (reason upstream-error: this id) and leaves the queue. On accept with 'ok': status 'done'. */
  complete(id: string, version: number, outcome: 'ok' | 'error'): { accept: boolean; changes: StatusChange[] } {
    if (this.inFlight?.id !== id || this.inFlight.version !== version) return { accept: false, changes: [] };
    this.inFlight = undefined;
    const state = this.states.get(id);
    // Not 'running' any more means the run was superseded (re-queued), edited, cancelled
    // by a graph error, or the cell was deleted: its result describes code that is gone.
    if (state === undefined || state.status !== 'running' || state.version !== version) {
      return { accept: false, changes: [] };
    }
    const changes = this.tracked(() => {
      state.hasRun = true;
      if (outcome === 'ok') {
        setStatus(state, 'done');
        return;
      }
      setStatus(state, 'error');
      for (const d of this.graph.descendants(id)) {
        const child = this.state(d);
        if (child.status === 'queued') setStatus(child, 'blocked', { kind: 'upstream-error', upstream: id });
      }
    });
    return { accept: true, changes };
  }

  /** Interrupt/cancel: every queued cell goes back to the status it had before it was queued ('idle' if it never ran, else 'stale'); the running cell (if any) is reported as 'error' by the kernel via complete(). */
  cancelPending(): StatusChange[] {
    return this.tracked(() => {
      for (const state of this.states.values()) {
        if (state.status === 'queued') setStatus(state, state.hasRun ? 'stale' : 'idle');
      }
    });
  }

  /** 'idle' for an unknown id. */
  status(id: string): CellStatus {
    return this.states.get(id)?.status ?? 'idle';
  }

  reason(id: string): StatusReason | undefined {
    return this.states.get(id)?.reason;
  }

  view(): GraphView {
    return this.graph;
  }

  private install(cells: readonly CellNode[]): void {
    this.graph = buildGraph(cells);
    // Same rule as buildGraph: the first copy of a repeated id wins.
    const byId = new Map<string, CellNode>();
    for (const cell of cells) if (!byId.has(cell.id)) byId.set(cell.id, cell);
    this.cells = [...byId.values()];
    this.queueOrder = this.graph.planFrom(this.graph.order);
  }

  private state(id: string): CellState {
    let state = this.states.get(id);
    if (state === undefined) {
      state = freshState();
      this.states.set(id, state);
    }
    return state;
  }

  private tracked(mutate: () => void): StatusChange[] {
    const before = snapshot(this.states);
    mutate();
    return diff(before, this.states, this.graph.order);
  }

  /**
   * Outputs computed from old code or old upstream values go 'stale'. A pending run is
   * kept instead: a queued cell has not run yet, so it will pick up the new code anyway,
   * and dropping it would silently lose the user's request. A running cell is executing
   * code that no longer exists, so it is re-queued under a fresh version: its in-flight
   * result is rejected and queued descendants keep waiting for the rerun.
   */
  private makeStale(ids: Iterable<string>): void {
    let requeueVersion: number | undefined;
    for (const id of ids) {
      const state = this.states.get(id);
      if (state === undefined || state.status === 'idle' || state.status === 'queued') continue;
      if (state.status !== 'running') {
        setStatus(state, 'stale');
        continue;
      }
      if (requeueVersion === undefined) {
        this.version += 1;
        requeueVersion = this.version;
      }
      setStatus(state, 'queued');
      state.version = requeueVersion;
    }
  }

  private hasQueuedAncestor(id: string): boolean {
    for (const ancestor of upstreamClosure(id, (a) => this.graph.parents(a))) if (this.states.get(ancestor)?.status === 'queued') return true;
    return false;
  }

  /** Why `id` may not run: its own graph error, else the first (notebook order) ancestor with one. */
  private blockReason(id: string): { status: 'error' | 'blocked'; reason: StatusReason } | undefined {
    const own = this.graph.errorsOf(id)[0];
    if (own !== undefined) return { status: 'error', reason: own };
    let upstream: string | undefined;
    for (const ancestor of upstreamClosure(id, (a) => this.graph.parents(a))) {
      if (this.graph.errorsOf(ancestor).length === 0) continue;
      if (upstream === undefined || this.graph.index(ancestor) < this.graph.index(upstream)) upstream = ancestor;
    }
    return upstream === undefined ? undefined : { status: 'blocked', reason: { kind: 'upstream-error', upstream } };
  }

  /** Restores the invariants after the graph or statuses changed. */
  private reconcile(): void {
    for (const id of this.graph.order) {
      const state = this.state(id);
      const own = this.graph.errorsOf(id)[0];
      if (own !== undefined) setStatus(state, 'error', own);
      else if (isGraphErrorReason(state.reason)) setStatus(state, 'stale');
      else if (state.status === 'queued') {
        const blocker = this.blockReason(id);
        if (blocker !== undefined) setStatus(state, blocker.status, blocker.reason);
      }
    }
  }
}

/** Same ids in the same order, each with the same names in the same order: buildGraph's whole input. */
function sameGraphInput(a: readonly CellNode[], b: readonly CellNode[]): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((name, i) => name === y[i]);
  return a.length === b.length && a.every((cell, i) => cell.id === b[i]!.id && same(cell.defines, b[i]!.defines) && same(cell.references, b[i]!.references));
}

function sameNames(a: CellNode, b: CellNode): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => {
    const sx = new Set(x);
    const sy = new Set(y);
    return sx.size === sy.size && [...sx].every((name) => sy.has(name));
  };
  return same(a.defines, b.defines) && same(a.references, b.references);
}
