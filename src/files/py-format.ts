/**
 * The `.py` notebook file: readable, diffable, and always valid Python as long as
 * each Python cell is. Example:
 *
 *     # Ripple notebook
 *     # Title: Sales
 *     # DB: pglite
 *
 *     # %% [python]
 *     limit = 10
 *
 *     # %% [sql] result=top
 *     r"""SELECT * FROM sales LIMIT {limit}"""
 *
 * Rules (the format is a contract; `importPy(exportPy(nb))` equals `nb` exactly):
 * - Header: `# Ripple notebook`, `# Title: <title>`, `# DB: <database>`, then one blank line.
 *   The title (and a remote connection string) is written as is when it is plain text,
 *   else as a JSON string (`# Title: "two\nlines"`).
 * - `# DB: pglite` (+ ` storage=<storage>` when not `auto`) or `# DB: remote <connection
 *   string>` with the password removed. PGlite's `name` is NOT in the file: `importPy`
 *   returns `name: ''` and the caller must assign a fresh, unique name. A remote
 *   connection string comes back without its password.
 * - Each cell: a marker line `# %% [python]` or `# %% [sql]` (+ ` result=<identifier>`, + ` view=<json>`
 *   when the cell's table output is shown as a chart or explicitly as a table: the view as
 *   JSON with every space-like character written as a `\uXXXX` escape, so it is one word; a
 *   Python cell also ` displays=<json>`, the views of the tables it shows with `display()`;
 *   and ` collapsed` last when the cell's output is collapsed), the cell's body, then
 *   exactly one blank line before the next marker (none after the last).
 * - Python cells are written verbatim, line by line. A line of a Python cell that starts
 *   with one or more `#` followed by ` %%` gets one more `#` (`# %% x` -> `## %% x`), and
 *   import removes it again, so only real markers start with `# %%`. A Python cell
 *   containing a character a text file cannot carry faithfully (CR, NUL and other control
 *   characters except tab, U+2028/U+2029, unpaired surrogates) is written as a string
 *   literal under `# %% [python] quoted`.
 * - Markdown cells (jupytext's percent format): `# %% [markdown]`, then each line of the
 *   cell as a comment, `# ` + the line (`#` alone for an empty line). A Markdown cell that
 *   a text file cannot carry faithfully (as above), or with a line starting with `%%`
 *   (which would read as a marker), is written as a string literal under
 *   `# %% [markdown] quoted`.
 * - SQL cells are one Python string literal: `r"""..."""` or `r'''...'''` when the content
 *   allows, else `"""..."""` with escapes. No line inside a literal starts with `# %%`.
 * - Import accepts CRLF line endings (the exporter never writes a CR) and a leading BOM.
 */
import { NotebookFileError } from './errors';
import { redactConnectionString } from '../../workers/redact';
import type { NotebookFile, NotebookFileCell, NotebookFileDatabase } from './types';
import { CELL_KINDS, isCellKind } from '../../workers/cell-kinds';
import { isDisplayViews, isOutputView, plainDisplayViews, plainOutputView, type DisplayViews, type OutputView } from '../charts/settings';

/** Largest file `importPy` / `importIpynb` accept (and `exportPy` writes), in UTF-8 bytes. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CELLS = 10_000;

const MAGIC = '# Ripple notebook';
const MARKER = '# %%';
const STORAGES = ['auto', 'memory', 'idb', 'opfs-ahp'] as const;
const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
/** Characters written as escapes: control characters but tab and LF, line/paragraph separators, unpaired surrogates. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A Python identifier that is not a keyword, so `name = ...` is valid Python. */
export function isPythonIdentifier(name: string): boolean {
  return /^[\p{XID_Start}_]\p{XID_Continue}*$/u.test(name) && !KEYWORDS.has(name);
}

