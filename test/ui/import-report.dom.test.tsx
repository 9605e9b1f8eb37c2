import { fireEvent, render } from '@solidjs/testing-library';
import { expect, it } from 'vitest';
import { describeCells, summarizeImport, type ImportReport } from '../../src/files/import-report';
import { ImportReportPanel } from '../../src/notebook/ImportReportPanel';

const REPORT: ImportReport = {
  fileName: 'writers.ipynb',
  python: 3,
  sql: 2,
  notes: [
    { kind: 'dropped', cells: [], message: 'Outputs were not imported.' },
    { kind: 'converted', cells: [2, 5, 7], message: '%%sql became a SQL cell.' },
    { kind: 'commented-out', cells: [4], message: 'Shell commands do not run here.' },
    { kind: 'converted', cells: [3], message: '{{name}} became {name}.' },
  ],
};

/** Each heading and the text of the notes under it, in page order. */
function sections(region: HTMLElement): [string, string[]][] {
  return [...region.querySelectorAll('h3')].map((heading) => [
    heading.textContent ?? '',
    [...(heading.nextElementSibling?.querySelectorAll('li') ?? [])].map((li) => li.textContent ?? ''),
  ]);
}

it('shows the summary, then the notes under their kind, each as its cells and message', () => {
  const { getByRole } = render(() => <ImportReportPanel report={REPORT} onDismiss={() => undefined} />);
  const region = getByRole('region', { name: 'Import report' });
  expect({ summary: region.querySelector('p')?.textContent, sections: sections(region) }).toEqual({
    summary: summarizeImport(REPORT),
    sections: [
      ['Converted', [`${describeCells([2, 5, 7])}: %%sql became a SQL cell.`, 'Cell 3: {{name}} became {name}.']],
      ['Commented out', ['Cell 4: Shell commands do not run here.']],
      ['Dropped', ['Outputs were not imported.']],
    ],
  });
});

it('says so when no cell came in', () => {
  const { getByRole } = render(() => <ImportReportPanel report={{ fileName: 'notes.ipynb', python: 0, sql: 0, notes: [] }} onDismiss={() => undefined} />);
  expect(getByRole('region', { name: 'Import report' }).querySelector('p')?.textContent).toMatch(/^No cells imported from notes\.ipynb\./);
});

it('makes each cell number a button to that cell, and Dismiss calls back', () => {
  const shown: number[] = [];
  let dismissed = 0;
  const { getByRole, getAllByRole } = render(() => <ImportReportPanel report={REPORT} onShowCell={(n) => shown.push(n)} onDismiss={() => dismissed++} />);
  const cellButtons = getAllByRole('button').filter((b) => b.classList.contains('import-report-cell'));
  for (const button of cellButtons) fireEvent.click(button);
  fireEvent.click(getByRole('button', { name: 'Dismiss import report' }));
  expect({ names: cellButtons.map((b) => b.getAttribute('aria-label')), shown, dismissed }).toEqual({
    names: ['Go to cell 2', 'Go to cell 5', 'Go to cell 7', 'Go to cell 3', 'Go to cell 4'],
    shown: [2, 5, 7, 3, 4],
    dismissed: 1,
  });
});
