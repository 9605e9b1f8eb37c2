/**
 * A table output with its Table / Chart views. The component lives as long as the cell
 * has a table output: a re-run hands it the new table, so an open chart swaps its rows
 * instead of being rebuilt. The chosen view is the cell's (saved with it).
 */
import { createUniqueId, lazy, Match, Show, Switch, type JSX } from 'solid-js';
import type { ChartAggregateRequest, ChartAggregateResult } from '../../workers/protocol';
import type { ShownTable } from '../components/result-table/result-rows';
import { ResultTable } from '../components/result-table/ResultTable';
import type { ChartSettings, OutputView } from '../charts/settings';
import { defaultChartSettings } from '../charts/default-settings';

// The builder itself is small, but keeping it out of the entry keeps Vega's types and
// helpers out too.
const ChartBuilder = lazy(async () => ({ default: (await import('../charts/ChartBuilder')).ChartBuilder }));

export interface TableOutputProps {
  readonly table: ShownTable;
  readonly label: string;
  /** "cell 2" */
  readonly subject: string;
  readonly view: OutputView | undefined;
  readonly onView: (view: OutputView) => void;
  readonly aggregate?: (request: ChartAggregateRequest) => Promise<ChartAggregateResult>;
  /** See ResultTable's `arriving`. */
  readonly arriving?: boolean;
}

export function TableOutput(props: TableOutputProps): JSX.Element {
  const panelId = createUniqueId();
  const chart = (): ChartSettings | undefined => (props.view?.kind === 'chart' ? props.view.chart : undefined);
  const showsChart = (): boolean => props.view?.kind === 'chart';
  const choose = (wantsChart: boolean): void => {
    if (!wantsChart) return props.onView({ kind: 'table' });
    const settings = chart() ?? defaultChartSettings(props.table.columns);
    if (settings) props.onView({ kind: 'chart', chart: settings });
  };
  // The WAI-ARIA tabs pattern: one tab stop, arrow keys (and Home/End) move and select.
  const onKeyDown = (event: KeyboardEvent & { currentTarget: HTMLElement }): void => {
    const toChart = { ArrowRight: !showsChart(), ArrowLeft: !showsChart(), Home: false, End: true }[event.key];
    if (toChart === undefined) return;
    event.preventDefault();
    const list = event.currentTarget.parentElement; // currentTarget is gone once the event is
    choose(toChart);
    queueMicrotask(() => list?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus());
  };
  const Tab = (p: { chart: boolean; children: string }): JSX.Element => (
    <button
      type="button"
      role="tab"
      aria-selected={showsChart() === p.chart}
      aria-controls={panelId}
      tabIndex={showsChart() === p.chart ? 0 : -1}
      onClick={() => choose(p.chart)}
      onKeyDown={onKeyDown}
    >
      {p.children}
    </button>
  );
  // A command's result (INSERT, CREATE) has no columns: nothing to chart.
  return (
    <Show when={props.table.columns.length > 0} fallback={<ResultTable table={props.table} label={props.label} arriving={props.arriving} />}>
    <div class="table-output">
      <div role="tablist" aria-label={`View of the ${props.subject} result`} class="view-switch">
        <Tab chart={false}>Table</Tab>
        <Tab chart={true}>Chart</Tab>
      </div>
      <div role="tabpanel" id={panelId}>
        <Switch>
          <Match when={showsChart()}>
            <ChartBuilder table={props.table} settings={chart()} onSettings={(s) => props.onView({ kind: 'chart', chart: s })} aggregate={props.aggregate} subject={props.subject} />
          </Match>
          <Match when={!showsChart()}>
            <ResultTable table={props.table} label={props.label} arriving={props.arriving} />
          </Match>
        </Switch>
      </div>
    </div>
    </Show>
  );
}
