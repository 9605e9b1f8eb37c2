/**
 * The command palette: a modal dialog holding a combobox that filters a listbox of every
 * action (the WAI-ARIA combobox pattern, focus staying in the input and the active option
 * named by aria-activedescendant). ↑/↓ move, Enter runs, Escape closes; the owner puts
 * the focus back where it was. The list and the filter are palette-actions.ts.
 */
import { createMemo, createSignal, createUniqueId, For, onMount, Show, type JSX } from 'solid-js';
import { filterEntries, type PaletteEntry } from './palette-actions';

export interface CommandPaletteProps {
  readonly entries: readonly PaletteEntry[];
  readonly onRun: (entry: PaletteEntry) => void;
  readonly onClose: () => void;
}

export function CommandPalette(props: CommandPaletteProps): JSX.Element {
  const id = createUniqueId();
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal(0);
  const shown = createMemo(() => filterEntries(props.entries, query()));
  const optionId = (index: number): string => `${id}-option-${index}`;
  let input: HTMLInputElement | undefined;
  let list: HTMLUListElement | undefined;
  onMount(() => input?.focus());

  const moveTo = (index: number): void => {
    const count = shown().length;
    if (count === 0) return;
    const next = (index + count) % count;
    setActive(next);
    list?.querySelector(`#${CSS.escape(optionId(next))}`)?.scrollIntoView({ block: 'nearest' });
  };
  const run = (entry: PaletteEntry | undefined): void => {
    if (entry) props.onRun(entry);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') moveTo(active() + 1);
    else if (e.key === 'ArrowUp') moveTo(active() - 1);
    else if (e.key === 'Enter') run(shown()[active()]);
    else if (e.key === 'Escape') props.onClose();
    else if (e.key !== 'Tab') return; // Tab stays in the modal dialog: its one control is the input
    e.preventDefault();
    // Keys meant for the palette must not reach command mode or the editors behind it.
    e.stopPropagation();
  };

  return (
    <div class="palette-backdrop" onPointerDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="palette" role="dialog" aria-modal="true" aria-label="Command palette" onKeyDown={onKeyDown}>
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label="Search actions"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={shown().length > 0 ? optionId(active()) : undefined}
          placeholder="Type an action…"
          autocomplete="off"
          spellcheck={false}
          value={query()}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setActive(0);
          }}
        />
        <ul ref={list} id={`${id}-list`} role="listbox" aria-label="Actions">
          <For each={shown()}>
            {(entry, index) => (
              <li
                id={optionId(index())}
                role="option"
                aria-label={entry.label}
                aria-describedby={entry.keys ? `${optionId(index())}-keys` : undefined}
                aria-selected={index() === active()}
                // Keeps the focus in the input: a click runs the action, it does not move focus.
                onPointerDown={(e) => e.preventDefault()}
                onClick={() => run(entry)}
              >
                <span>{entry.label}</span>
                <Show when={entry.keys}>{(keys) => <kbd id={`${optionId(index())}-keys`}>{keys()}</kbd>}</Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={shown().length === 0}>
          <p class="muted" role="status">
            No action matches “{query()}”.
          </p>
        </Show>
      </div>
    </div>
  );
}
