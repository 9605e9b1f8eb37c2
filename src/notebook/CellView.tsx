import { createMemo, Show, type JSX } from 'solid-js';
import type { StoredCell } from '../store/types';
import { CellEditor, type CellEditorApi } from '../components/editor/CellEditor';
import type { NotebookSession } from './create-notebook-session';
import { CellOutput } from './CellOutput';
import { CellGutter } from './CellGutter';
import { CellActions, KindSwitcher } from './CellToolbar';
import type { CommandAction } from './command-keys';
import { MarkdownView } from './MarkdownView';

export interface CellViewProps {
  cell: StoredCell;
  index: number;
  session: NotebookSession;
  /** Focus moves to the next cell after Shift+Enter; the notebook owns that order. */
  onAdvance: () => void;
  registerEditor: (id: string, api: CellEditorApi) => void;
  /** Scrolls to a cell and focuses it (the link from a blocked cell to the cell that failed). */
  onJump: (cellId: string) => void;
  /** Selects this cell in command mode (Escape from its editor). */
  onSelect: () => void;
  /** The toolbar's actions, performed as command mode's keys are (the focus follows alike). */
  onCommand: (command: CommandAction) => void;
}

export function CellView(props: CellViewProps): JSX.Element {
  const label = (): string => `Cell ${props.index + 1}`;
  // The editor caches the catalog per source object: a new object after each SQL cell
  // finishes means tables created by that cell are offered at once.
  const completions = createMemo(() => {
    props.session.schemaVersion();
    return { tables: async () => (await props.session.schema()).tables, variables: () => props.session.variables() };
  });
  const run = () => props.session.runs[props.cell.id]!;
  const collapsed = (): boolean => props.cell.outputCollapsed === true;
  const hasOutput = (): boolean => {
    const r = run();
    return r !== undefined && (r.streams.length > 0 || r.output !== undefined || r.error !== undefined || r.log.length > 0 || r.warnings.length > 0);
  };
  const errorRange = () => {
    const error = run()?.error;
    if (error?.kind !== 'sql' || !error.position) return undefined;
    const from = error.position.offset;
    // Mark the token Postgres complained about (at least one character).
    const token = /^[\w$]+|^\S/.exec(props.cell.code.slice(from))?.[0] ?? '';
    return { from, to: Math.min(from + Math.max(1, token.length), props.cell.code.length), message: error.message };
  };
  return (
    // Focusable itself: selected in command mode (Escape from the editor; see command-keys.ts).
    <section class={`cell cell-${props.cell.kind}`} role="group" aria-label={label()} tabIndex={-1}>
      <CellGutter run={run()} />
      <div class="cell-body">
        <div class="cell-head">
          <KindSwitcher subject={label().toLowerCase()} kind={props.cell.kind} onKind={(kind) => props.session.setKind(props.cell.id, kind)} />
          <Show when={props.cell.kind === 'sql'}>
            <label class="result-name">
              result
              <input
                aria-label={`Result name of ${label().toLowerCase()}`}
                placeholder="name"
                value={props.cell.resultName ?? ''}
                onChange={(e) => props.session.setResultName(props.cell.id, e.currentTarget.value)}
                size={10}
              />
            </label>
          </Show>
          <span class="spacer" />
          <CellActions hasOutput={props.cell.kind !== 'markdown' && hasOutput()} collapsed={collapsed()} onCommand={props.onCommand} />
        </div>
        <Show
          when={props.cell.kind === 'markdown'}
          fallback={
            <CellEditor
              kind={props.cell.kind}
              code={props.cell.code}
              label={`Code of cell ${props.index + 1}`}
              onChange={(code) => props.session.editCode(props.cell.id, code)}
              onRun={(mode) => {
                void props.session.run(props.cell.id);
                if (mode === 'advance') props.onAdvance();
              }}
              completions={props.cell.kind === 'sql' ? completions() : undefined}
              errorRange={errorRange()}
              onEscape={props.onSelect}
              ref={(api) => props.registerEditor(props.cell.id, api)}
            />
          }
        >
          <MarkdownView
            code={props.cell.code}
            label={label()}
            output={run()?.output}
            onChange={(code) => props.session.editCode(props.cell.id, code)}
            onRender={(mode) => {
              void props.session.run(props.cell.id);
              if (mode === 'advance') props.onAdvance();
            }}
            ref={(api) => props.registerEditor(props.cell.id, api)}
          />
        </Show>
        {/* A Markdown cell's output is its `{name}` values, shown in its text. */}
        <Show when={props.cell.kind !== 'markdown' && hasOutput()}>
          <OutputToggle collapsed={collapsed()} subject={label().toLowerCase()} onToggle={() => props.session.setOutputCollapsed(props.cell.id, !collapsed())} />
        </Show>
        {/* Unmounted while collapsed: the run keeps the output, and a chart is drawn at its width when shown. */}
        <Show when={props.cell.kind !== 'markdown' && !collapsed() && run()}>
          {(r) => (
            <CellOutput
              run={r()}
              label={`Output of cell ${props.index + 1}`}
              upstreamLabel={(id) => {
                const index = props.session.notebook.cells.findIndex((c) => c.id === id);
                return index < 0 ? undefined : `Cell ${index + 1}`;
              }}
              onJump={props.onJump}
              tableView={{
                view: () => props.cell.view,
                onView: (view) => props.session.setView(props.cell.id, view),
                displayView: (place) => props.cell.displayViews?.[place] ?? undefined,
                onDisplayView: (place, view) => props.session.setDisplayView(props.cell.id, place, view),
                ...(props.cell.kind === 'sql' ? { aggregate: (request) => props.session.aggregateForChart(props.cell.id, request) } : {}),
              }}
            />
          )}
        </Show>
      </div>
    </section>
  );
}

/** Collapses a long output to one line, or expands it (O in command mode); the choice is saved with the cell. */
function OutputToggle(props: { collapsed: boolean; subject: string; onToggle: () => void }): JSX.Element {
  return (
    <div class="output-toggle">
      <button type="button" aria-expanded={!props.collapsed} title={`${props.collapsed ? 'Expand' : 'Collapse'} the output (O)`} onClick={() => props.onToggle()}>
        {props.collapsed ? 'Expand output' : 'Collapse output'}
      </button>
      <Show when={props.collapsed}>
        <span class="muted">The output of {props.subject} is collapsed.</span>
      </Show>
    </div>
  );
}
