/** Random notebooks for the exact round-trip tests of the file formats (.py, .ipynb). */
import type { OutputView } from '../../src/charts/settings';
import type { NotebookFile, NotebookFileCell, NotebookFileDatabase } from '../../src/files/types';

export const PGLITE: NotebookFileDatabase = { kind: 'pglite', storage: 'auto', name: '' };
export const py = (code: string): NotebookFileCell => ({ kind: 'python', code });
export const md = (code: string): NotebookFileCell => ({ kind: 'markdown', code });
export const sql = (code: string, resultName?: string): NotebookFileCell =>
  resultName === undefined ? { kind: 'sql', code } : { kind: 'sql', code, resultName };
export const nb = (cells: readonly NotebookFileCell[], title = 'Test', database: NotebookFileDatabase = PGLITE): NotebookFile => ({ title, cells, database });

const PIECES = ['a', 'Z', ' ', '\t', '\n', '\n', '\r', '\r\n', '"', '"""', "'", "'''", '\\', '#', '# %%', '\n# %% [sql]', '\n## %% ', '%%', 'r', 'r"', '\0', '\x1b', '\x7f', '\x85', '\u2028', 'é', '😀', '\ud800', '\udfff', '{x}', '$$', '\f', '\ufeff', 'SELECT '];
const RESULT_NAMES = [undefined, undefined, 'df', '_x', 'résultat', 'a1'];
const MARKS = ['bar', 'line', 'area', 'point', 'histogram'] as const;
const AGGREGATES = ['none', 'count', 'sum', 'mean', 'min', 'max'] as const;
const DATABASES: readonly NotebookFileDatabase[] = [
  PGLITE,
  { kind: 'pglite', storage: 'idb', name: '' },
  { kind: 'pglite', storage: 'memory', name: '' },
  { kind: 'remote', url: 'postgres://u@h/d' },
  { kind: 'remote', url: "host=h dbname='x y'" },
];

/** `views`: Python and SQL cells may carry a table or chart view, Python cells views of displayed tables, a code cell a collapsed output (the files keep them). */
export function randomNotebook(random: () => number, validPython: boolean, options: { views?: boolean } = {}): NotebookFile {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const text = (max: number, pieces = PIECES): string => Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(pieces)).join('');
  const commentPieces = PIECES.filter((p) => !p.includes('\n') && !p.includes('\r'));
  const pythonLine = (): string => pick(['', '   ', 'x = 1', `# ${text(6, commentPieces)}`, '# %% [sql]', '## %%']);
  // Field order as plainOutputView writes it, since the comparison is of JSON text.
  const chart = (): OutputView => {
    const y = random() < 0.7 ? text(4) : undefined;
    const color = random() < 0.3 ? text(4) : undefined;
    return { kind: 'chart', chart: { mark: pick(MARKS), x: text(4), ...(y === undefined ? {} : { y }), ...(color === undefined ? {} : { color }), aggregate: pick(AGGREGATES) } };
  };
  const view = (cell: NotebookFileCell): NotebookFileCell => {
    if (!options.views) return cell;
    const r = random();
    return r < 0.5 ? cell : { ...cell, view: r < 0.6 ? { kind: 'table' } : chart() };
  };
  // A collapsed output is written last, as importPy reads it back.
  // (Markdown cells too in a .py file; not here, since .ipynb keeps it for code cells only.)
  const collapse = (cell: NotebookFileCell): NotebookFileCell => (options.views && cell.kind !== 'markdown' && random() < 0.25 ? { ...cell, outputCollapsed: true } : cell);
  const cells = Array.from({ length: Math.floor(random() * 7) }, (): NotebookFileCell => collapse(oneCell()));
  function oneCell(): NotebookFileCell {
    const kind = random();
    if (kind < 0.4) return view(sql(text(12), pick(RESULT_NAMES)));
    // Markdown is comments (or one literal) whatever its text: arbitrary even for valid Python.
    if (kind < 0.6) return md(text(12));
    const python = view(py(validPython ? Array.from({ length: 1 + Math.floor(random() * 4) }, pythonLine).join('\n') : text(12)));
    if (!options.views || random() < 0.6) return python;
    // Views of displayed tables: unchosen places are null, the last one is chosen (as plainDisplayViews keeps them).
    const places = Array.from({ length: Math.floor(random() * 3) }, () => (random() < 0.5 ? null : random() < 0.3 ? ({ kind: 'table' } as const) : chart()));
    return { ...python, displayViews: [...places, chart()] };
  }
  return nb(cells, text(4), pick(DATABASES));
}

