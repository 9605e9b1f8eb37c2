/**
 * One Jupyter code cell as Ripple cells. IPython syntax that is not Python never reaches
 * the kernel as it is (it would fail to parse, or worse, run half): it is converted when
 * Ripple can run what it meant, else commented out with a one-line reason in the cell.
 *
 * - `%%sql` → a SQL cell (sql-cell-import.ts). `%sql …` lines at the top level of a cell
 *   become SQL cells too, splitting the cell around them, in order.
 * - `%%time`, `%%timeit`, `%%capture`: the magic line goes, the body stays Python.
 * - Other cell magics (`%%bash`, `%%javascript`, `%%html`, `%%writefile`, …): the whole
 *   cell is commented out.
 * - `!cmd`, `%pip`, `%load_ext`, `%matplotlib` and other line magics: the line is
 *   commented out (`pass  # …` inside a block, so the block stays valid Python).
 *   `%time stmt` keeps `stmt`.
 */
import type { ImportNoteKind } from './import-report';
import { parseSqlMagic } from './sql-magic';
import { convertSqlCell, otherConnectionNote, redactUrls, type SqlImportContext } from './sql-cell-import';
import type { NotebookFileCell } from './types';

export interface CellNote {
  readonly kind: ImportNoteKind;
  readonly message: string;
}

export interface ImportedCell {
  readonly cell: NotebookFileCell;
  readonly notes: readonly CellNote[];
}

export interface ConvertedCode {
  readonly cells: readonly ImportedCell[];
  /** The first PostgreSQL connection string the cell gives, if any. */
  readonly connection?: string;
  /** Notes about the file cell as a whole, when it produced no cell (a connect-only cell). */
  readonly notes: readonly CellNote[];
}

const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'script', 'perl', 'ruby', 'python2', 'python3', 'pypy', 'system', 'cmd', 'powershell']);
const RUN_BODY_MAGICS = new Set(['time', 'timeit', 'capture', 'prun']);
const PACKAGE_TOOLS = /^(?:pip3?|conda|mamba|micromamba|python3? -m pip)\b/;

function cellMagicReason(name: string): string {
  if (SHELL_CELL_MAGICS.has(name)) return `shell and other interpreters cannot run in the browser`;
  if (name === 'javascript' || name === 'js') return 'Ripple runs no JavaScript from a notebook in its page';
  if (name === 'html' || name === 'markdown' || name === 'latex' || name === 'svg') return 'Ripple cannot show this output yet';
  if (name === 'writefile') return 'it writes a file, and Ripple has no file system to write to';
  return `Ripple does not know the %%${name} magic`;
}

export function convertCodeCell(source: string, ctx: SqlImportContext): ConvertedCode {
  const newline = source.indexOf('\n');
  const first = (newline === -1 ? source : source.slice(0, newline)).replace(/\r$/, '');
  const body = newline === -1 ? '' : source.slice(newline + 1);
  const magic = /^%%(\w+)(?:\s(.*))?$/.exec(first);
  if (magic === null) return convertPython(source, ctx);
  const name = magic[1] ?? '';
  if (name === 'sql') return convertSqlCell(parseSqlMagic(magic[2] ?? ''), body, ctx);
  if (RUN_BODY_MAGICS.has(name)) {
    const inner = convertPython(body, ctx);
    const note: CellNote = { kind: 'converted', message: `%%${name} removed: the code runs as plain Python` };
    return { ...inner, cells: inner.cells.map((c, i) => (i === 0 ? { ...c, notes: [note, ...c.notes] } : c)), notes: inner.cells.length === 0 ? [note] : inner.notes };
  }
  const reason = cellMagicReason(name);
  return {
    cells: [{ cell: { kind: 'python', code: commentOut(source, `this %%${name} cell is commented out: ${reason}.`, '#') }, notes: [{ kind: 'commented-out', message: `%%${name} cell: ${reason}` }] }],
    notes: [],
  };
}

/** Every line of `code` as a comment, under a one-line reason. */
export function commentOut(code: string, reason: string, marker: '#' | '--'): string {
  const lines = code.split('\n').map((line) => (line.trim() === '' ? line : `${marker} ${redactUrls(line)}`));
  return [`${marker} Ripple: ${reason}`, ...lines].join('\n');
}

