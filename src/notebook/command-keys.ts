/**
 * Command mode, as Jupyter users have it in their fingers: with a cell selected (its
 * editor left with Escape), single keys act on cells. Pure: the key and the previous
 * key in, the action out; NotebookView performs it.
 */
import type { CellKind } from '../../workers/protocol';

export type CommandAction =
  | { readonly kind: 'edit' }
  | { readonly kind: 'select'; readonly delta: -1 | 1 }
  /** cellKind: the new cell's kind; Python when absent (A and B add Python cells). */
  | { readonly kind: 'add'; readonly where: 'above' | 'below'; readonly cellKind?: CellKind }
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

/** One row of the shortcuts dialog: its keys as written there, and what they do. */
export interface ShortcutRow {
  readonly keys: string;
  readonly action: string;
  /** The command each of the row's keys performs, with that key alone (the cell toolbar's tooltips). */
  readonly each?: readonly (readonly [keys: string, command: CommandAction])[];
}

/** A row whose keys are its commands' keys, so each key is written once. */
function row(action: string, ...each: (readonly [string, CommandAction])[]): ShortcutRow {
  return { keys: each.map(([keys]) => keys).join(', '), action, each };
}

/** The shortcuts, for the help dialog and the tooltips: one list, the handler reads it too. */
export const COMMAND_KEYS: readonly ShortcutRow[] = [
  row('Edit the cell', ['Enter', { kind: 'edit' }]),
  { keys: 'Escape', action: 'Leave the editor (command mode)' },
  row('Select the cell above / below', ['↑ / K', { kind: 'select', delta: -1 }], ['↓ / J', { kind: 'select', delta: 1 }]),
  row('Add a cell above / below', ['A', { kind: 'add', where: 'above' }], ['B', { kind: 'add', where: 'below' }]),
  row('Delete the cell', ['D D', { kind: 'delete' }]),
  row('Undo the last deletion', ['Z', { kind: 'undo-delete' }]),
  row(
    'Make it Markdown, Python, SQL',
    ['M', { kind: 'set-kind', cellKind: 'markdown' }],
    ['Y', { kind: 'set-kind', cellKind: 'python' }],
    ['S', { kind: 'set-kind', cellKind: 'sql' }],
  ),
  row('Move the cell up / down', ['Ctrl+Shift+↑', { kind: 'move', delta: -1 }], ['Ctrl+Shift+↓', { kind: 'move', delta: 1 }]),
  row('Run and select the next cell', ['Shift+Enter', { kind: 'run', then: 'next' }]),
  row('Run', ['Ctrl+Enter', { kind: 'run', then: 'stay' }]),
  row('Run and add a cell below', ['Alt+Enter', { kind: 'run', then: 'insert-below' }]),
  row('Collapse or expand the output', ['O', { kind: 'toggle-output' }]),
  { keys: 'Ctrl+S', action: 'Save now' },
  row('Show these shortcuts', ['?', { kind: 'help' }]),
  // Anywhere, editors included (NotebookView listens on the document).
  { keys: 'Ctrl+Shift+P, Ctrl+K', action: 'Command palette: every action by name (anywhere)' },
];

/** The key that performs `command` in command mode, as the shortcuts dialog writes it; undefined when none does. */
export function keysFor(command: CommandAction): string | undefined {
  // Commands are flat records of strings and numbers: equal fields, same command.
  const same = (a: CommandAction, b: CommandAction): boolean => {
    const fields = (c: CommandAction): [string, unknown][] => Object.entries(c).filter(([, value]) => value !== undefined).sort(([x], [y]) => x.localeCompare(y));
    return JSON.stringify(fields(a)) === JSON.stringify(fields(b));
  };
  for (const { each } of COMMAND_KEYS) for (const [keys, other] of each ?? []) if (same(other, command)) return keys;
  return undefined;
}

/** A control's tooltip: its action, and the key that does it when there is one ("Run cell (Ctrl+Enter)"). */
export function withKeys(name: string, command: CommandAction | undefined): string {
  const keys = command && keysFor(command);
  return keys ? `${name} (${keys})` : name;
}

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
