/**
 * The notebook's outline: the headings of its Markdown cells, as a navigation landmark.
 * An entry scrolls to its cell and focuses it.
 */
import { createMemo, For, Show, type JSX } from 'solid-js';
import { notebookOutline } from '../markdown/outline';

export interface OutlineProps {
  cells: readonly { readonly id: string; readonly kind: string; readonly code: string }[];
  onJump: (cellId: string) => void;
}

export function Outline(props: OutlineProps): JSX.Element {
  const entries = createMemo(() => notebookOutline(props.cells));
  return (
    <nav class="outline" aria-label="Outline">
      <Show when={entries().length > 0} fallback={<p class="outline-empty">No headings yet: start a line of a Markdown cell with #.</p>}>
        <ol>
          <For each={entries()}>
            {(entry) => (
              <li class={`outline-level-${entry.level}`}>
                <button type="button" onClick={() => props.onJump(entry.cellId)}>{entry.text}</button>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </nav>
  );
}
