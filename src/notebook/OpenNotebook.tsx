import { createEffect, createResource, Match, Switch, type JSX } from 'solid-js';
import type { NotebookStore } from '../store/notebook-store';
import { createNotebookLock } from './notebook-lock';
import { NotebookView, type AppActions } from './NotebookView';
import type { PasswordMemory } from './session-database';
import type { EarlyLock } from '../start/early-start';

export interface OpenNotebookProps {
  id: string;
  store: NotebookStore;
  passwords: PasswordMemory;
  onTitleChange: (title: string) => void;
  app: AppActions;
  /** This notebook's Web Lock, asked for as the page started (src/start/early-start.ts). */
  early?: EarlyLock | undefined;
}

/**
 * A notebook is edited, and its kernel runs, in one tab at a time. Mount keyed by id.
 * The notebook is read from the store only once this tab owns it, so a tab taking it
 * over starts from what the other tab saved on letting go.
 */
export function OpenNotebook(props: OpenNotebookProps): JSX.Element {
  const lock = createNotebookLock(props.id, props.early);
  const [notebook] = createResource(
    () => (lock.state() === 'held' ? props.id : undefined),
    (id) => props.store.get(id),
  );
  createEffect(() => {
    // NotebookView is unmounted by now (its cleanup flushed saves and stopped the kernel).
    if (lock.state() === 'lost') void props.store.flush().finally(() => lock.announceReleased());
  });
  const takeOver = (): JSX.Element => (
    <button type="button" onClick={() => void lock.takeOver()}>
      Use it here
    </button>
  );
  return (
    <Switch>
      <Match when={lock.state() === 'held' && notebook()} keyed>
        {(loaded) => <NotebookView notebook={loaded} store={props.store} passwords={props.passwords} onTitleChange={props.onTitleChange} app={props.app} />}
      </Match>
      <Match when={lock.state() === 'elsewhere'}>
        <div class="notebook-elsewhere" role="alert">
          <p>This notebook is open in another tab. It can be edited, and its cells run, in one tab at a time.</p>
          {takeOver()}
        </div>
      </Match>
      <Match when={lock.state() === 'lost'}>
        <div class="notebook-elsewhere" role="alert">
          <p>This notebook was opened in another tab, which now has it. Your edits here were saved.</p>
          {takeOver()}
        </div>
      </Match>
      <Match when={true}>
        <p class="loading">Opening the notebook…</p>
      </Match>
    </Switch>
  );
}
