/**
 * What an import changed on the way in, kept with the notebook until the user dismisses
 * it (StoredNotebook.importReport). An import never changes a cell, comments one out or
 * drops anything without a note here: the user must be able to tell what is theirs.
 */

/**
 * - `converted`: rewritten into something Ripple runs (`%%sql` → SQL cell, `{{x}}` → `{x}`).
 * - `commented-out`: kept as comments, with a one-line reason in the cell (a `%%bash` cell).
 * - `review`: imported as it was, but probably does not do what it did in the other tool
 *   (a `{col}` that named a column by text substitution is a bound value here).
 * - `dropped`: not imported at all (outputs, image attachments).
 */
export type ImportNoteKind = 'converted' | 'commented-out' | 'review' | 'dropped';

export const IMPORT_NOTE_KINDS: readonly ImportNoteKind[] = ['converted', 'commented-out', 'review', 'dropped'];

export interface ImportNote {
  readonly kind: ImportNoteKind;
  /** 1-based positions in the imported notebook ("Cell 3"); empty when no cell is concerned. */
  readonly cells: readonly number[];
  readonly message: string;
}

export interface ImportReport {
  readonly fileName: string;
  /** Cells imported, by kind. */
  readonly python: number;
  readonly sql: number;
  /** Absent in reports stored before Markdown cells existed. */
  readonly markdown?: number;
  readonly notes: readonly ImportNote[];
}

/** Notes with the same kind and message become one note listing every cell, in order. */
export function mergeNotes(notes: readonly ImportNote[]): ImportNote[] {
  const merged = new Map<string, { kind: ImportNoteKind; cells: number[]; message: string }>();
  for (const note of notes) {
    const key = `${note.kind}\u0000${note.message}`;
    const entry = merged.get(key);
    if (entry) entry.cells.push(...note.cells.filter((c) => !entry.cells.includes(c)));
    else merged.set(key, { kind: note.kind, cells: [...note.cells], message: note.message });
  }
  return [...merged.values()];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One line for the top of the report: what came in, and how much was changed. */
export function summarizeImport(report: ImportReport): string {
  const markdown = report.markdown ?? 0;
  const total = report.python + report.sql + markdown;
  const imported =
    total === 0
      ? `No cells imported from ${report.fileName}.`
      : `Imported ${plural(total, 'cell')} from ${report.fileName}: ${report.python} Python, ${report.sql} SQL, ${markdown} Markdown.`;
  // Cells, not notes: one cell converted two ways is one converted cell. A note about no
  // cell (the saved outputs) counts once.
  const counts = IMPORT_NOTE_KINDS.map((kind) => {
    const notes = report.notes.filter((note) => note.kind === kind);
    const n = new Set(notes.flatMap((note) => note.cells)).size + notes.filter((note) => note.cells.length === 0).length;
    if (n === 0) return undefined;
    if (kind === 'converted') return `${plural(n, 'cell')} converted`;
    if (kind === 'commented-out') return `${n} commented out`;
    if (kind === 'review') return `${n} to review`;
    return `${n} dropped`;
  }).filter((s) => s !== undefined);
  return counts.length === 0 ? `${imported} Nothing was changed.` : `${imported} ${counts.join(', ')}.`;
}

/** "Cell 3", "Cells 2, 5 and 7". */
export function describeCells(cells: readonly number[]): string {
  if (cells.length === 0) return '';
  if (cells.length === 1) return `Cell ${cells[0]}`;
  return `Cells ${cells.slice(0, -1).join(', ')} and ${cells[cells.length - 1]}`;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isImportNote(value: unknown): value is ImportNote {
  return (
    isRecord(value) &&
    IMPORT_NOTE_KINDS.includes(value.kind as ImportNoteKind) &&
    Array.isArray(value.cells) &&
    value.cells.every((c) => Number.isInteger(c) && (c as number) > 0) &&
    typeof value.message === 'string'
  );
}

/** Runtime check of a report read back from IndexedDB. */
export function isImportReport(value: unknown): value is ImportReport {
  return (
    isRecord(value) &&
    typeof value.fileName === 'string' &&
    Number.isInteger(value.python) &&
    Number.isInteger(value.sql) &&
    (value.markdown === undefined || Number.isInteger(value.markdown)) &&
    Array.isArray(value.notes) &&
    value.notes.every(isImportNote)
  );
}
