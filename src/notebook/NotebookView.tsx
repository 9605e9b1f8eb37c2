import { createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { CellEditorApi } from '../components/editor/CellEditor';
import type { NotebookStore } from '../store/notebook-store';
import type { StoredNotebook } from '../store/types';
import { CellView } from './CellView';
import { createNotebookSession } from './create-notebook-session';
import { DatabaseSettings } from './DatabaseSettings';
import { useOffline } from '../offline/offline-context';
import { describeDatabaseConfig } from './database-description';
import { describeFileError, downloadIpynb, downloadNotebook, downloadSqlDump } from './notebook-files';
import { appliesDatabase } from './trust';
import { TrustBanner } from './TrustBanner';
import { ImportReportPanel } from './ImportReportPanel';
import { PasswordDialog } from './PasswordDialog';
import { CELL_KINDS, cellKindLabel } from '../../workers/cell-kinds';
import { Outline } from './Outline';
import '../markdown/markdown.css';
import type { PasswordMemory } from './session-database';
import { commandFor, type CommandAction } from './command-keys';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ExportMenu } from './ExportMenu';
import { CommandPalette } from './CommandPalette';
import { paletteEntries, type AppCommand, type PaletteEntry } from './palette-actions';

/** What the palette offers beyond this notebook: the app's own actions (App.tsx). */
export interface AppActions {
  newNotebook(): void;
  importNotebook(): void;
  toggleTheme(): void;
}

export interface NotebookViewProps {
  notebook: StoredNotebook;
  store: NotebookStore;
  /** Passwords the user chose not to remember, for this page's life (one per app). */
  passwords: PasswordMemory;
  onTitleChange: (title: string) => void;
  app: AppActions;
}

