import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { createStore, produce, reconcile, unwrap } from 'solid-js/store';
import type { CellKind, CellSpec, ChartAggregateRequest, ChartAggregateResult, DatabaseConfig, DatabaseSchema, DatabaseTestResult, KernelState } from '../../workers/protocol';
import { createKernelClient, type KernelClient } from '../kernel-client';
import type { NotebookStore } from '../store/notebook-store';
import type { NotebookTrust, StoredCell, StoredNotebook } from '../store/types';
import type { Isolation } from '../offline/service-worker-client';
import { emptyRunState, type CellRunState } from './cell-state';
import { createRunEvents } from './run-events';
import { createEventWindow, reportFirstRows } from './event-window';
import { appliesDatabase, runsOnOpen, withDatabaseConfirmed } from './trust';
import { createPasswordMemory, createSessionDatabase, type CredentialsAnswer, type CredentialsRequest, type DatabaseOutcome, type PasswordMemory, type PasswordState } from './session-database';
import type { RemoteForm } from './remote-form';
import { MAX_DISPLAY_VIEWS, plainDisplayViews, plainOutputView, type OutputView } from '../charts/settings';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type EditableCell = Mutable<StoredCell>;
/**
 * The store's records are readonly; the session's working copy is edited in place. It has
 * no `secrets`: those stay out of what the UI renders (session-database.ts).
 */
type EditableNotebook = Omit<Mutable<StoredNotebook>, 'cells' | 'secrets'> & { cells: EditableCell[] };

/** Edits reach the kernel's graph after this pause in typing (and at once before a run). */
const KERNEL_SYNC_MS = 150;

export interface NotebookSession {
  /** Settles once the kernel has started and the notebook's opening run (if any) is over. */
  readonly started: Promise<void>;
  readonly notebook: StoredNotebook;
  readonly runs: Record<string, CellRunState>;
  readonly kernelState: Accessor<KernelState>;
  readonly kernelMessage: Accessor<string | undefined>;
  /** Set when Python cannot be interrupted in place, saying why. */
  readonly interruptNote: Accessor<string | undefined>;
  readonly databaseDescription: Accessor<string>;
  /** Set while the remote database waits for its password (or proxy URL): the prompt shows it. */
  readonly credentialsRequest: Accessor<CredentialsRequest | undefined>;
  /** How the remote database's password is kept; undefined for PGlite. */
  readonly passwordState: Accessor<PasswordState | undefined>;
  /** Whether the settings' Remember password starts ticked. */
  readonly rememberPassword: Accessor<boolean>;
  readonly canUndoDelete: Accessor<boolean>;
  /** Bumped whenever a SQL cell finishes: the database's schema may have changed. */
  readonly schemaVersion: Accessor<number>;
  /**
   * True from opening a notebook that is not trusted (it came from a file, so it did not
   * run) until the user runs all of it or trusts it. See trust.ts.
   */
  readonly heldBack: Accessor<boolean>;
  addCell(kind: CellKind, index: number): string;
  deleteCell(id: string): void;
  undoDelete(): void;
  moveCell(id: string, delta: -1 | 1): void;
  editCode(id: string, code: string): void;
  setResultName(id: string, name: string): void;
  /** Turns a cell into another kind, keeping its text; only SQL cells keep a result name. */
  setKind(id: string, kind: CellKind): void;
  /** Table or chart (with its settings) for the cell's table output; saved with the cell. */
  setView(id: string, view: OutputView): void;
  /** The view of the table a Python cell shows `place`-th with `display()` (0-based). */
  setDisplayView(id: string, place: number, view: OutputView): void;
  /** Collapses or expands the cell's output; saved with the cell. */
  setOutputCollapsed(id: string, collapsed: boolean): void;
  /** A SQL cell's query grouped and aggregated in the database, for a chart of a large result. */
  aggregateForChart(id: string, request: ChartAggregateRequest): Promise<ChartAggregateResult>;
  rename(title: string): void;
  run(id: string): Promise<void>;
  /** Runs every cell; for a notebook from a file this confirms its database settings (trust.ts). */
  runAll(): Promise<void>;
  /** Marks the notebook trusted (it will run on open), then runs every cell. */
  trustAndRun(): Promise<void>;
  /** Gives the kernel the database settings that came with the file, as they are. */
  confirmDatabase(): Promise<void>;
  /** Removes the import report, from the view and for good (NotebookStore.dismissImportReport). */
  dismissImportReport(): Promise<void>;
  interrupt(): Promise<void>;
  restart(): Promise<void>;
  /** Applies a config (a remote one with its secrets), stored as `rememberPassword` says (default: remembered). */
  setDatabase(config: DatabaseConfig, rememberPassword?: boolean): Promise<DatabaseOutcome>;
  /** The settings panel's remote form: applied, or tested through a throwaway connection. */
  applyRemote(form: RemoteForm): Promise<DatabaseOutcome>;
  testRemote(form: RemoteForm): Promise<DatabaseTestResult>;
  provideCredentials(answer: CredentialsAnswer): Promise<DatabaseOutcome>;
  dismissCredentials(): void;
  schema(): Promise<DatabaseSchema>;
  variables(): Promise<string[]>;
  /** The notebook's database as plain SQL. */
  dumpDatabase(): Promise<string>;
}

