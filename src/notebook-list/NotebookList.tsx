/**
 * The sidebar's list of notebooks: full titles (they wrap), when each was last edited,
 * and a search box once there are more than a few.
 */
import { createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import type { NotebookSummary } from '../store/types';
import { editedAgo, matchesQuery } from './relative-time';

/** More notebooks than this, and the list offers a search box. */
export const SEARCH_FROM = 5;

export interface NotebookListProps {
  readonly notebooks: readonly NotebookSummary[];
  readonly currentId: string | undefined;
  readonly onDuplicate: (id: string) => void;
  readonly onDelete: (summary: NotebookSummary) => void;
}

export function NotebookList(props: NotebookListProps): JSX.Element {
  const [query, setQuery] = createSignal('');
  // "2 minutes ago" moves on by itself.
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(tick));
  const shown = createMemo(() => props.notebooks.filter((n) => matchesQuery(n.title, query())));
  return (
    <>
      <Show when={props.notebooks.length > SEARCH_FROM}>
        <input class="notebook-search" type="search" placeholder="Search notebooks" aria-label="Search notebooks" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
      </Show>
      <ul class="notebook-list">
        <For each={shown()} fallback={<li class="muted">No notebook matches “{query()}”.</li>}>
          {(item) => (
            <li classList={{ current: item.id === props.currentId }}>
              <a href={`#/notebook/${item.id}`} aria-current={item.id === props.currentId ? 'page' : undefined}>
                <span class="notebook-list-title">{item.title}</span>
                <time class="notebook-list-time" dateTime={new Date(item.updatedAt).toISOString()} title={new Date(item.updatedAt).toLocaleString()}>
                  {editedAgo(item.updatedAt, now())}
                </time>
              </a>
              {/* Each visible word begins its button's name, as speech users say what they see (WCAG 2.5.3). */}
              <button type="button" aria-label={`Duplicate ${item.title}`} title="Duplicate" onClick={() => props.onDuplicate(item.id)}>duplicate</button>
              <button type="button" aria-label={`Delete ${item.title}`} title="Delete" onClick={() => props.onDelete(item)}>delete</button>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}