/** One open notebook. Mount it keyed by notebook id: each notebook gets its own kernel. */
export function NotebookView(props: NotebookViewProps): JSX.Element {
  const offline = useOffline();
  const session = createNotebookSession(props.notebook, props.store, { isolation: offline.isolation, passwords: props.passwords });
  // The offline copy is saved after this start, not beside it (service-worker-client.ts).
  offline.saveAfter(session.started);
  const editors = new Map<string, CellEditorApi>();
  const [showSettings, setShowSettings] = createSignal(false);
  const [showOutline, setShowOutline] = createSignal(false);
  let root!: HTMLDivElement;
  const jumpTo = (cellId: string): void => {
    const index = session.notebook.cells.findIndex((c) => c.id === cellId);
    root.querySelectorAll(':scope > .cell')[index]?.scrollIntoView({ block: 'start' });
    focusCell(index);
  };

  const focusCell = (index: number): void => {
    const cell = session.notebook.cells[index];
    if (cell) editors.get(cell.id)?.focus();
  };
  const cellSections = (): HTMLElement[] => [...root.querySelectorAll<HTMLElement>(':scope > .cell')];
  /** Command mode: the cell itself has the focus, not its editor. */
  const selectCell = (index: number): void => {
    const section = cellSections()[Math.max(0, Math.min(index, session.notebook.cells.length - 1))];
    section?.focus();
    section?.scrollIntoView({ block: 'nearest' });
  };
  const [saved, setSaved] = createSignal(false);
  const [showHelp, setShowHelp] = createSignal(false);
  /** What had the focus when the shortcuts were opened (the selected cell, usually): it gets it back. */
  let helpFrom: Element | null = null;
  const openHelp = (): void => {
    helpFrom = document.activeElement;
    setShowHelp(true);
  };
  let savedTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(savedTimer));
  const saveNow = async (): Promise<void> => {
    await props.store.flush();
    setSaved(true);
    clearTimeout(savedTimer);
    savedTimer = setTimeout(() => setSaved(false), 2000);
  };
  const perform = (action: CommandAction, id: string, index: number): void => {
    const after = (fn: () => void): void => queueMicrotask(fn); // once the cells have re-rendered
    switch (action.kind) {
      case 'edit':
        return editors.get(id)?.edit();
      case 'select':
        return selectCell(index + action.delta);
      case 'add': {
        const at = action.where === 'above' ? index : index + 1;
        session.addCell(action.cellKind ?? 'python', at);
        return after(() => focusCell(at));
      }
      case 'delete':
        session.deleteCell(id);
        return after(() => selectCell(index));
      case 'undo-delete':
        session.undoDelete();
        return after(() => selectCell(index));
      case 'set-kind':
        session.setKind(id, action.cellKind);
        return after(() => selectCell(index));
      case 'move':
        session.moveCell(id, action.delta);
        return after(() => selectCell(index + action.delta));
      case 'help':
        return openHelp();
      case 'toggle-output':
        return session.setOutputCollapsed(id, session.notebook.cells[index]?.outputCollapsed !== true);
      case 'run':
        void session.run(id);
        if (action.then === 'stay') return;
        if (action.then === 'next' && index + 1 < session.notebook.cells.length) return selectCell(index + 1);
        session.addCell(session.notebook.cells[index]?.kind ?? 'python', index + 1);
        return after(() => focusCell(index + 1));
    }
  };
  let previousKey: { key: string; at: number } | undefined;
  const exports = {
    py: (): void => saveFile(downloadNotebook),
    ipynb: (): void => saveFile(downloadIpynb),
    sql: (): void =>
      void session.dumpDatabase().then(
        (sql) => downloadSqlDump(session.notebook.title, sql),
        (error: unknown) => alert(`Could not export the database: ${error instanceof Error ? error.message : String(error)}`),
      ),
  };
  function saveFile(save: (notebook: StoredNotebook) => void): void {
    try {
      save(session.notebook);
    } catch (error) {
      alert(`Could not export: ${describeFileError(error)}`);
    }
  }

  // The command palette. `paletteFrom`: what had the focus when it opened, and so the
  // selected cell, if any; it gets the focus back when the palette closes.
  const [palette, setPalette] = createSignal<{ entries: PaletteEntry[]; from: HTMLElement | null; cell?: { id: string; index: number } }>();
  const openPalette = (): void => {
    const from = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const section = from?.closest<HTMLElement>('section.cell');
    const index = section ? cellSections().indexOf(section) : -1;
    const id = session.notebook.cells[index]?.id;
    setPalette({ entries: paletteEntries({ cellSelected: id !== undefined }), from, ...(id !== undefined ? { cell: { id, index } } : {}) });
  };
  const closePalette = (): void => {
    const from = palette()?.from;
    setPalette(undefined);
    if (from?.isConnected) from.focus();
  };
  const appCommands: Record<AppCommand, () => void> = {
    'run-all': () => void session.runAll(),
    interrupt: () => void session.interrupt(),
    restart: () => void session.restart(),
    'new-notebook': () => props.app.newNotebook(),
    'import-notebook': () => props.app.importNotebook(),
    'export-py': exports.py,
    'export-ipynb': exports.ipynb,
    'export-sql': exports.sql,
    'database-settings': () => {
      setShowSettings(true);
      // Opened from the keyboard: its first control takes the focus, as a dialog's would.
      queueMicrotask(() => root.querySelector<HTMLElement>('.database-settings :is(input, button, select)')?.focus());
    },
    outline: () => setShowOutline(!showOutline()),
    'toggle-theme': () => props.app.toggleTheme(),
    shortcuts: openHelp,
    save: () => void saveNow(),
  };
  const runFromPalette = (entry: PaletteEntry): void => {
    const cell = palette()?.cell;
    // The focus goes back first: an action that moves it (a new cell's editor) then wins.
    closePalette();
    if (entry.command.kind === 'app') appCommands[entry.command.command]();
    else if (cell) perform(entry.command.action, cell.id, cell.index);
  };
  // Anywhere on the page, editors included (they bind neither key).
  const onPaletteKey = (e: KeyboardEvent): void => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || palette()) return;
    const key = e.key.toLowerCase();
    if ((e.shiftKey && key === 'p') || (!e.shiftKey && key === 'k')) {
      e.preventDefault(); // not the browser's address bar (Ctrl+K)
      openPalette();
    }
  };
  document.addEventListener('keydown', onPaletteKey);
  onCleanup(() => document.removeEventListener('keydown', onPaletteKey));

  const onKeyDown = (e: KeyboardEvent): void => {
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 's') {
      e.preventDefault(); // not the browser's "Save page"
      void saveNow();
      return;
    }
    const target = e.target as HTMLElement;
    const section = target.closest<HTMLElement>('section.cell');
    const index = section ? cellSections().indexOf(section) : -1;
    const cell = session.notebook.cells[index];
    if (!section || !cell) return;
    // Only when the cell itself is focused: keys typed in its editor or controls are theirs.
    // (Escape from a code editor selects the cell: CellEditor's onEscape.)
    if (target !== section) return;
    const previous = previousKey && e.timeStamp - previousKey.at < 1000 ? previousKey.key : undefined;
    previousKey = { key: e.key.toLowerCase(), at: e.timeStamp };
    const action = commandFor(e, previous);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'delete') previousKey = undefined; // D D D deletes one cell, not two
    perform(action, cell.id, index);
  };
  /** The banner's buttons remove it: keep focus in the notebook, on its first cell. */
  const runFromBanner = (run: () => Promise<void>): void => {
    void run();
    queueMicrotask(() => focusCell(0));
  };
  const databaseWaiting = (): boolean => !appliesDatabase(session.notebook.trust);
  const advanceFrom = (index: number): void => {
    if (index + 1 >= session.notebook.cells.length) {
      const kind = session.notebook.cells[index]?.kind ?? 'python';
      session.addCell(kind, index + 1);
      queueMicrotask(() => focusCell(index + 1));
      return;
    }
    focusCell(index + 1);
  };

  return (
    <div class="notebook" ref={root} onKeyDown={onKeyDown}>
      <header class="notebook-header">
        <input
          class="notebook-title"
          aria-label="Notebook title"
          value={session.notebook.title}
          onChange={(e) => {
            session.rename(e.currentTarget.value);
            props.onTitleChange(e.currentTarget.value);
          }}
        />
        <span class="save-state" role="status" aria-label="Save state">
          {saved() ? 'Saved' : ''}
        </span>
        <span class={`kernel-state kernel-${session.kernelState()}`} role="status" aria-label="Kernel state" title={[session.kernelMessage(), session.interruptNote()].filter(Boolean).join('\n')}>
          Kernel: {session.kernelState()}
        </span>
        <div class="toolbar" role="toolbar" aria-label="Notebook">
          <button type="button" onClick={() => void session.runAll()}>Run all</button>
          <button type="button" onClick={() => void session.interrupt()}>Interrupt</button>
          <button type="button" onClick={() => void session.restart()}>Restart kernel</button>
          <button type="button" aria-expanded={showSettings()} onClick={() => setShowSettings(!showSettings())}>Database settings</button>
          <button type="button" aria-expanded={showOutline()} onClick={() => setShowOutline(!showOutline())}>Outline</button>
          <ExportMenu
            items={[
              { name: 'Export .py', run: exports.py },
              { name: 'Export .ipynb', run: exports.ipynb },
              { name: 'Export SQL', title: "Download the notebook's database as SQL (tables, data, constraints, views) that any PostgreSQL can load", run: exports.sql },
            ]}
          />
          <Show when={session.canUndoDelete()}>
            <button type="button" onClick={() => session.undoDelete()}>Undo delete</button>
          </Show>
        </div>
      </header>
      <Show when={session.kernelMessage()}>{(message) => <p class="kernel-message">{message()}</p>}</Show>
      <Show when={session.heldBack()}>
        <TrustBanner
          databaseRequest={databaseWaiting() ? describeDatabaseConfig(session.notebook.database) : undefined}
          onRunAll={() => runFromBanner(session.runAll)}
          onTrustAndRun={() => runFromBanner(session.trustAndRun)}
        />
      </Show>
      <Show when={session.notebook.importReport}>
        {(report) => (
          <ImportReportPanel
            report={report()}
            onShowCell={(n) => focusCell(n - 1)}
            onDismiss={() => {
              session.dismissImportReport().catch((error: unknown) => console.error('Ripple: dismissing the import report failed', error));
              // The button goes with the report: keep focus in the notebook, on its first cell.
              queueMicrotask(() => focusCell(0));
            }}
          />
        )}
      </Show>
      <Show when={showOutline()}>
        <Outline cells={session.notebook.cells} onJump={jumpTo} />
      </Show>
      <Show when={showSettings()}>
        <DatabaseSettings
          notebookId={session.notebook.id}
          config={session.notebook.database}
          description={session.databaseDescription()}
          passwordState={session.passwordState()}
          rememberPassword={session.rememberPassword()}
          onApplyPglite={(config) => void session.setDatabase(config)}
          onApplyRemote={(form) => session.applyRemote(form)}
          onTestRemote={(form) => session.testRemote(form)}
          onConfirm={databaseWaiting() ? () => void session.confirmDatabase() : undefined}
        />
      </Show>
      <Show when={session.credentialsRequest()} keyed>
        {(request) => <PasswordDialog request={request} onConnect={(answer) => session.provideCredentials(answer)} onDismiss={() => session.dismissCredentials()} />}
      </Show>
      <Show when={showHelp()}>
        <ShortcutsDialog
          onClose={() => {
            setShowHelp(false);
            if (helpFrom instanceof HTMLElement && helpFrom.isConnected) helpFrom.focus();
          }}
        />
      </Show>
      <Show when={palette()}>{(p) => <CommandPalette entries={p().entries} onRun={runFromPalette} onClose={closePalette} />}</Show>
      <For each={session.notebook.cells}>
        {(cell, index) => (
          <CellView
            cell={cell}
            index={index()}
            session={session}
            onAdvance={() => advanceFrom(index())}
            registerEditor={(id, api) => editors.set(id, api)}
            onJump={jumpTo}
            onSelect={() => selectCell(index())}
            onCommand={(action) => perform(action, cell.id, index())}
          />
        )}
      </For>
      <div class="add-cells">
        <For each={CELL_KINDS}>
          {(kind) => <button type="button" onClick={() => session.addCell(kind, session.notebook.cells.length)}>Add {cellKindLabel(kind)} cell</button>}
        </For>
      </div>
    </div>
  );
}
