/**
 * The command palette's list (Ctrl/Cmd+Shift+P or Ctrl/Cmd+K) and its filter. Pure: the
 * palette component (CommandPalette.tsx) renders it and NotebookView runs the commands.
 * Cell entries carry the very CommandAction that command mode's key produces (tested
 * against `commandFor`), so the palette and the keys cannot drift apart.
 */
import { keysFor, type CommandAction } from './command-keys';

/** Actions of the app and the open notebook, which need no selected cell. */
export type AppCommand =
  | 'run-all'
  | 'interrupt'
  | 'restart'
  | 'new-notebook'
  | 'import-notebook'
  | 'export-py'
  | 'export-ipynb'
  | 'export-sql'
  | 'database-settings'
  | 'outline'
  | 'toggle-theme'
  | 'shortcuts'
  | 'save';

export type PaletteCommand = { readonly kind: 'app'; readonly command: AppCommand } | { readonly kind: 'cell'; readonly action: CommandAction };

export interface PaletteEntry {
  readonly label: string;
  /** The shortcut, as the shortcuts dialog writes it; absent when the action has none. */
  readonly keys?: string;
  readonly command: PaletteCommand;
}

/** A Record, so a new AppCommand without an entry does not compile. */
const APP: Record<AppCommand, { readonly label: string; readonly keys?: string }> = {
  'run-all': { label: 'Run all cells' },
  interrupt: { label: 'Interrupt the kernel' },
  restart: { label: 'Restart the kernel' },
  'new-notebook': { label: 'New notebook' },
  'import-notebook': { label: 'Import notebook…' },
  'export-py': { label: 'Export .py' },
  'export-ipynb': { label: 'Export .ipynb' },
  'export-sql': { label: 'Export SQL (the database)' },
  'database-settings': { label: 'Database settings' },
  outline: { label: 'Show or hide the outline' },
  'toggle-theme': { label: 'Toggle light / dark theme' },
  shortcuts: { label: 'Keyboard shortcuts', keys: '?' },
  save: { label: 'Save now', keys: 'Ctrl+S' },
};

/** Command mode's cell actions; the key that does each is read from COMMAND_KEYS (`keysFor`). */
const CELL: readonly { readonly label: string; readonly action: CommandAction }[] = [
  { label: 'Run cell', action: { kind: 'run', then: 'stay' } },
  { label: 'Run cell and select the next', action: { kind: 'run', then: 'next' } },
  { label: 'Run cell and add a cell below', action: { kind: 'run', then: 'insert-below' } },
  { label: 'Edit cell', action: { kind: 'edit' } },
  { label: 'Add cell above', action: { kind: 'add', where: 'above' } },
  { label: 'Add cell below', action: { kind: 'add', where: 'below' } },
  { label: 'Delete cell', action: { kind: 'delete' } },
  { label: 'Undo cell deletion', action: { kind: 'undo-delete' } },
  { label: 'Move cell up', action: { kind: 'move', delta: -1 } },
  { label: 'Move cell down', action: { kind: 'move', delta: 1 } },
  { label: 'Change cell to Python', action: { kind: 'set-kind', cellKind: 'python' } },
  { label: 'Change cell to SQL', action: { kind: 'set-kind', cellKind: 'sql' } },
  { label: 'Change cell to Markdown', action: { kind: 'set-kind', cellKind: 'markdown' } },
  { label: 'Collapse or expand output', action: { kind: 'toggle-output' } },
];

/** Every action the palette offers: the notebook's, then, when a cell is selected, the cell's. */
export function paletteEntries(context: { readonly cellSelected: boolean }): PaletteEntry[] {
  const app = (Object.keys(APP) as AppCommand[]).map((command): PaletteEntry => ({ ...APP[command], command: { kind: 'app', command } }));
  if (!context.cellSelected) return app;
  return [...app, ...CELL.map(({ label, action }): PaletteEntry => {
    const keys = keysFor(action);
    return { label, ...(keys ? { keys } : {}), command: { kind: 'cell', action } };
  })];
}

/**
 * How well `label` matches `query`, lower is better; undefined: no match. Whole-text
 * matches come first (at the start, then at a word's start, then anywhere), then labels
 * holding every word of the query in any order ("theme toggle"), then, for a single
 * word, its letters in order from a word's start ("rnall" for "Run all cells").
 */
export function matchRank(label: string, query: string): number | undefined {
  const text = label.toLowerCase();
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (q === '') return 0;
  const at = text.indexOf(q);
  if (at === 0) return 0;
  if (at > 0 && text.split(/[\s./…-]+/).some((word) => word.startsWith(q))) return 1;
  if (at > 0) return 2;
  if (q.split(' ').every((word) => text.includes(word))) return 3;
  // Typed as words, the query has had its chance above: letters in order would only add noise.
  return !q.includes(' ') && inOrderFromWordStart(text, q) ? 4 : undefined;
}

/** The letters appear in order, the first at a word's start (else "run" would find "inteRrUpt the kerNel"). */
function inOrderFromWordStart(text: string, letters: string): boolean {
  for (let start = 0; start < text.length; start++) {
    if (text[start] !== letters[0] || (start > 0 && /\w/.test(text[start - 1]!))) continue;
    let from = start + 1;
    for (const char of letters.slice(1)) {
      from = text.indexOf(char, from) + 1;
      if (from === 0) break;
    }
    if (from !== 0) return true;
  }
  return false;
}

/** The entries matching `query`, best first; equally good ones keep the list's order. */
export function filterEntries(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  return entries
    .map((entry, order) => ({ entry, order, rank: matchRank(entry.label, query) }))
    .filter((m): m is { entry: PaletteEntry; order: number; rank: number } => m.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((m) => m.entry);
}
