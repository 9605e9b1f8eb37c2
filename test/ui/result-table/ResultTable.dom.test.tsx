/**
 * happy-dom has no layout: the scroll box measures 0px, so ResultTable falls back to a
 * 400px viewport (its `initialRect`) and renders the rows that would fit plus overscan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSignal } from 'solid-js';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import type { SqlTable, SqlValue } from '../../../workers/protocol';
import { ResultTable } from '../../../src/components/result-table/ResultTable';

afterEach(cleanup);

const small: SqlTable = {
  columns: [
    { name: 'id', typeOid: 23, typeName: 'int4' },
    { name: 'label', typeOid: 25, typeName: 'text' },
  ],
  rows: [
    [2, 'NULL'],
    [3, null],
    [1, 'one'],
  ],
  rowCount: 3,
  command: 'SELECT 3',
};

function bigTable(n: number, rowCount = n): SqlTable {
  const rows: (readonly SqlValue[])[] = new Array<readonly SqlValue[]>(n);
  for (let i = 0; i < n; i++) rows[i] = [i];
  return { columns: [{ name: 'n', typeOid: 23, typeName: 'int4' }], rows, rowCount, command: `SELECT ${rowCount}` };
}

const dataRows = (): HTMLElement[] => screen.getAllByRole('row').filter((r) => r.getAttribute('aria-rowindex') !== '1');
const cellsOf = (row: HTMLElement | undefined): HTMLElement[] => (row ? Array.from(row.querySelectorAll<HTMLElement>('[role="cell"]')) : []);
const firstColumn = (): string[] => dataRows().map((r) => cellsOf(r)[0]?.textContent ?? '');

describe('ResultTable', () => {
  it('labels the table and shows column names with their types', () => {
    render(() => <ResultTable table={small} label="Result of cell 1" />);
    const table = screen.getByRole('table', { name: 'Result of cell 1' });
    expect(table.getAttribute('aria-rowcount')).toBe('4');
    const headers = screen.getAllByRole('columnheader');
    expect(headers.map((h) => h.querySelector('.rt-name')?.textContent)).toEqual(['id', 'label']);
    expect(headers.map((h) => h.querySelector('.rt-type')?.textContent)).toEqual(['int4', 'text']);
  });

  it('renders NULL distinctly from the text NULL and right-aligns numbers', () => {
    render(() => <ResultTable table={small} label="r" />);
    const [textNull, realNull] = [cellsOf(dataRows()[0])[1], cellsOf(dataRows()[1])[1]];
    expect(textNull?.textContent).toBe('NULL');
    expect(textNull?.querySelector('.null')).toBeNull();
    const marker = realNull?.querySelector('.null');
    expect(marker?.getAttribute('aria-label')).toBe('null');
    expect(realNull?.classList.contains('rt-null')).toBe(true);
    expect(cellsOf(dataRows()[0])[0]?.classList.contains('rt-number')).toBe(true);
    expect(textNull?.classList.contains('rt-number')).toBe(false);
  });

  it('virtualizes 1,000,000 rows; aria-rowcount counts the header row', () => {
    render(() => <ResultTable table={bigTable(1_000_000)} label="big" />);
    const table = screen.getByRole('table', { name: 'big' });
    expect(table.getAttribute('aria-rowcount')).toBe('1000001');
    const rows = dataRows();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('2');
    expect(screen.getByText('1,000,000 rows')).toBeTruthy();
  });

  it('sorts by a header click: ascending, descending, then unsorted', async () => {
    render(() => <ResultTable table={small} label="r" />);
    const [idHeader] = screen.getAllByRole('columnheader');
    if (!idHeader) throw new Error('no header');
    expect(firstColumn()).toEqual(['2', '3', '1']);
    expect(idHeader.getAttribute('aria-sort')).toBe('none');
    fireEvent.click(idHeader);
    await waitFor(() => expect(firstColumn()).toEqual(['1', '2', '3']));
    expect(idHeader.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(idHeader);
    await waitFor(() => expect(firstColumn()).toEqual(['3', '2', '1']));
    expect(idHeader.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(idHeader);
    await waitFor(() => expect(firstColumn()).toEqual(['2', '3', '1']));
    expect(idHeader.getAttribute('aria-sort')).toBe('none');
    expect(small.rows[0]?.[0]).toBe(2);
  });

  it('sorts a large table in slices: "Sorting…" meanwhile, then the new order', async () => {
    render(() => <ResultTable table={bigTable(250_000)} label="large" />);
    const [header] = screen.getAllByRole('columnheader');
    if (!header) throw new Error('no header');
    fireEvent.click(header);
    fireEvent.click(header);
    const status = screen.getByRole('status');
    const during = status.textContent;
    await waitFor(() => expect(firstColumn()[0]).toBe('249999'), { timeout: 20_000 });
    expect({ during, after: status.textContent, sort: header.getAttribute('aria-sort') }).toEqual({ during: 'Sorting 250,000 rows…', after: '', sort: 'descending' });
  });

  it('says how many rows are shown when the result was capped', () => {
    render(() => <ResultTable table={bigTable(1_000, 1_234_567)} label="capped" />);
    expect(screen.getByText('Showing 1,000 of 1,234,567 rows')).toBeTruthy();
  });

  it('a new result with the same columns is written into the rows on screen, and starts unsorted and unselected', async () => {
    const [table, setTable] = createSignal<SqlTable>(small);
    render(() => <ResultTable table={table()} label="r" />);
    const [idHeader] = screen.getAllByRole('columnheader');
    if (!idHeader) throw new Error('no header');
    fireEvent.click(idHeader);
    await waitFor(() => expect(firstColumn()).toEqual(['1', '2', '3']));
    fireEvent.click(cellsOf(dataRows()[1])[1]!);
    expect(screen.getByText('1 row selected')).toBeTruthy();
    const [header, firstRow, firstCell] = [screen.getByRole('row', { name: /id/ }), dataRows()[0], cellsOf(dataRows()[0])[0]];

    setTable({ ...small, rows: [[20, 'b'], [10, null]], rowCount: 2, command: 'SELECT 2' });
    expect(firstColumn()).toEqual(['20', '10']);
    expect(cellsOf(dataRows()[1])[1]?.querySelector('.null')).not.toBeNull();
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('3');
    expect(screen.getByText('2 rows')).toBeTruthy();
    expect(idHeader.getAttribute('aria-sort')).toBe('none');
    expect(screen.queryByText(/selected/)).toBeNull();
    expect(document.querySelector('.rt-cell.selected, .rt-row.selected')).toBeNull();
    // The same elements, written in place.
    expect([screen.getByRole('row', { name: /id/ }), dataRows()[0], cellsOf(dataRows()[0])[0]]).toEqual([header, firstRow, firstCell]);
    expect(screen.getAllByRole('columnheader')[0]).toBe(idHeader);
    // Unsorted before and after: the cells read the new values all the same.
    setTable({ ...small, rows: [[30, 'c'], [40, 'd']], rowCount: 2, command: 'SELECT 2' });
    expect(dataRows().map((r) => cellsOf(r).map((c) => c.textContent))).toEqual([['30', 'c'], ['40', 'd']]);
  });

  it('a new result with the same columns starts at its top', () => {
    const [table, setTable] = createSignal<SqlTable>(bigTable(1_000));
    render(() => <ResultTable table={table()} label="r" />);
    const box = screen.getByRole('table');
    box.scrollTop = 28 * 500;
    fireEvent.scroll(box);
    expect(firstColumn()).toContain('500');
    setTable(bigTable(2_000));
    expect(box.scrollTop).toBe(0);
    expect(firstColumn()[0]).toBe('0');
  });

  it('a new result with other columns gets a grid of its own', () => {
    const [table, setTable] = createSignal<SqlTable>(small);
    render(() => <ResultTable table={table()} label="r" />);
    const before = screen.getByRole('table');
    setTable({ ...small, columns: [small.columns[0]!, { name: 'label', typeOid: 1043, typeName: 'varchar' }] });
    expect(screen.getByRole('table')).not.toBe(before);
    expect(screen.getAllByRole('columnheader').map((h) => h.querySelector('.rt-type')?.textContent)).toEqual(['int4', 'varchar']);
    setTable({ columns: [], rows: [], rowCount: 1, command: 'INSERT 0 1' });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('INSERT 0 1')).toBeTruthy();
    // Fewer columns, then more, each with rows: the grid on screen never reads past a row's end.
    setTable(bigTable(50));
    expect(firstColumn().slice(0, 2)).toEqual(['0', '1']);
    setTable({ ...small, columns: [...small.columns, { name: 'extra', typeOid: 16, typeName: 'bool' }], rows: [[7, 'x', true]], rowCount: 1 });
    expect(dataRows().map((r) => cellsOf(r).map((c) => c.textContent))).toEqual([['7', 'x', 'true']]);
    setTable(bigTable(3));
    expect(firstColumn()).toEqual(['0', '1', '2']);
  });

  it('gives a cell a title when its text probably does not fit, and cuts a very long text', () => {
    const long = 'x'.repeat(20_000);
    const table: SqlTable = { columns: [{ name: 'label', typeOid: 25, typeName: 'text' }], rows: [['short'], ['y'.repeat(40)], [long], [null]], rowCount: 4, command: 'SELECT 4' };
    render(() => <ResultTable table={table} label="r" />);
    const cells = dataRows().map((r) => cellsOf(r)[0]);
    expect(cells.map((c) => c?.getAttribute('title') ?? null)).toEqual([null, 'y'.repeat(40), `${'x'.repeat(10_000)}…`, null]);
    expect(cells[2]?.textContent).toBe(`${'x'.repeat(500)}…`);
  });

  it('marks the clicked cell and the rows of a Shift+click range as selected', () => {
    render(() => <ResultTable table={bigTable(10)} label="r" />);
    const selectedCells = (): string[] => Array.from(document.querySelectorAll('.rt-cell.selected')).map((c) => c.textContent ?? '');
    const selectedRows = (): string[] => Array.from(document.querySelectorAll('.rt-row.selected')).map((r) => r.getAttribute('aria-rowindex') ?? '');
    fireEvent.click(cellsOf(dataRows()[2])[0]!);
    expect({ cells: selectedCells(), rows: selectedRows() }).toEqual({ cells: ['2'], rows: ['4'] });
    fireEvent.click(cellsOf(dataRows()[4])[0]!, { shiftKey: true });
    expect({ cells: selectedCells(), rows: selectedRows() }).toEqual({ cells: ['4'], rows: ['4', '5', '6'] });
    expect(screen.getByText('3 rows selected')).toBeTruthy();
    // A click on the row's padding, not on a cell, selects nothing new.
    fireEvent.click(dataRows()[7]!);
    expect(selectedCells()).toEqual(['4']);
  });

  it('a re-run in place writes only the cells whose value changed, and changes their kind', () => {
    const [table, setTable] = createSignal<SqlTable>(small);
    render(() => <ResultTable table={table()} label="r" />);
    const body = document.querySelector('.rt-body')!;
    const observer = new MutationObserver(() => undefined);
    observer.observe(body, { subtree: true, childList: true, characterData: true, attributes: true });
    setTable({ ...small, rows: small.rows.map((r) => [...r]) });
    const unchanged = observer.takeRecords().length;
    setTable({ ...small, rows: [[2, null], [3, 'three'], [1, 'one']] });
    const changed = observer.takeRecords().length;
    observer.disconnect();
    expect({ unchanged, changed: changed > 0 }).toEqual({ unchanged: 0, changed: true });
    const [first, second, third] = dataRows().map((r) => cellsOf(r)[1]);
    expect([first?.className, second?.className, second?.textContent, third?.textContent]).toEqual(['rt-cell rt-null', 'rt-cell rt-text', 'three', 'one']);
    expect(first?.querySelector('.null')?.getAttribute('aria-label')).toBe('null');
  });

  it('renders only the command tag for a statement without columns', () => {
    render(() => <ResultTable table={{ columns: [], rows: [], rowCount: 3, command: 'INSERT 0 3' }} label="ins" />);
    expect(screen.getByText('INSERT 0 3')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy as TSV' })).toBeNull();
  });
});

describe('ResultTable export', () => {
  const written: string[] = [];
  const withClipboard = (): void => {
    written.length = 0;
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (text: string): Promise<void> => (written.push(text), Promise.resolve()) },
    });
  };
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('copies all rows as TSV when nothing is selected', async () => {
    withClipboard();
    render(() => <ResultTable table={small} label="r" />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy as TSV' }));
    await waitFor(() => expect(written).toEqual(['id\tlabel\n2\tNULL\n3\t\n1\tone']));
    expect(screen.getByText('Copied 3 rows')).toBeTruthy();
  });

  it('copies the selected range (click, then Shift+click) in display order', async () => {
    withClipboard();
    render(() => <ResultTable table={small} label="r" />);
    fireEvent.click(screen.getAllByRole('columnheader')[0] as HTMLElement);
    await waitFor(() => expect(firstColumn()).toEqual(['1', '2', '3']));
    fireEvent.click(cellsOf(dataRows()[0])[1] as HTMLElement);
    fireEvent.click(cellsOf(dataRows()[1])[0] as HTMLElement, { shiftKey: true });
    await waitFor(() => expect(dataRows().filter((r) => r.classList.contains('selected'))).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Copy as TSV' }));
    await waitFor(() => expect(written).toEqual(['id\tlabel\n1\tone\n2\tNULL']));
  });

  it('builds a large table\'s CSV in slices: "Preparing…" meanwhile, then the download', async () => {
    const blobs: Blob[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    const click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (b: Blob | MediaSource): string => (b instanceof Blob && blobs.push(b), 'blob:test');
    URL.revokeObjectURL = (): void => undefined;
    HTMLAnchorElement.prototype.click = (): void => undefined;
    try {
      render(() => <ResultTable table={bigTable(250_000)} label="large" />);
      fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
      const during = { status: screen.getByRole('status').textContent, downloads: blobs.length };
      await waitFor(() => expect(blobs).toHaveLength(1), { timeout: 20_000 });
      const text = await blobs[0]!.text();
      expect({ during, start: text.slice(0, 12), lines: text.split('\r\n').length, after: screen.getByRole('status').textContent }).toEqual({
        during: { status: 'Preparing 250,000 rows…', downloads: 0 },
        start: 'n\r\n0\r\n1\r\n2\r\n',
        lines: 250_002,
        after: '',
      });
    } finally {
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
  });

  it('downloads result.csv through a Blob URL', async () => {
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    const click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (b: Blob | MediaSource): string => (b instanceof Blob && blobs.push(b), 'blob:test');
    URL.revokeObjectURL = (): void => undefined;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement): void {
      downloads.push(`${this.download} ${this.href}`);
    };
    try {
      render(() => <ResultTable table={small} label="r" />);
      fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
      expect(downloads).toEqual(['result.csv blob:test']);
      expect(await blobs[0]?.text()).toBe('id,label\r\n2,NULL\r\n3,\r\n1,one\r\n');
    } finally {
      URL.createObjectURL = createObjectURL;
      URL.revokeObjectURL = revokeObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
  });
});
