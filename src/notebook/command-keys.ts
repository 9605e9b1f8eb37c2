/**
 * Command mode, as Jupyter users have it in their fingers: with a cell selected (its
 * editor left with Escape), single keys act on cells. Pure: the key and the previous
 * key in, the action out; NotebookView performs it.
 */
import type { CellKind } from '../../workers/protocol';

export type CommandAction =
  | { readonly kind: 'edit' }
  | { readonly kind: 'select'; readonly delta: -1 | 1 }
  | { readonly kind: 'add'; readonly where: 'above' | 'below' }
  | { readonly kind: 'delete' }
  | { readonly kind: 'undo-delete' }
  | { readonly kind: 'set-kind'; readonly cellKind: CellKind }
  | { readonly kind: 'move'; readonly delta: -1 | 1 }
  /** then: where the selection goes after the run (Shift+Enter moves on; Alt+Enter adds a cell below). */
  | { readonly kind: 'run'; readonly then: 'stay' | 'next' | 'insert-below' }
  /** Collapses a long output, or expands it again (kept with the cell). */
  | { readonly kind: 'toggle-output' }
  | { readonly kind: 'help' };

export interface KeyPress {
  readonly key: string;
  readonly shiftKey?: boolean;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
}

/** The shortcuts, for the help dialog and the tooltips: one list, the handler reads it too. */
export const COMMAND_KEYS: readonly { readonly keys: string; readonly action: string }[] = [
  { keys: 'Enter', action: 'Edit the cell' },
  { keys: 'Escape', action: 'Leave the editor (command mode)' },
  { keys: '↑ / K, ↓ / J', action: 'Select the cell above / below' },
  { keys: 'A, B', action: 'Add a cell above / below' },
  { keys: 'D D', action: 'Delete the cell' },
  { keys: 'Z', action: 'Undo the last deletion' },
  { keys: 'M, Y, S', action: 'Make it Markdown, Python, SQL' },
  { keys: 'Ctrl+Shift+↑ / ↓', action: 'Move the cell up / down' },
  { keys: 'Shift+Enter', action: 'Run and select the next cell' },
  { keys: 'Ctrl+Enter', action: 'Run' },
  { keys: 'Alt+Enter', action: 'Run and add a cell below' },
  { keys: 'O', action: 'Collapse or expand the output' },
  { keys: 'Ctrl+S', action: 'Save now' },
  { keys: '?', action: 'Show these shortcuts' },
  // Anywhere, editors included (NotebookView listens on the document).
  { keys: 'Ctrl+Shift+P, Ctrl+K', action: 'Command palette: every action by name (anywhere)' },
];

/** `previous`: the key pressed just before (for D D), if it came within a second. */
export function commandFor(press: KeyPress, previous?: string): CommandAction | undefined {
  const mod = press.ctrlKey === true || press.metaKey === true;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (key === 'Enter') {
    if (press.shiftKey) return { kind: 'run', then: 'next' };
    if (press.altKey) return { kind: 'run', then: 'insert-below' };
    if (mod) return { kind: 'run', then: 'stay' };
    return { kind: 'edit' };
  }
  if (mod && press.shiftKey && (key === 'ArrowUp' || key === 'ArrowDown')) return { kind: 'move', delta: key === 'ArrowUp' ? -1 : 1 };
  if (mod || press.altKey) return undefined;
  if (key === '?') return { kind: 'help' };
  switch (key) {
    case 'ArrowUp':
    case 'k':
      return { kind: 'select', delta: -1 };
    case 'ArrowDown':
    case 'j':
      return { kind: 'select', delta: 1 };
    case 'a':
      return { kind: 'add', where: 'above' };
    case 'b':
      return { kind: 'add', where: 'below' };
    case 'd':
      return previous === 'd' ? { kind: 'delete' } : undefined;
    case 'z':
      return { kind: 'undo-delete' };
    case 'm':
      return { kind: 'set-kind', cellKind: 'markdown' };
    case 'y':
      return { kind: 'set-kind', cellKind: 'python' };
    case 's':
      return { kind: 'set-kind', cellKind: 'sql' };
    case 'o':
      return { kind: 'toggle-output' };
    default:
      return undefined;
  }
}
