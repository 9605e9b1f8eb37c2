/**
 * A large result on screen while its rows arrive, kept as the page keeps them: a cell's
 * run state in a Solid store, grown by `output-rows` events (cell-state.ts).
 */
import { afterEach, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createStore, produce } from 'solid-js/store';
import { ResultTable } from '../../../src/components/result-table/ResultTable';
import { ChunkedRows } from '../../../src/components/result-table/result-rows';
import { applyCellEvent, emptyRunState, type CellRunState } from '../../../src/notebook/cell-state';
import { rawOf } from '../../../src/raw-data';
import type { KernelEvent, SqlValue } from '../../../workers/protocol';
import { encodeRows } from '../../../workers/row-chunk';

afterEach(cleanup);

const rowsFrom = (from: number, n: number): SqlValue[][] => Array.from({ length: n }, (_, i) => [from + i, `row ${from + i}`]);

function arrivingTable() {
  const [run, setRun] = createStore<CellRunState>(emptyRunState());
  const apply = (event: Exclude<KernelEvent, { type: 'kernel-state' }>): void => setRun(produce((s) => applyCellEvent(s, event, 0)));
  const columns = [
    { name: 'n', typeOid: 23, typeName: 'int4' },
    { name: 't', typeOid: 25, typeName: 'text' },
  ];
  apply({ type: 'output', cellId: 'c', partial: true, output: { type: 'table', table: { columns, rows: rowsFrom(0, 100), rowCount: 100, command: '' } } });
  const more = (from: number, n: number): void => apply({ type: 'output-rows', cellId: 'c', chunk: encodeRows(rowsFrom(from, n), 2) });
  const table = () => (run.output?.type === 'table' ? run.output.table : undefined);
  render(() => <ResultTable table={table()!} label="r" arriving />);
  return { more, kept: () => rawOf(table()!.rows) };
}

const footer = (): string => document.querySelector('.rt-count')?.textContent ?? '';
const firstColumn = (): string[] =>
  screen
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-rowindex') !== '1')
    .map((r) => r.querySelector('[role="cell"]')?.textContent ?? '');

it('rows arriving below the screen leave the rows on screen alone: no value of theirs is read again', () => {
  const { more, kept } = arrivingTable();
  more(100, 50);
  const rows = kept();
  if (!(rows instanceof ChunkedRows)) throw new Error('the rows are not kept by chunk');
  let reads = 0;
  const value = rows.value.bind(rows);
  const at = rows.at.bind(rows);
  rows.value = (i, c) => (reads++, value(i, c));
  rows.at = (i) => (reads++, at(i));
  const before = firstColumn();
  more(150, 50);
  more(200, 50);
  expect({ footer: footer(), reads, rows: firstColumn() }).toEqual({ footer: '250 rows so far, more arriving…', reads: 0, rows: before });
});

it('a sort on screen takes in the rows that arrive after it', async () => {
  const { more } = arrivingTable();
  const [header] = screen.getAllByRole('columnheader');
  if (!header) throw new Error('no header');
  fireEvent.click(header);
  fireEvent.click(header);
  await waitFor(() => expect(firstColumn()[0]).toBe('99'));
  more(100, 50);
  await waitFor(() => expect(firstColumn()[0]).toBe('149'));
});
