/** What a cell's code editor offers and takes, whichever editor shows it (CellEditor.tsx). */
import type { CellKind } from '../../../workers/protocol';

export interface CellEditorApi {
  focus(): void;
  setCursorToEnd(): void;
  /** Opens the cell for writing (Enter in command mode): a rendered Markdown cell shows its editor. */
  edit(): void;
}
export interface SqlCompletionSource {
  /** Tables and columns of the notebook's database (may be slow; cache per call of refresh). */
  tables(): Promise<readonly { schema: string; name: string; columns: readonly { name: string; type: string }[] }[]>;
  /** Python variable names currently defined (for `{name}` completion). */
  variables(): Promise<readonly string[]>;
}
export interface CellEditorProps {
  kind: CellKind;
  /** Initial code; later external changes to this prop (e.g. import) replace the document WITHOUT resetting undo history only if the text differs from the editor's. */
  code: string;
  /** Accessible name of the editor (aria-label on the content element), e.g. "Code of cell 3". */
  label: string;
  onChange: (code: string) => void;
  onRun: (mode: 'advance' | 'stay') => void;
  onFocusChange?: (focused: boolean) => void;
  /** Escape with no completion list open: leave the editor for the cell (command mode). */
  onEscape?: () => void;
  completions?: SqlCompletionSource;
  /** A SQL error position to mark (0-based offsets in the doc), or undefined to clear. */
  errorRange?: { from: number; to: number; message: string };
  ref?: (api: CellEditorApi) => void;
  readOnly?: boolean;
}
