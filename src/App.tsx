import { createResource, createSignal, onCleanup, Show, type JSX } from 'solid-js';
import { OpenNotebook } from './notebook/OpenNotebook';
import { createPasswordMemory } from './notebook/session-database';
import { sampleCells } from './notebook/sample';
import { NotebookStore } from './store/notebook-store';
import type { NotebookSummary, StoredNotebook } from './store/types';
import { databaseFromFile, describeFileError, readNotebookFile, secretsFromFile } from './notebook/notebook-files';
import { useOffline } from './offline/offline-context';
import { createInstallPrompt } from './offline/install-prompt';
import type { InstallOffers } from './offline/install-offers';
import { createStorageStatus } from './offline/storage-status';
import { InstallButton, StoragePanel, UpdateBanner } from './offline/OfflinePanels';
import { NotebookList } from './notebook-list/NotebookList';
import { createColorScheme } from './theme/create-color-scheme';
import type { AppActions } from './notebook/NotebookView';
import { notebookIdFromHash } from './notebook/address';
import type { EarlyStart } from './start/early-start';
import './styles.css';

function currentId(): string | undefined {
  return notebookIdFromHash(location.hash);
}

export interface AppProps {
  /** What the page asked for as it started (src/start/early-start.ts), for the app to adopt. */
  readonly early?: EarlyStart | undefined;
  /** The browser's install offers, caught since the page started (src/offline/install-offers.ts). */
  readonly installOffers: InstallOffers;
}

