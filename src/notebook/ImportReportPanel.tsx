import { For, Index, Show, type JSX } from 'solid-js';
import { describeCells, IMPORT_NOTE_KINDS, summarizeImport, type ImportNote, type ImportNoteKind, type ImportReport } from '../files/import-report';

const HEADINGS: Readonly<Record<ImportNoteKind, string>> = {
  converted: 'Converted',
  'commented-out': 'Commented out',
  review: 'To review',
  dropped: 'Dropped',
};

export interface ImportReportPanelProps {
  report: ImportReport;
  /** Removes the report for good. */
  onDismiss: () => void;
  /** Brings the user to cell `n` (1-based, as in the report); without it the numbers are plain text. */
  onShowCell?: (n: number) => void;
}

/**
 * What the import of a file changed on the way in (src/files/import-report.ts), shown with
 * the notebook until dismissed. It never takes focus: the trust banner, shown at the same
 * time for a notebook from a file, does, and comes first.
 */
export function ImportReportPanel(props: ImportReportPanelProps): JSX.Element {
  const groups = () =>
    IMPORT_NOTE_KINDS.map((kind) => ({ kind, notes: props.report.notes.filter((note) => note.kind === kind) })).filter((group) => group.notes.length > 0);
  return (
    <section class="import-report" role="region" aria-label="Import report">
      <p class="import-report-summary">{summarizeImport(props.report)}</p>
      <For each={groups()}>
        {(group) => (
          <>
            <h3 class="import-report-kind">{HEADINGS[group.kind]}</h3>
            <ul class="import-report-notes">
              <For each={group.notes}>{(note) => <li><NoteText note={note} onShowCell={props.onShowCell} /></li>}</For>
            </ul>
          </>
        )}
      </For>
      <div class="import-report-actions">
        <button type="button" aria-label="Dismiss import report" onClick={() => props.onDismiss()}>
          Dismiss
        </button>
      </div>
    </section>
  );
}

/**
 * `describeCells(cells): message`, or the message alone when no cell is concerned. The
 * numbers in describeCells' text ("Cells 2, 5 and 7") become buttons to those cells.
 */
function NoteText(props: { note: ImportNote; onShowCell: ((n: number) => void) | undefined }): JSX.Element {
  // Split on the numbers, kept: even parts are text, odd parts are cell numbers.
  const parts = () => describeCells(props.note.cells).split(/(\d+)/);
  return (
    <>
      <Show when={props.note.cells.length > 0}>
        <Index each={parts()}>
          {(part, i) => (
            <Show when={i % 2 === 1 && props.onShowCell} fallback={part()}>
              {(show) => (
                <button type="button" class="import-report-cell" aria-label={`Go to cell ${part()}`} onClick={() => show()(Number(part()))}>
                  {part()}
                </button>
              )}
            </Show>
          )}
        </Index>
        {': '}
      </Show>
      {props.note.message}
    </>
  );
}