function toSpec(cell: StoredCell): CellSpec {
  return { id: cell.id, kind: cell.kind, code: cell.code, ...(cell.resultName ? { resultName: cell.resultName } : {}) };
}

/**
 * One open notebook: its cells (autosaved to IndexedDB), a kernel worker running them,
 * and each cell's latest run. Must be created inside a Solid owner (it cleans up the
 * kernel and flushes saves when the owner is disposed).
 */
export function createNotebookSession(
  initial: StoredNotebook,
  store: NotebookStore,
  options: { isolation?: Promise<Isolation>; passwords?: PasswordMemory } = {},
): NotebookSession {
  const { secrets: initialSecrets, ...shown } = initial;
  const [notebook, setNotebook] = createStore<EditableNotebook>(structuredClone(shown) as EditableNotebook);
  const [runs, setRuns] = createStore<Record<string, CellRunState>>(
    Object.fromEntries(initial.cells.map((c) => [c.id, emptyRunState()])),
  );
  const [kernelState, setKernelState] = createSignal<KernelState>('starting');
  const [kernelMessage, setKernelMessage] = createSignal<string>();
  const deleted: { cell: EditableCell; index: number }[] = [];
  const [canUndoDelete, setCanUndoDelete] = createSignal(false);
  const syncTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const [schemaVersion, setSchemaVersion] = createSignal(0);
  const [heldBack, setHeldBack] = createSignal(!runsOnOpen(initial.trust));

  // The batches of a quick run are applied together (event-window.ts: why).
  const onEvents = createRunEvents({
    runs,
    setRuns,
    setKernel: (state, message) => {
      setKernelState(state);
      setKernelMessage(message);
    },
    sqlDone: () => setSchemaVersion((v) => v + 1),
    isSql: (cellId) => notebook.cells.find((c) => c.id === cellId)?.kind === 'sql',
  });
  const eventWindow = createEventWindow((events) => void (onEvents(events), reportFirstRows(events, (id) => kernel.firstRowsPainted(id))));
  onCleanup(() => eventWindow.dispose());

  const isolation = options.isolation ?? Promise.resolve<Isolation>({ isolated: true });
  const kernel: KernelClient = createKernelClient((events) => eventWindow.receive(events), isolation);
  const [interruptNote, setInterruptNote] = createSignal<string>();
  void isolation.then((state) => {
    if (!state.isolated) setInterruptNote(`Interrupt restarts the kernel, which clears the Python namespace: ${state.reason}, so the page is not cross-origin isolated.`);
  });

  const db = createSessionDatabase({
    notebookId: initial.id,
    kernel,
    initialSecrets,
    passwords: options.passwords ?? createPasswordMemory(),
    database: () => unwrap(notebook.database),
    store: (database, chosen) => {
      setNotebook('database', reconcile(database));
      // Settings the user chose are confirmed, whatever the file said.
      if (chosen) setNotebook('trust', withDatabaseConfirmed(notebook.trust));
      save();
      // Written at once, not after the usual pause: a password the user no longer wants
      // remembered must leave the browser's storage now, not if the tab stays open.
      void store.flush().catch(() => undefined); // failures reach onError; the save stays queued
    },
  });

  function save(): void {
    const secrets = db.secrets();
    store.save({ ...unwrap(notebook), ...(secrets ? { secrets } : {}) });
  }

  function indexOf(id: string): number {
    return notebook.cells.findIndex((c) => c.id === id);
  }

  /** Sends a cell's current code to the kernel now (cancelling a pending debounce). */
  async function syncCell(id: string): Promise<void> {
    clearTimeout(syncTimers.get(id));
    syncTimers.delete(id);
    const index = indexOf(id);
    const cell = notebook.cells[index];
    if (cell) await kernel.upsertCell(toSpec(unwrap(cell)), index);
  }

  async function syncPending(): Promise<void> {
    await Promise.all([...syncTimers.keys()].map((id) => syncCell(id)));
  }

  function scheduleSync(id: string): void {
    clearTimeout(syncTimers.get(id));
    syncTimers.set(id, setTimeout(() => void syncCell(id), KERNEL_SYNC_MS));
  }

  function updateCells(update: (cells: EditableCell[]) => void): void {
    setNotebook(produce((nb) => update(nb.cells)));
    save();
  }

  /**
   * Raises the trust level to `trust` (callers never lower it). When that confirms the
   * database settings, the kernel is sent them at once, so they reach it before any run
   * that follows (a run sent meanwhile, e.g. a second click, finds them there);
   * `opening` settles once the database is open. `written` settles once the level is
   * stored: runs wait for it, so a reload right after Trust and run finds it trusted.
   */
  function raiseTrust(trust: NotebookTrust): { opening: Promise<void> | undefined; written: Promise<void> } {
    const before = notebook.trust;
    if (before === trust) return { opening: undefined, written: Promise.resolve() };
    setNotebook('trust', trust);
    save();
    let opening: Promise<void> | undefined;
    if (!appliesDatabase(before) && appliesDatabase(trust)) opening = db.connect().then(() => undefined);
    return { opening, written: store.flush().catch(() => undefined) }; // failures reach onError; the save stays queued
  }

  async function runAllAt(trust: NotebookTrust): Promise<void> {
    setHeldBack(false);
    const { opening, written } = raiseTrust(trust);
    await written;
    // The kernel queues SQL cells behind a database that is still opening, while Python
    // cells start at once. A database waiting for its password is not with the kernel
    // yet: the run waits for the prompt.
    await db.beforeRun();
    await syncPending();
    await kernel.runAll();
    await opening;
  }

  // Start-up: the database opens while Python starts; both queue behind the worker's
  // init, so runs requested now wait for the kernel instead of being lost. A notebook
  // from a file gets neither its database nor a run until the user says so (trust.ts).
  if (!appliesDatabase(initial.trust)) {
    db.setDescription('Not connected: these settings came with the file. They apply when you run the notebook (Run all, Trust and run) or apply them.');
  }
  // A remote database whose password is not remembered asks for it now: the notebook's
  // runs on open wait for the answer.
  const database = appliesDatabase(initial.trust) ? db.connect() : Promise.resolve();
  // The opening run is asked for once the database has opened, not as soon as it is with
  // the kernel (which would run the cells that need none meanwhile): the kernel shows
  // "ready" until then, and would show "busy" for the whole open. Tried on 2026-12-02:
  // the sample's first results did not come sooner (README, Start-up).
  const started = (async () => {
    await kernel.setCells(notebook.cells.map((c) => toSpec(unwrap(c))));
    await database;
    // Only the cells the notebook opened with: cells added meanwhile run when asked.
    const opened = initial.cells.filter((c) => c.code.trim() !== '').map((c) => c.id);
    if (runsOnOpen(initial.trust) && opened.length > 0) await kernel.runCells(opened);
  })().catch((error: unknown) => void setKernelMessage(String(error)));

  const flushOnHide = (): void => {
    if (document.visibilityState === 'hidden') void store.flush();
  };
  const flushOnPageHide = (): void => void store.flush();
  document.addEventListener('visibilitychange', flushOnHide);
  window.addEventListener('pagehide', flushOnPageHide);
  onCleanup(() => {
    document.removeEventListener('visibilitychange', flushOnHide);
    window.removeEventListener('pagehide', flushOnPageHide);
    for (const timer of syncTimers.values()) clearTimeout(timer);
    void store.flush();
    kernel.dispose();
  });

  return {
    started,
    notebook,
    runs,
    kernelState,
    kernelMessage,
    interruptNote,
    databaseDescription: db.description,
    credentialsRequest: db.request,
    passwordState: db.passwordState,
    rememberPassword: db.rememberPassword,
    canUndoDelete,
    schemaVersion,
    heldBack,
    addCell(kind, index) {
      const cell: EditableCell = { id: crypto.randomUUID(), kind, code: '' };
      setRuns(cell.id, emptyRunState());
      updateCells((cells) => cells.splice(index, 0, cell));
      void kernel.upsertCell(toSpec(cell), index);
      return cell.id;
    },
    deleteCell(id) {
      const index = indexOf(id);
      const cell = notebook.cells[index];
      if (!cell) return;
      deleted.push({ cell: structuredClone(unwrap(cell)), index });
      setCanUndoDelete(true);
      clearTimeout(syncTimers.get(id));
      syncTimers.delete(id);
      updateCells((cells) => cells.splice(index, 1));
      void kernel.deleteCell(id);
    },
    undoDelete() {
      const last = deleted.pop();
      setCanUndoDelete(deleted.length > 0);
      if (!last) return;
      const index = Math.min(last.index, notebook.cells.length);
      setRuns(last.cell.id, emptyRunState());
      updateCells((cells) => cells.splice(index, 0, last.cell));
      void kernel.upsertCell(toSpec(last.cell), index);
    },
    moveCell(id, delta) {
      const index = indexOf(id);
      const target = index + delta;
      if (index < 0 || target < 0 || target >= notebook.cells.length) return;
      updateCells((cells) => {
        const [cell] = cells.splice(index, 1);
        if (cell) cells.splice(target, 0, cell);
      });
      void kernel.setCells(notebook.cells.map((c) => toSpec(unwrap(c))));
    },
    editCode(id, code) {
      const index = indexOf(id);
      if (index < 0 || notebook.cells[index]?.code === code) return;
      setNotebook('cells', index, 'code', code);
      save();
      scheduleSync(id);
    },
    setResultName(id, name) {
      const index = indexOf(id);
      if (index < 0) return;
      const trimmed = name.trim();
      setNotebook('cells', index, produce((cell) => {
        if (trimmed) cell.resultName = trimmed;
        else delete cell.resultName;
      }));
      save();
      scheduleSync(id);
    },
    setKind(id, kind) {
      const index = indexOf(id);
      if (index < 0 || notebook.cells[index]?.kind === kind) return;
      setNotebook('cells', index, produce((cell) => {
        cell.kind = kind;
        if (kind !== 'sql') delete cell.resultName;
        if (kind === 'markdown') delete cell.view; // a Markdown cell has no table to chart
        if (kind !== 'python') delete cell.displayViews; // only Python calls display()
      }));
      save();
      scheduleSync(id);
    },
    setView(id, view) {
      const index = indexOf(id);
      if (index < 0) return;
      setNotebook('cells', index, 'view', reconcile(plainOutputView(view)));
      save();
    },
    setDisplayView(id, place, view) {
      const index = indexOf(id);
      const cell = notebook.cells[index];
      if (!cell || place < 0 || place >= MAX_DISPLAY_VIEWS) return;
      const views = [...(cell.displayViews ?? [])];
      while (views.length < place) views.push(null);
      views[place] = view;
      setNotebook('cells', index, 'displayViews', plainDisplayViews(views));
      save();
    },
    setOutputCollapsed(id, collapsed) {
      const index = indexOf(id);
      if (index < 0) return;
      setNotebook('cells', index, produce((cell) => {
        if (collapsed) cell.outputCollapsed = true;
        else delete cell.outputCollapsed;
      }));
      save();
    },
    aggregateForChart: async (id, request) => (await kernel.api()).aggregateForChart(id, request),
    rename(title) {
      setNotebook('title', title);
      save();
    },
    run(id) {
      // Sent right behind the pending edits, not after their replies (the kernel takes calls
      // in the order sent, kernel-client.ts): waiting cost a round trip, often a frame. And
      // sent before this returns unless the database prompt is waited for: Shift+Enter then
      // moves the focus (4-6 ms of style and layout) while the kernel runs the cells.
      const send = (): Promise<void> => Promise.all([syncPending(), kernel.runCells([id])]).then(() => undefined);
      const waiting = appliesDatabase(notebook.trust) ? db.beforeRun() : undefined;
      return waiting ? waiting.then(send) : send();
    },
    runAll: () => runAllAt(withDatabaseConfirmed(notebook.trust)),
    trustAndRun: () => runAllAt('trusted'),
    async confirmDatabase() {
      await raiseTrust(withDatabaseConfirmed(notebook.trust)).opening;
    },
    dismissImportReport() {
      // Off the working copy, so the next save does not carry it; the store removes it
      // from disk and from any save still queued.
      setNotebook(produce((nb) => void delete nb.importReport));
      return store.dismissImportReport(notebook.id);
    },
    interrupt: () => kernel.interrupt(),
    async restart() {
      await syncPending();
      await kernel.restart();
    },
    setDatabase: (config, rememberPassword = true) => db.apply(config, rememberPassword),
    applyRemote: (form) => db.applyForm(form),
    testRemote: (form) => db.testForm(form),
    provideCredentials: (answer) => db.provide(answer),
    dismissCredentials: () => db.dismiss(),
    schema: async () => (await kernel.api()).schema(),
    variables: async () => (await kernel.api()).variables(),
    dumpDatabase: async () => (await kernel.api()).dumpDatabase(),
  };
}
