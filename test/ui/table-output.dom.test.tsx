import { fireEvent, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { expect, it } from 'vitest';
import type { SqlTable } from '../../workers/protocol';
import type { OutputView } from '../../src/charts/settings';
import { TableOutput } from '../../src/notebook/TableOutput';
import type { CellRunState } from '../../src/notebook/cell-state';

const TABLE: SqlTable = {
  columns: [
    { name: 'region', typeOid: 25, typeName: 'text' },
    { name: 'total', typeOid: 23, typeName: 'int4' },
  ],
  rows: [['north', 10], ['south', 20]],
  rowCount: 2,
  command: 'SELECT 2',
};

/** The tabs' names and which is selected, and the view the cell would save. */
function mount(initial: OutputView | undefined) {
  const [view, setView] = createSignal<OutputView | undefined>(initial);
  const saved: OutputView[] = [];
  const screen = render(() => (
    <TableOutput table={TABLE} label="Result of cell 2" subject="cell 2" view={view()} onView={(v) => { saved.push(v); setView(v); }} />
  ));
  const tabs = () => screen.getAllByRole('tab').map((t) => [t.textContent, t.getAttribute('aria-selected')]);
  return { screen, saved, tabs };
}

it('starts on the table, and Chart saves the default chart for the columns', () => {
  const { screen, saved, tabs } = mount(undefined);
  const before = { tabs: tabs(), list: screen.getByRole('tablist').getAttribute('aria-label'), table: screen.queryAllByRole('grid').length + screen.queryAllByRole('table').length };
  fireEvent.click(screen.getByRole('tab', { name: 'Chart' }));
  expect({ before, after: tabs(), saved }).toEqual({
    before: { tabs: [['Table', 'true'], ['Chart', 'false']], list: 'View of the cell 2 result', table: 1 },
    after: [['Table', 'false'], ['Chart', 'true']],
    saved: [{ kind: 'chart', chart: { mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' } }],
  });
});

it('goes back to the table and keeps nothing else', () => {
  const { screen, saved, tabs } = mount({ kind: 'chart', chart: { mark: 'line', x: 'region', y: 'total', aggregate: 'none' } });
  fireEvent.click(screen.getByRole('tab', { name: 'Table' }));
  expect({ tabs: tabs(), saved }).toEqual({ tabs: [['Table', 'true'], ['Chart', 'false']], saved: [{ kind: 'table' }] });
});

it('is one tab stop; arrow keys, Home and End switch the view and move the focus', async () => {
  const { screen, tabs } = mount(undefined);
  const tabStops = () => screen.getAllByRole('tab').map((t) => t.getAttribute('tabindex'));
  const before = tabStops();
  fireEvent.keyDown(screen.getByRole('tab', { name: 'Table' }), { key: 'ArrowRight' });
  await Promise.resolve();
  const afterRight = { tabs: tabs(), stops: tabStops(), focused: document.activeElement?.textContent };
  fireEvent.keyDown(screen.getByRole('tab', { name: 'Chart' }), { key: 'Home' });
  await Promise.resolve();
  expect({ before, afterRight, afterHome: { tabs: tabs(), focused: document.activeElement?.textContent } }).toEqual({
    before: ['0', '-1'],
    afterRight: { tabs: [['Table', 'false'], ['Chart', 'true']], stops: ['-1', '0'], focused: 'Chart' },
    afterHome: { tabs: [['Table', 'true'], ['Chart', 'false']], focused: 'Table' },
  });
});

it('a table shown with display() keeps its chart view, saved by its place, through a re-run that displays it again', async () => {
  const { createStore } = await import('solid-js/store');
  const { CellOutput } = await import('../../src/notebook/CellOutput');
  const display = (table: SqlTable) => ({ name: 'display' as const, output: { type: 'table' as const, table } });
  const [run, setRun] = createStore<CellRunState>({ status: 'done', streams: [{ name: 'stdout', text: 'two tables\n' }, display(TABLE), display(TABLE)], log: [], warnings: [] });
  // As the cell keeps them (CellView: the cell's displayViews).
  const [views, setViews] = createSignal<(OutputView | null)[]>([]);
  const tableView = {
    view: () => undefined,
    onView: () => {},
    displayView: (place: number) => views()[place] ?? undefined,
    onDisplayView: (place: number, view: OutputView) => setViews((v) => Object.assign([...v], { [place]: view })),
  };
  const screen = render(() => <CellOutput run={run} label="Output of cell 1" tableView={tableView} />);
  const selected = () => screen.getAllByRole('tab', { selected: true }).map((t) => t.textContent);
  fireEvent.click(screen.getAllByRole('tab', { name: 'Chart' })[1]!);
  const before = selected();
  // A re-run: new stream items (new objects, as the kernel's events make them), the same tables.
  setRun('streams', [{ name: 'stdout', text: 'two tables\n' }, display({ ...TABLE, rows: [['east', 5]] }), display({ ...TABLE })]);
  expect({ before, after: selected(), saved: views() }).toEqual({
    before: ['Table', 'Chart'],
    after: ['Table', 'Chart'],
    saved: [undefined, { kind: 'chart', chart: { mark: 'bar', x: 'region', y: 'total', aggregate: 'sum' } }],
  });
});
