import { createEffect, For, onCleanup, Show, type JSX } from 'solid-js';
import type { CellError, ChartAggregateRequest, ChartAggregateResult } from '../../workers/protocol';
import type { ShownOutput as CellOutputValue, ShownTable } from '../components/result-table/result-rows';
import type { CellRunState } from './cell-state';
import { createLasting } from './lasting';
import { outputAge, type OutputAge } from './output-age';
import { HtmlOutput } from './HtmlOutput';
import { ImageOutput } from './outputs/ImageOutput';
import { JsonTree } from './outputs/JsonTree';
import { LatexOutput } from './outputs/LatexOutput';
import { MarkdownOutput } from './outputs/MarkdownOutput';
import type { OutputView as ChosenView } from '../charts/settings';
import { TableOutput } from './TableOutput';
import { VegaLiteOutput } from './VegaLiteOutput';

/** The cell's Table / Chart choice for table outputs (saved with the cell). */
export interface TableViewChoice {
  readonly view: () => ChosenView | undefined;
  readonly onView: (view: ChosenView) => void;
  /** SQL cells: aggregate the cell's query in the database for a large chart. */
  readonly aggregate?: (request: ChartAggregateRequest) => Promise<ChartAggregateResult>;
  /** Python cells: the view of the `place`-th table shown with `display()` (saved with the cell). */
  readonly displayView?: (place: number) => ChosenView | undefined;
  readonly onDisplayView?: (place: number, view: ChosenView) => void;
}

function ErrorView(props: { error: CellError }): JSX.Element {
  const e = props.error;
  switch (e.kind) {
    case 'python':
      return <pre class="error traceback">{e.traceback}</pre>;
    case 'sql':
      return (
        <div class="error sql-error">
          <div>
            <strong>{e.message}</strong>
            {e.sqlstate ? ` (SQLSTATE ${e.sqlstate})` : ''}
            {e.position ? ` at line ${e.position.line}, column ${e.position.column}` : ''}
          </div>
          <Show when={e.detail}>{(d) => <div>Detail: {d()}</div>}</Show>
          <Show when={e.hint}>{(h) => <div>Hint: {h()}</div>}</Show>
        </div>
      );
    default:
      return <div class="error">{e.message}</div>;
  }
}

// Keyed by the output object (see the Show below): a new run's output is a new object,
// so these components re-render it rather than keep showing the previous one.
function OutputView(props: { output: CellOutputValue; label: string }): JSX.Element | null {
  const o = props.output;
  switch (o.type) {
    case 'table':
      return null; // drawn by TableOutput, which outlives a single output (see CellOutput)
    case 'vegalite':
      return <VegaLiteOutput spec={o.spec} subject={props.label.replace('Output of ', '').toLowerCase()} />;
    case 'html':
      return <HtmlOutput html={o.html} label={props.label.replace('Output of', 'HTML output of')} />;
    case 'svg':
      return <HtmlOutput html={o.svg} label={props.label.replace('Output of', 'SVG output of')} />;
    case 'image':
      return <ImageOutput mime={o.mime} base64={o.base64} label={props.label.replace('Output of', 'Image output of')} />;
    case 'latex':
      return <LatexOutput latex={o.latex} label={props.label.replace('Output of', 'Math output of')} />;
    case 'json':
      return <JsonTree json={o.json} label={props.label.replace('Output of', 'JSON output of')} />;
    case 'markdown':
      return <MarkdownOutput markdown={o.markdown} label={props.label.replace('Output of', 'Markdown output of')} />;
    case 'text':
      return <pre class="text-output">{o.text}</pre>;
    case 'markdown-values':
      // Shown inside the Markdown cell's rendered text (MarkdownView), not below it.
      return null;
  }
}

/**
 * Streamed text in a box of bounded height that follows the newest line, unless the
 * reader scrolled up to read: a chatty cell then neither pushes the notebook down by
 * thousands of lines nor yanks the reader's position.
 */
function StreamView(props: { name: 'stdout' | 'stderr'; text: string }): JSX.Element {
  let box: HTMLPreElement | undefined;
  let following = true;
  createEffect(() => {
    void props.text;
    if (box && following) box.scrollTop = box.scrollHeight;
  });
  const onScroll = (): void => {
    if (box) following = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  };
  return <pre ref={box} class={`stream ${props.name}`} tabIndex={0} onScroll={onScroll}>{props.text}</pre>;
}

/**
 * While a cell runs, its output keeps at least the height it had before the run: the new
 * run's first lines replace the old ones without the cells below moving up and then down
 * again as the rest streams in. Released when the run ends.
 */
function reserveHeightDuringRuns(region: HTMLElement, running: () => boolean): void {
  // The height as last laid out, from the observer: reading offsetHeight here instead
  // forced a layout on every status change (12 per cell in a reactive chain, ~4 ms an
  // edit in the profile). During a run the last observation is the run's own height,
  // which is what the next run should keep if the end of the run changes nothing.
  let laidOut = 0;
  const observer = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (entry) laidOut = entry.borderBoxSize?.[0]?.blockSize ?? region.offsetHeight;
  });
  observer.observe(region);
  onCleanup(() => observer.disconnect());
  createEffect(() => {
    region.style.minHeight = running() ? `${laidOut}px` : '';
  });
}

