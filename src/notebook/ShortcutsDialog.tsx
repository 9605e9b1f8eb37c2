/** The keyboard shortcuts (`?` in command mode), from the one list the handler also reads. */
import { onMount, For, type JSX } from 'solid-js';
import { COMMAND_KEYS } from './command-keys';

export function ShortcutsDialog(props: { onClose: () => void }): JSX.Element {
  let close: HTMLButtonElement | undefined;
  onMount(() => close?.focus());
  return (
    <div
      class="shortcuts-dialog"
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <h2>Keyboard shortcuts</h2>
      <p class="muted">In command mode: press Escape in a cell's editor, then:</p>
      <table>
        <tbody>
          <For each={COMMAND_KEYS}>
            {(row) => (
              <tr>
                <th scope="row">
                  <kbd>{row.keys}</kbd>
                </th>
                <td>{row.action}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <button type="button" ref={close} onClick={() => props.onClose()}>
        Close
      </button>
    </div>
  );
}