/** Throws when `text` is over {@link MAX_FILE_BYTES} in UTF-8. */
export function checkFileSize(text: string, what = 'The file'): void {
  let bytes = text.length;
  const ascii = /^[\u0000-\u007f]*$/.test(text);
  for (let i = 0; !ascii && i < text.length && bytes <= MAX_FILE_BYTES; i += 1) {
    const c = text.charCodeAt(i);
    // Surrogate pairs: 2 units, 4 bytes. Other units >= 0x80: 2 or 3 bytes.
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  if (bytes > MAX_FILE_BYTES) throw new NotebookFileError(`${what} is larger than 20 MB.`);
}

// ---------------------------------------------------------------- export

export function exportPy(notebook: NotebookFile): string {
  if (notebook.cells.length > MAX_CELLS) {
    throw new NotebookFileError(`A notebook file can hold at most ${MAX_CELLS} cells; this notebook has ${notebook.cells.length}.`);
  }
  const lines = [MAGIC, `# Title: ${encodeValue(notebook.title)}`, `# DB: ${databaseText(notebook.database)}`];
  notebook.cells.forEach((cell, index) => lines.push('', ...cellLines(cell, index + 1)));
  const text = `${lines.join('\n')}\n`;
  checkFileSize(text, 'The exported file');
  return text;
}

function cellLines(cell: NotebookFileCell, n: number): string[] {
  const displays = cell.kind === 'python' && cell.displayViews !== undefined ? plainDisplayViews(cell.displayViews) : undefined;
  const collapsed = cell.outputCollapsed === true ? ' collapsed' : '';
  const view = (cell.view === undefined ? '' : ` view=${viewText(cell.view)}`) + (displays === undefined ? '' : ` displays=${oneWord(displays)}`) + collapsed;
  if (cell.kind === 'sql') {
    if (cell.resultName === undefined) return [`# %% [sql]${view}`, pythonLiteral(cell.code)];
    if (!isPythonIdentifier(cell.resultName)) {
      throw new NotebookFileError(`Cell ${n}: the result name "${cell.resultName}" is not a Python identifier.`);
    }
    return [`# %% [sql] result=${cell.resultName}${view}`, pythonLiteral(cell.code)];
  }
  if (cell.resultName !== undefined) throw new NotebookFileError(`Cell ${n}: only SQL cells have a result name.`);
  if (cell.kind === 'markdown') {
    if (UNSAFE.test(cell.code) || /(?<![^\n])%%/.test(cell.code)) return [`# %% [markdown] quoted${collapsed}`, pythonLiteral(cell.code)];
    return [`# %% [markdown]${collapsed}`, ...cell.code.split('\n').map((line) => (line === '' ? '#' : `# ${line}`))];
  }
  if (UNSAFE.test(cell.code)) return [`# %% [python] quoted${view}`, pythonLiteral(cell.code)];
  // Verbatim code has no CR or U+2028/9, so lines are exactly what '\n' separates.
  return [`# %% [python]${view}`, cell.code.replace(/(?<![^\n])#+ %%/g, '#$&')];
}

function viewText(view: OutputView): string {
  return oneWord(plainOutputView(view));
}

/** One word of JSON: spaces (column names may have them), controls and separators escaped. */
function oneWord(value: unknown): string {
  return JSON.stringify(value).replace(/[\s\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A `name=<JSON>` cell option: parsed, then checked and copied by `plain` (undefined when
 * the value is not what Ripple writes), each failure naming the option and the line.
 */
function readJsonOption<T>(text: string, line: number, name: string, expected: string, plain: (value: unknown) => T | undefined): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new NotebookFileError(`Invalid ${name} option: expected ${name}=<JSON> as Ripple writes it.`, line);
  }
  const value = plain(parsed);
  if (value === undefined) throw new NotebookFileError(`Invalid ${name} option: not ${expected}.`, line);
  return value;
}

const readView = (text: string, line: number): OutputView =>
  readJsonOption(text, line, 'view', 'a table or chart view', (v) => (isOutputView(v) ? plainOutputView(v) : undefined));

const readDisplayViews = (text: string, line: number): DisplayViews =>
  readJsonOption(text, line, 'displays', 'a list of table or chart views', (v) => (isDisplayViews(v) ? plainDisplayViews(v) : undefined));

function databaseText(database: NotebookFileDatabase): string {
  if (database.kind === 'remote') return `remote ${encodeValue(redactConnectionString(database.url))}`;
  return database.storage === 'auto' ? 'pglite' : `pglite storage=${database.storage}`;
}

/** Plain text as is; anything that would not survive a header line as a JSON string. */
function encodeValue(value: string): string {
  if (value !== '' && value === value.trim() && !value.startsWith('"') && !/[\n\t]/.test(value) && !UNSAFE.test(value)) return value;
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A Python string literal whose value is exactly `code`. */
function pythonLiteral(code: string): string {
  if (!UNSAFE.test(code) && !code.includes('\n# %%')) {
    if (rawFits(code, '"""')) return `r"""${code}"""`;
    if (rawFits(code, "'''")) return `r'''${code}'''`;
  }
  let out = '"""';
  for (let i = 0; i < code.length; i += 1) {
    const ch = code[i] ?? '';
    const c = code.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && /[\udc00-\udfff]/.test(code[i + 1] ?? '');
    if (pair) {
      out += ch + (code[i + 1] ?? '');
      i += 1;
    } else if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += code[i + 1] === '"' || i === code.length - 1 ? '\\"' : '"';
    else if (ch === '#' && code[i - 1] === '\n' && code.startsWith(MARKER, i)) out += '\\x23';
    else if (ch === '\r') out += '\\r';
    else if (UNSAFE.test(ch)) out += c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"""`;
}

/** Whether r<q><code><q> ends right after `code`, as Python's tokenizer reads it (a backslash takes the next character along). */
function rawFits(code: string, quote: string): boolean {
  const text = code + quote;
  let end = text.indexOf(quote);
  for (let slash = text.indexOf('\\'); slash !== -1 && slash < end; slash = text.indexOf('\\', slash + 2)) {
    if (end <= slash + 1) end = text.indexOf(quote, slash + 2);
  }
  return end === code.length;
}

// ---------------------------------------------------------------- import

/** Reads a `.py` notebook file; throws {@link NotebookFileError} on anything it cannot read exactly. */
export function importPy(file: string): NotebookFile {
  checkFileSize(file);
  let text = (file.startsWith('\ufeff') ? file.slice(1) : file).replace(/\r\n?/g, '\n');
  if (text.endsWith('\n')) text = text.slice(0, -1);
  // Cells start at lines beginning with `# %%`; found by position, not by splitting a 20 MB text into lines.
  const markers: number[] = [];
  for (let at = text.indexOf(`\n${MARKER}`); at !== -1; at = text.indexOf(`\n${MARKER}`, at + 1)) {
    if (markers.length === MAX_CELLS) {
      throw new NotebookFileError(`A notebook file can hold at most ${MAX_CELLS} cells.`, lineCount(text, 0, at + 1));
    }
    markers.push(at + 1);
  }
  const header = readHeader(text.slice(0, (markers[0] ?? text.length + 1) - 1));
  const cells: NotebookFileCell[] = [];
  let line = 1;
  let lineStart = 0;
  markers.forEach((start, k) => {
    line += lineCount(text, lineStart, start) - 1;
    lineStart = start;
    const next = markers[k + 1];
    const markerEnd = text.indexOf('\n', start);
    let body = markerEnd === -1 ? '' : text.slice(markerEnd + 1, next === undefined ? undefined : next - 1);
    // The blank line the exporter writes before the next marker is not part of the cell.
    if (next !== undefined && body.endsWith('\n')) body = body.slice(0, -1);
    cells.push(readCell(text.slice(start, markerEnd === -1 ? undefined : markerEnd), body, line));
  });
  return { title: header.title, cells, database: header.database };
}

/** 1 + the number of line breaks in text[from, to). */
function lineCount(text: string, from: number, to: number): number {
  let count = 1;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

function readHeader(text: string): { title: string; database: NotebookFileDatabase } {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== MAGIC) throw new NotebookFileError(`Not a Ripple notebook: the first line must be "${MAGIC}".`, 1);
  let title: string | undefined;
  let database: NotebookFileDatabase | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const header = /^# (Title|DB):(.*)$/.exec(line);
    if (i === 0 || (header === null && line === '')) return;
    if (header === null) throw new NotebookFileError('Unexpected line in the header: expected "# Title:", "# DB:" or a cell marker "# %% [...]".', i + 1);
    if (header[1] === 'Title') {
      if (title !== undefined) throw new NotebookFileError('The header has more than one "# Title:" line.', i + 1);
      title = decodeValue((header[2] ?? '').trimStart(), i + 1);
    } else {
      if (database !== undefined) throw new NotebookFileError('The header has more than one "# DB:" line.', i + 1);
      database = parseDatabase((header[2] ?? '').trimStart(), i + 1);
    }
  });
  if (title === undefined) throw new NotebookFileError('The header has no "# Title:" line.');
  if (database === undefined) throw new NotebookFileError('The header has no "# DB:" line.');
  return { title, database };
}

function parseDatabase(value: string, line: number): NotebookFileDatabase {
  const pglite = /^pglite((?:\s+\S+)*)$/.exec(value);
  if (pglite !== null) {
    let storage: (typeof STORAGES)[number] = 'auto';
    for (const option of (pglite[1] ?? '').trim().split(/\s+/).filter((o) => o !== '')) {
      const found = STORAGES.find((s) => option === `storage=${s}`);
      if (found === undefined) throw new NotebookFileError(`Unknown PGlite option "${option}": expected storage=${STORAGES.join('|')}.`, line);
      storage = found;
    }
    // The name is not in the file: the caller assigns a fresh one.
    return { kind: 'pglite', storage, name: '' };
  }
  const remote = /^remote\s+(\S.*)$/.exec(value);
  if (remote !== null) return { kind: 'remote', url: decodeValue(remote[1] ?? '', line) };
  throw new NotebookFileError('Unknown database: expected "# DB: pglite" or "# DB: remote <connection string>".', line);
}

function decodeValue(value: string, line: number): string {
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'string') return parsed;
  } catch {
    // Reported below.
  }
  throw new NotebookFileError('Invalid quoted value: expected a JSON string.', line);
}

function readCell(marker: string, source: string, line: number): NotebookFileCell {
  const m = /^# %% \[([^\]]*)\]((?:\s+\S+)*)\s*$/.exec(marker);
  if (m === null) throw new NotebookFileError('Malformed cell marker: expected "# %% [python]", "# %% [sql]" or "# %% [markdown]".', line);
  const kind = m[1] ?? '';
  if (!isCellKind(kind)) throw new NotebookFileError(`Unknown cell kind "${kind}": expected ${CELL_KINDS.join(', ')}.`, line);
  let resultName: string | undefined;
  let view: OutputView | undefined;
  let displayViews: DisplayViews | undefined;
  let quoted = kind === 'sql';
  let collapsed = false;
  for (const option of (m[2] ?? '').trim().split(/\s+/).filter((o) => o !== '')) {
    if (option.startsWith('view=') && view === undefined) view = readView(option.slice('view='.length), line);
    else if (kind === 'python' && option.startsWith('displays=') && displayViews === undefined) displayViews = readDisplayViews(option.slice('displays='.length), line);
    else if (kind === 'sql' && option.startsWith('result=') && resultName === undefined) {
      resultName = option.slice('result='.length);
      if (!isPythonIdentifier(resultName)) {
        throw new NotebookFileError(`Invalid result name "${resultName}": it must be a Python identifier that is not a keyword.`, line);
      }
    } else if (kind !== 'sql' && option === 'quoted' && !quoted) quoted = true;
    else if (option === 'collapsed' && !collapsed) collapsed = true;
    else throw new NotebookFileError(`Unknown cell option "${option}".`, line);
  }
  const extra = { ...(view === undefined ? {} : { view }), ...(displayViews === undefined ? {} : { displayViews }), ...(collapsed ? { outputCollapsed: true } : {}) };
  if (!quoted && kind === 'markdown') return { kind, code: uncomment(source, line), ...extra };
  if (!quoted) return { kind, code: source.replace(/(?<![^\n])#(#+ %%)/g, '$1'), ...extra };
  const lineAt = (offset: number): number => line + lineCount(source, 0, offset);
  const literal = parseLiteral(source, lineAt);
  if (source.slice(literal.end).trim() !== '') {
    throw new NotebookFileError('Unexpected text after the string literal: a cell holds exactly one literal.', lineAt(literal.end + (/^\s*/.exec(source.slice(literal.end))?.[0].length ?? 0)));
  }
  return resultName === undefined ? { kind, code: literal.value, ...extra } : { kind, code: literal.value, resultName, ...extra };
}

/** A Markdown cell's body: every line is `#` (an empty line) or `# ` + the line. */
function uncomment(body: string, markerLine: number): string {
  return body
    .split('\n')
    .map((text, i) => {
      if (text === '#') return '';
      if (text.startsWith('# ')) return text.slice(2);
      throw new NotebookFileError('Expected a comment line ("# " + text, or "#" for an empty line) in a Markdown cell.', markerLine + 1 + i);
    })
    .join('\n');
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Reads one Python str literal at the start of `src` (prefix r/R/u/U or none), without eval. */
function parseLiteral(src: string, lineAt: (offset: number) => number): { value: string; end: number } {
  const prefix = /^[rRuU]?/.exec(src)?.[0] ?? '';
  const raw = prefix === 'r' || prefix === 'R';
  let i = prefix.length;
  const quote = ['"""', "'''", '"', "'"].find((q) => src.startsWith(q, i));
  if (quote === undefined) throw new NotebookFileError('Expected a Python string literal holding the cell\'s code.', lineAt(0));
  i += quote.length;
  const unterminated = (): NotebookFileError => new NotebookFileError('Unterminated string literal.', lineAt(0));
  const parts: string[] = [];
  // Stops at a backslash or the closing quote (or a line break, which ends a one-line literal too early).
  const special = new RegExp(quote.length === 1 ? `[\\\\\n${quote}]` : `\\\\|${quote}`, 'g');
  let runStart = i;
  for (;;) {
    special.lastIndex = i;
    const at = special.exec(src)?.index;
    if (at === undefined || src[at] === '\n' || (src[at] === '\\' && at + 1 >= src.length)) throw unterminated();
    if (src[at] !== '\\') {
      parts.push(src.slice(runStart, at));
      return { value: parts.join(''), end: at + quote.length };
    }
    i = at;
    const next = src[i + 1] ?? '';
    if (raw) {
      i += 2; // A raw literal keeps the backslash and the character after it.
      continue;
    }
    parts.push(src.slice(runStart, i));
    const simple = SIMPLE_ESCAPES[next];
    const digits = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (simple !== undefined) {
      parts.push(simple);
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4))?.[0] ?? '';
      parts.push(String.fromCharCode(parseInt(octal, 8)));
      i += 1 + octal.length;
    } else if (digits > 0) {
      const hex = src.slice(i + 2, i + 2 + digits);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : -1;
      if (code < 0 || code > 0x10ffff) throw new NotebookFileError(`Invalid \\${next} escape in a string literal.`, lineAt(i));
      parts.push(String.fromCodePoint(code));
      i += 2 + digits;
    } else if (next === 'N') {
      throw new NotebookFileError('\\N{...} escapes are not supported in notebook files.', lineAt(i));
    } else {
      parts.push(`\\${next}`); // Python keeps unknown escapes as they are.
      i += 2;
    }
    runStart = i;
  }
}
