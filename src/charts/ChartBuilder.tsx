/**
 * The Chart view of a table output: labelled selects for mark, x, y, colour and
 * aggregation over a lazily drawn Vega-Lite chart, with a caption saying what is drawn
 * (and whether it was sampled or aggregated in the database).
 */
import { createMemo, createResource, createSignal, createUniqueId, For, Show, type JSX } from 'solid-js';
import type { ChartAggregateRequest, ChartAggregateResult } from '../../workers/protocol';
import type { ShownTable } from '../components/result-table/result-rows';
import { settingsForColumns } from './default-settings';
import { AGGREGATIONS, CHART_MARKS, type Aggregation, type ChartMark, type ChartSettings } from './settings';
import { chartName, chartSummary } from './summary';
import { chartSpec } from './vega-spec';
import { databaseInput, databaseRequest, localInput } from './chart-source';
import { VegaChart, type ChartDrawn } from './VegaChart';

export interface ChartBuilderProps {
  readonly table: ShownTable;
  /** The saved settings, if any; columns the result no longer has fall back to the default. */
  readonly settings: ChartSettings | undefined;
  readonly onSettings: (settings: ChartSettings) => void;
  /** Present for SQL cells: aggregates the cell's query in the database. */
  readonly aggregate?: (request: ChartAggregateRequest) => Promise<ChartAggregateResult>;
  /** "cell 2", for names of controls and files. */
  readonly subject: string;
}

const MARK_LABELS: Readonly<Record<ChartMark, string>> = { bar: 'Bar', line: 'Line', area: 'Area', point: 'Point', histogram: 'Histogram' };
const AGG_LABELS: Readonly<Record<Aggregation, string>> = { none: 'None', count: 'Count', sum: 'Sum', mean: 'Mean', min: 'Min', max: 'Max' };
const NONE = '';

function Select(props: { label: string; value: string; options: readonly { value: string; label: string }[]; onChange: (value: string) => void }): JSX.Element {
  const id = createUniqueId();
  return (
    // A label apart from its select: wrapped, the select's name would include the chosen
    // option's text ("X grp"), and "X" alone would not name it.
    <span class="chart-control">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>}</For>
      </select>
    </span>
  );
}

export function ChartBuilder(props: ChartBuilderProps): JSX.Element {
  const summaryId = createUniqueId();
  const settings = createMemo(() => settingsForColumns(props.settings, props.table.columns));
  const request = createMemo(() => {
    const s = settings();
    return s && databaseRequest(s, props.table, props.aggregate !== undefined);
  });
  const [answer] = createResource(
    () => {
      const r = request();
      return r && { request: r, table: props.table };
    },
    async ({ request: r }) => ({ request: r, result: props.aggregate ? await props.aggregate(r) : { ok: false as const, message: 'not a SQL cell' } }),
  );
  const input = createMemo(() => {
    const s = settings();
    if (!s) return undefined;
    if (!request()) return localInput(s, props.table);
    // Only an answer to this very request: the previous one (other settings) would be read
    // with the wrong columns, e.g. a bar chart's groups as a histogram's bins.
    const a = answer.latest;
    return a && JSON.stringify(a.request) === JSON.stringify(request()) ? databaseInput(s, props.table, a.result) : undefined;
  });
  const spec = createMemo(() => {
    const s = settings();
    const i = input();
    return s && i && chartSpec(s, props.table.columns, { aggregatedInDatabase: i.source.kind === 'database' || i.source.kind === 'binned', description: chartName(s) });
  });
  const [drawn, setDrawn] = createSignal<ChartDrawn>();
  const change = (patch: Partial<ChartSettings>): void => {
    const s = settings();
    if (!s) return;
    const next: Record<string, unknown> = { ...s, ...patch };
    for (const key of ['y', 'color'] as const) if (next[key] === NONE) delete next[key];
    props.onSettings(next as unknown as ChartSettings);
  };
  const columns = () => props.table.columns.map((c) => ({ value: c.name, label: c.name }));
  const optional = () => [{ value: NONE, label: '(none)' }, ...columns()];
  return (
    <Show when={settings()} fallback={<div class="chart-empty">This result has no columns to chart.</div>}>
      {(s) => (
        <div class="chart-builder">
          <div class="chart-controls">
            <Select label="Mark" value={s().mark} options={CHART_MARKS.map((m) => ({ value: m, label: MARK_LABELS[m] }))} onChange={(v) => change({ mark: v as ChartMark })} />
            <Select label="X" value={s().x} options={columns()} onChange={(v) => change({ x: v })} />
            <Select label="Y" value={s().y ?? NONE} options={optional()} onChange={(v) => change({ y: v })} />
            <Select label="Colour" value={s().color ?? NONE} options={optional()} onChange={(v) => change({ color: v })} />
            <Select label="Aggregation" value={s().aggregate} options={AGGREGATIONS.map((a) => ({ value: a, label: AGG_LABELS[a] }))} onChange={(v) => change({ aggregate: v as Aggregation })} />
          </div>
          <Show when={spec()} fallback={<div class="chart-pending" role="status">Aggregating in the database…</div>}>
            {(vl) => (
              <VegaChart spec={vl()} rows={input()?.rows} name={chartName(s())} describedBy={summaryId} fileName={`chart-${props.subject.replace(/\s+/g, '-')}`} onDrawn={setDrawn} />
            )}
          </Show>
          <p class="chart-summary" id={summaryId}>
            {chartSummary(s(), drawn()?.points ?? input()?.rows.length ?? 0, input()?.source ?? { kind: 'all', rows: 0 })}
            <Show when={input()?.note}>{(note) => ` ${note()}`}</Show>
          </p>
        </div>
      )}
    </Show>
  );
}