interface Segment {
  lines: string[];
  reasons: Set<string>;
  codeLines: number;
}

/** A Python cell's lines: IPython syntax converted or commented out; top-level `%sql` lines split it. */
function convertPython(source: string, ctx: SqlImportContext): ConvertedCode {
  const cells: ImportedCell[] = [];
  const notes: CellNote[] = [];
  let connection: string | undefined;
  let segment: Segment = { lines: [], reasons: new Set(), codeLines: 0 };
  const flush = (): void => {
    if (segment.lines.some((l) => l.trim() !== '')) cells.push(pythonCell(segment));
    segment = { lines: [], reasons: new Set(), codeLines: 0 };
  };
  for (const line of source.split('\n')) {
    const m = /^(\s*)(?:([A-Za-z_]\w*)\s*=\s*)?([%!])(?!%)(.*)$/.exec(line);
    if (m === null) {
      segment.lines.push(line);
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) segment.codeLines += 1;
      continue;
    }
    const [, indent = '', assignTo, sigil, rest = ''] = m;
    const word = /^\w+/.exec(rest)?.[0] ?? '';
    const comment = (reason: string, text = line): void => {
      segment.reasons.add(reason);
      const safe = redactUrls(text);
      segment.lines.push(indent === '' ? `# ${safe}` : `${indent}pass  # ${safe.trimStart()}`);
    };
    if (sigil === '%' && word === 'sql') {
      const parsed = parseSqlMagic(rest.slice(3));
      if (parsed.sql.trim() === '') {
        // `%sql postgresql://…` connects: that is the notebook's database now. Other
        // argument-only lines (`%sql --close x`) have no Ripple meaning.
        const ignored = (): void => {
          for (const option of parsed.ignored) notes.push({ kind: 'dropped', message: `%sql ${redactUrls(option)} was ignored: Ripple has one database per notebook and no such option` });
        };
        if (parsed.connection !== undefined && indent === '') {
          connection ??= parsed.connection;
          ignored();
          notes.push({ kind: 'dropped', message: `%sql ${redactUrls(parsed.connection)}: it connected to the database, which is now this notebook's database` });
        } else if (parsed.otherConnection !== undefined && indent === '') {
          notes.push(otherConnectionNote(parsed.otherConnection));
          ignored();
        } else comment('%sql options that Ripple has no use for', line);
        continue;
      }
      if (indent !== '') {
        comment('%sql inside Python code cannot run: write the query in a SQL cell');
        continue;
      }
      flush();
      const sql = convertSqlCell({ ...parsed, ...(assignTo !== undefined ? { resultName: assignTo } : {}) }, '', ctx, '%sql');
      connection ??= sql.connection;
      cells.push(...sql.cells);
      continue;
    }
    if (sigil === '%' && word === 'time' && assignTo === undefined) {
      segment.lines.push(`${indent}${rest.slice(4).trimStart()}`);
      segment.codeLines += 1;
      segment.reasons.add('%time removed: the statement runs without timing');
      continue;
    }
    const command = sigil === '%' ? rest : rest.trimStart();
    if (PACKAGE_TOOLS.test(command)) comment(`package installs (${sigil}${word}): Ripple's Python runs in the browser and cannot install packages`);
    else if (sigil === '!') comment('shell commands (!): they cannot run in the browser');
    else comment(`IPython magics (%${word}): Ripple's Python is plain Python`);
  }
  flush();
  return { cells, notes, ...(connection !== undefined ? { connection } : {}) };
}

function pythonCell(segment: Segment): ImportedCell {
  const reasons = [...segment.reasons];
  const removedTiming = reasons.filter((r) => r.startsWith('%time'));
  const commented = reasons.filter((r) => !r.startsWith('%time'));
  const notes: CellNote[] = removedTiming.map((message) => ({ kind: 'converted', message }));
  let code = segment.lines.join('\n');
  if (commented.length > 0) {
    code = `# Ripple: commented out ${commented.join('; ')}.\n${code}`;
    const whole = segment.codeLines === 0;
    notes.push(...commented.map((r): CellNote => ({ kind: whole ? 'commented-out' : 'converted', message: `${whole ? 'Commented out' : 'Lines commented out'}: ${r}` })));
  }
  return { cell: { kind: 'python', code }, notes };
}