/**
 * One `display()` output. A displayed table can be charted too. Its view is kept by the
 * table's place among the run's displayed tables, so a re-run that displays the same
 * tables keeps their charts, and it is saved with the cell (`displayViews`).
 */
function DisplayedOutput(props: { output: CellOutputValue; label: string; view: ChosenView | undefined; onView: (view: ChosenView) => void }): JSX.Element {
  const o = props.output;
  if (o.type !== 'table') return <OutputView output={o} label={props.label} />;
  return <TableOutput table={o.table} label={props.label.replace('Output of', 'Result of')} subject={props.label.replace('Output of ', '').toLowerCase()} view={props.view} onView={props.onView} />;
}

/** Says an output is from an earlier run; for a blocked cell, names the failed cell with a link to it. */
function EarlierRunNote(props: { age: NonNullable<OutputAge>; upstreamLabel?: (id: string) => string | undefined; onJump?: (id: string) => void }): JSX.Element {
  const upstream = (): { id: string; label: string } | undefined => {
    const age = props.age;
    if (age.kind !== 'blocked' || age.upstream === undefined) return undefined;
    const label = props.upstreamLabel?.(age.upstream);
    return label === undefined ? undefined : { id: age.upstream, label };
  };
  return (
    <p class="output-age" role="note">
      <Show when={props.age.kind === 'blocked'} fallback="From an earlier run">
        <Show when={upstream()} fallback="Blocked: an upstream cell failed">
          {(u) => (
            <>
              Blocked:{' '}
              <button type="button" class="link-button" onClick={() => props.onJump?.(u().id)}>
                {u().label}
              </button>{' '}
              failed
            </>
          )}
        </Show>
        . This output is from an earlier run.
      </Show>
    </p>
  );
}

/** How long an output must have been from an earlier run before it is shown dimmed and noted. */
export const EARLIER_SHOWN_AFTER_MS = 150;

/** Everything a cell's latest run produced, in the order a reader wants it. */
export function CellOutput(props: {
  run: CellRunState;
  label: string;
  tableView?: TableViewChoice;
  /** "Cell 3" for a cell id, to name the cell that blocked this one. */
  upstreamLabel?: (id: string) => string | undefined;
  onJump?: (id: string) => void;
}): JSX.Element {
  const age = (): OutputAge => outputAge(props.run);
  // Dimmed, with its note, only once that has lasted EARLIER_SHOWN_AFTER_MS: a quick re-run
  // does not flash it. (A timer, not a CSS delay: lasting.ts says why.)
  const earlier = createLasting(() => age() !== undefined || props.run.outputSuperseded === true, EARLIER_SHOWN_AFTER_MS);
  const table = (): ShownTable | undefined => (props.run.output?.type === 'table' ? props.run.output.table : undefined);
  const running = (): boolean => props.run.status === 'running' || props.run.status === 'queued';
  /** The place of stream item `i` among the run's displayed tables. */
  const tableOrdinal = (i: number): number => props.run.streams.slice(0, i).filter((s) => s.name === 'display' && s.output.type === 'table').length;
  return (
    <div
      ref={(region) => reserveHeightDuringRuns(region, running)}
      class="cell-output"
      classList={{ earlier: earlier() }}
      role="region"
      aria-label={props.label}
      aria-live="polite"
    >
      <Show when={earlier() && age()}>{(a) => <EarlierRunNote age={a()} upstreamLabel={props.upstreamLabel} onJump={props.onJump} />}</Show>
      <Show when={props.run.warnings.length > 0}>
        <ul class="warnings">
          <For each={props.run.warnings}>{(w) => <li>Line {w.line}: {w.message}</li>}</For>
        </ul>
      </Show>
      <Show when={props.run.log.length > 0}>
        <details class="sql-log">
          <summary>Executed SQL</summary>
          <pre>{props.run.log.join('\n\n')}</pre>
        </details>
      </Show>
      <For each={props.run.streams}>
        {(item, i) =>
          item.name === 'display' ? (
            <DisplayedOutput
              output={item.output}
              label={props.label}
              view={props.tableView?.displayView?.(tableOrdinal(i()))}
              onView={(view) => props.tableView?.onDisplayView?.(tableOrdinal(i()), view)}
            />
          ) : (
            <StreamView name={item.name} text={item.text} />
          )
        }
      </For>
      <Show when={props.run.output} keyed>
        {(output) => <OutputView output={output} label={props.label} />}
      </Show>
      {/* Not keyed: a re-run's table reaches the same component, so an open chart only swaps its rows. */}
      <Show when={table()}>
        {(t) => (
          <TableOutput
            table={t()}
            label={props.label.replace('Output of', 'Result of')}
            subject={props.label.replace('Output of ', '').toLowerCase()}
            view={props.tableView?.view()}
            onView={(view) => props.tableView?.onView(view)}
            aggregate={props.tableView?.aggregate}
            arriving={props.run.partialOutput === true}
          />
        )}
      </Show>
      <Show when={props.run.error} keyed>
        {(error) => <ErrorView error={error} />}
      </Show>
    </div>
  );
}