/** The app's name and the notebook list on the left (behind a button when narrow), the open notebook on the right; the URL hash names it. */
export function App(props: AppProps): JSX.Element {
  const offline = useOffline();
  const install = createInstallPrompt(props.installOffers);
  const storage = createStorageStatus();
  // Sets the page's light or dark scheme; the command palette toggles it.
  const colorScheme = createColorScheme();
  const [store] = createResource(async () => {
    const opened = await NotebookStore.open({
      onError: (error) => console.error('Ripple: saving failed', error),
      // The first edit is the moment to ask the browser not to evict the user's work.
      onSave: () => storage.requestPersistence(),
      early: props.early?.read,
    });
    offline.onBeforeReload(() => opened.flush());
    return opened;
  });
  // Passwords the user chose not to remember: this page's memory only, gone on reload.
  const passwords = createPasswordMemory();
  const [list, setList] = createSignal<NotebookSummary[]>([]);
  const [open, setOpen] = createSignal<StoredNotebook>();
  const [problem, setProblem] = createSignal<string>();
  // On a narrow screen the notebook list hides behind the Notebooks button (CSS decides
  // when: on a wide one it is always shown and the button is not).
  const [navOpen, setNavOpen] = createSignal(false);

  const refresh = async (s: NotebookStore): Promise<NotebookSummary[]> => {
    const summaries = await s.list();
    setList(summaries);
    return summaries;
  };

  // Opens overlap: the first visit opens the sample while the user may already have
  // clicked New notebook. Each open is stamped, and only the newest one is shown, so a
  // slow earlier open never replaces the notebook the user asked for last.
  let opens = 0;
  const show = (notebook: StoredNotebook): void => {
    if (location.hash !== `#/notebook/${notebook.id}`) history.replaceState(null, '', `#/notebook/${notebook.id}`);
    setOpen(notebook);
    setNavOpen(false); // a notebook was chosen: show it, not the list over it
  };
  const openNotebook = async (s: NotebookStore, id: string): Promise<'opened' | 'missing' | 'superseded'> => {
    const stamp = ++opens;
    await s.flush();
    const notebook = await s.get(id);
    if (stamp !== opens) return 'superseded';
    if (!notebook) return 'missing';
    show(notebook);
    return 'opened';
  };

  const start = async (s: NotebookStore): Promise<void> => {
    // The list and the notebook to show come from one transaction: a second read was one
    // more IndexedDB round trip before the notebook could be shown.
    const stamp = ++opens;
    const first = await s.overview(currentId());
    let summaries = first.summaries;
    setList(summaries);
    // Notebooks from an earlier visit: the user's work, which the browser should keep.
    if (summaries.length > 0) storage.requestPersistence();
    if (summaries.length === 0) {
      await s.create({ title: 'Welcome to Ripple', cells: sampleCells() });
      summaries = await refresh(s);
    }
    // The address is looked at again: it may name a notebook created since the read.
    const wanted = currentId() ?? summaries[0]!.id;
    if (stamp === opens && first.notebook?.id === wanted) {
      show(first.notebook); // its OpenNotebook takes the early lock, if it is this notebook's
      return props.early?.dropLock();
    }
    props.early?.dropLock();
    if ((await openNotebook(s, wanted)) !== 'missing') return;
    await openNotebook(s, summaries[0]!.id);
  };

  const onHash = (): void => {
    const s = store();
    const id = currentId();
    if (s && id && id !== open()?.id) void openNotebook(s, id);
  };
  window.addEventListener('hashchange', onHash);
  onCleanup(() => window.removeEventListener('hashchange', onHash));

  let started = false;
  const ready = (): NotebookStore | undefined => {
    const s = store();
    if (s && !started) {
      started = true;
      void start(s);
    }
    return s;
  };

  const create = async (s: NotebookStore): Promise<void> => {
    storage.requestPersistence();
    const notebook = await s.create({ cells: [{ id: crypto.randomUUID(), kind: 'python', code: '' }] });
    await refresh(s);
    location.hash = `#/notebook/${notebook.id}`;
  };
  const importFile = async (s: NotebookStore, file: File | undefined): Promise<void> => {
    if (!file) return;
    storage.requestPersistence();
    try {
      const { title, cells, database, report } = await readNotebookFile(file);
      // Stored untrusted: it runs nothing, and its database settings stay unapplied,
      // until the user says so (src/notebook/trust.ts). The report (a `.ipynb` file)
      // stays with it until dismissed, even when no cell came in.
      const notebook = await s.createFromFile({
        title,
        cells,
        database: (id) => databaseFromFile(database, id),
        secrets: secretsFromFile(database),
        importReport: report,
      });
      setProblem(undefined);
      await refresh(s);
      location.hash = `#/notebook/${notebook.id}`;
    } catch (error) {
      setProblem(`Could not import ${file.name}: ${describeFileError(error)}`);
    }
  };
  const duplicate = async (s: NotebookStore, id: string): Promise<void> => {
    storage.requestPersistence();
    await s.flush();
    const copy = await s.duplicate(id);
    await refresh(s);
    location.hash = `#/notebook/${copy.id}`;
  };
  const remove = async (s: NotebookStore, summary: NotebookSummary): Promise<void> => {
    if (!confirm(`Delete “${summary.title}”? This cannot be undone.`)) return;
    await s.delete(summary.id);
    const rest = await refresh(s);
    if (open()?.id === summary.id) {
      setOpen(undefined);
      if (rest[0]) location.hash = `#/notebook/${rest[0].id}`;
    }
  };

  // A notebook file dropped anywhere on the window is imported.
  let fileInput: HTMLInputElement | undefined;
  /** The command palette's app-wide actions (it lives in the open notebook). */
  const appActions = (s: NotebookStore): AppActions => ({
    newNotebook: () => void create(s),
    importNotebook: () => fileInput?.click(),
    toggleTheme: () => colorScheme.toggle(),
  });
  const [dragging, setDragging] = createSignal(false);
  const carriesFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') === true;
  const onDragOver = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault(); // without this the browser opens the file instead
    setDragging(true);
  };
  const onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget === null) setDragging(false);
  };
  const onDrop = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDragging(false);
    const s = store();
    if (s) void importFile(s, e.dataTransfer?.files[0]);
  };
  window.addEventListener('dragover', onDragOver);
  window.addEventListener('dragleave', onDragLeave);
  window.addEventListener('drop', onDrop);
  onCleanup(() => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('dragleave', onDragLeave);
    window.removeEventListener('drop', onDrop);
  });

  return (
    <Show when={ready()} fallback={<p class="loading">Opening your notebooks…</p>}>
      {(s) => (
        <div class="app" classList={{ dragging: dragging(), 'nav-open': navOpen() }}>
          <Show when={dragging()}>
            <div class="drop-hint" aria-hidden="true">
              Drop a .py or .ipynb notebook to import it
            </div>
          </Show>
          {/* No link on the name: the notebook list has no page of its own, it is the sidebar (or the Notebooks button). */}
          <header class="app-header">
            <span class="brand">
              {/* The logo drawn inline, not as an <img> of an SVG file: an SVG image is parsed as a
                  document of its own on the main thread (4-8 ms here) during start-up. */}
              <svg viewBox="0 0 32 32" width="22" height="22" aria-hidden="true" fill="none" stroke="#2563eb" stroke-width="3">
                <circle cx="16" cy="16" r="14" />
                <circle cx="16" cy="16" r="8" />
                <circle cx="16" cy="16" r="3" fill="#2563eb" stroke="none" />
              </svg>
              Ripple
            </span>
            <button type="button" class="sidebar-toggle" aria-controls="notebook-nav" aria-expanded={navOpen()} onClick={() => setNavOpen(!navOpen())}>
              <span aria-hidden="true">☰</span>
              Notebooks
            </button>
          </header>
          {/* A link chosen in the list (the open notebook's too, which changes no hash) folds a narrow list away. */}
          <nav class="sidebar" id="notebook-nav" aria-label="Notebooks" onClick={(e) => (e.target as Element).closest('a') && setNavOpen(false)}>
            <button type="button" onClick={() => void create(s())}>New notebook</button>
            <InstallButton prompt={install} />
            {/* A real button; the file input it opens stays labelled for assistive technology and tests. */}
            <button type="button" onClick={() => fileInput?.click()}>
              Import notebook…
            </button>
            <input
              ref={fileInput}
              class="visually-hidden"
              type="file"
              accept=".py,.ipynb"
              aria-label="Import notebook"
              tabIndex={-1}
              onChange={(e) => {
                // currentTarget is null once the handler returns: keep the element.
                const input = e.currentTarget;
                void importFile(s(), input.files?.[0]).finally(() => (input.value = ''));
              }}
            />
            <Show when={problem()}>{(p) => <p role="alert" class="error">{p()}</p>}</Show>
            <NotebookList notebooks={list()} currentId={open()?.id} onDuplicate={(id) => void duplicate(s(), id)} onDelete={(summary) => void remove(s(), summary)} />
            <StoragePanel storage={storage} offline={offline} />
          </nav>
          <main class="main">
            <UpdateBanner offline={offline} />
            <Show when={open()} keyed>
              {(o) => {
                const early = props.early?.takeLock(o.id); // once: a later open of it asks anew
                return <OpenNotebook id={o.id} store={s()} passwords={passwords} onTitleChange={() => void refresh(s())} app={appActions(s())} early={early} />;
              }}
            </Show>
          </main>
        </div>
      )}
    </Show>
  );
}
