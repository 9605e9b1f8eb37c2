/**
 * Turns a SQL cell into statements whose `{name}` references are real bind
 * parameters. Values never enter the SQL text: the text is a function of the
 * cell source alone, so no variable content can change what the server parses.
 */
import type { SqlWarning } from '../protocol';
import { isIdentChar, lexEach, type Token } from './lexer';

export interface BoundStatement {
  /** SQL sent to the server: each {name} replaced by $k, numbered from $1 PER STATEMENT; same name -> same $k within the statement. The terminating ';' is not included. */
  readonly text: string;
  /** paramNames[k-1] is the Python variable bound to $k. */
  readonly paramNames: readonly string[];
  /** 0-based UTF-16 offset in the cell source where `text` starts. */
  readonly sourceStart: number;
  /** Contiguous pieces covering `text` in order, used to map offsets in `text` back to the cell source. */
  readonly segments: readonly OffsetSegment[];
}

/**
 * One piece of a statement's text. All offsets/lengths are UTF-16 code units.
 * Verbatim pieces are copied from the source unchanged (textLength === sourceLength,
 * offsets map 1:1). Non-verbatim pieces are a `{name}` replaced by `$k`, possibly with
 * a separating space on either side; every offset inside maps to the `{`.
 */
export interface OffsetSegment {
  readonly textStart: number;
  readonly textLength: number;
  readonly sourceStart: number;
  readonly sourceLength: number;
  readonly verbatim: boolean;
}

export interface BindWarning {
  /**
   * 'literal': a `{name}` inside a string constant, only a candidate: it is worth showing
   * only if `name` is a variable (see shownWarnings). 'param': a `$k` written next to
   * `{name}` references, always a mistake.
   */
  readonly kind: 'literal' | 'param';
  readonly name: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface BindResult {
  readonly statements: readonly BoundStatement[];
  /** Unique variable names referenced by the whole cell, in order of first appearance. */
  readonly references: readonly string[];
  /** In source order. */
  readonly warnings: readonly BindWarning[];
}

const PLACEHOLDER_AT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/y;
const ROUTINE_WORDS = ['function', 'procedure'];

/** From a statement's first four words: CREATE [OR REPLACE] FUNCTION|PROCEDURE. */
function createsRoutine([w0, w1, w2, w3]: readonly string[]): boolean {
  return w0 === 'create' && (ROUTINE_WORDS.includes(w1 ?? '') || (w1 === 'or' && w2 === 'replace' && ROUTINE_WORDS.includes(w3 ?? '')));
}

interface StatementTokens {
  readonly tokens: readonly Token[];
  /**
   * A routine definition (CREATE FUNCTION/PROCEDURE) or a DO block. Its string constants
   * are code (plpgsql, SQL bodies, EXECUTE formats) where `{...}` is common and never
   * meant as a Python variable, which could not reach inside a body anyway.
   */
  readonly routine: boolean;
}

/**
 * Mirrors psql's heuristic so that `CREATE FUNCTION ... BEGIN ATOMIC a; b; END`
 * stays one statement, and `;` inside parentheses does not split (psql never
 * sends such a fragment on its own either). Fed one token at a time; `finish` hands
 * over the last statement.
 */
function statementSplitter(source: string, onStatement: (statement: StatementTokens) => void): { push: (token: Token) => void; finish: () => void } {
  let current: Token[] = [];
  let parenDepth = 0;
  let beginDepth = 0;
  let words: string[] = [];
  const handOver = (): void => onStatement({ tokens: current, routine: words[0] === 'do' || createsRoutine(words) });
  const push = (token: Token): void => {
    if (token.kind === 'semicolon' && parenDepth === 0 && beginDepth === 0) {
      handOver();
      current = [];
      words = [];
      return;
    }
    current.push(token);
    if (token.kind === 'openParen') parenDepth += 1;
    else if (token.kind === 'closeParen' && parenDepth > 0) parenDepth -= 1;
    else if (token.kind === 'word' && !/^[0-9]/.test(source[token.start] ?? '')) {
      const word = source.slice(token.start, token.end).toLowerCase();
      if (words.length < 4) words.push(word);
      if (createsRoutine(words) && parenDepth === 0) {
        if (word === 'begin') beginDepth += 1;
        else if (word === 'case' && beginDepth > 0) beginDepth += 1;
        else if (word === 'end' && beginDepth > 0) beginDepth -= 1;
      }
    }
  };
  return { push, finish: handOver };
}

function isTrivia(token: Token): boolean {
  return token.kind === 'whitespace' || token.kind === 'lineComment' || token.kind === 'blockComment';
}

interface Built {
  readonly statement: BoundStatement;
  readonly params: readonly Token[];
}

function buildStatement(tokens: readonly Token[], source: string): Built | undefined {
  if (tokens.every(isTrivia)) return undefined;
  const first = tokens.findIndex((t) => t.kind !== 'whitespace');
  let last = tokens.length - 1;
  while (last > first && tokens[last]?.kind === 'whitespace') last -= 1;
  const kept = tokens.slice(first, last + 1);
  const startToken = kept[0];
  const endToken = kept[kept.length - 1];
  if (startToken === undefined || endToken === undefined) return undefined;

  const segments: OffsetSegment[] = [];
  const paramNames: string[] = [];
  const numbers = new Map<string, number>();
  // Pieces joined once at the end, and the last character tracked apart: reading the
  // end of a string built with += flattens it each time (quadratic in placeholders).
  const pieces: string[] = [];
  let length = 0;
  let lastChar: string | undefined;
  const append = (piece: string): void => {
    pieces.push(piece);
    length += piece.length;
    if (piece.length > 0) lastChar = piece[piece.length - 1];
  };
  let copyFrom = startToken.start;
  const flushCopy = (upTo: number): void => {
    if (upTo > copyFrom) {
      segments.push({ textStart: length, textLength: upTo - copyFrom, sourceStart: copyFrom, sourceLength: upTo - copyFrom, verbatim: true });
      append(source.slice(copyFrom, upTo));
    }
  };
  for (const token of kept) {
    if (token.kind !== 'placeholder' || token.name === undefined) continue;
    flushCopy(token.start);
    let k = numbers.get(token.name);
    if (k === undefined) {
      k = paramNames.push(token.name);
      numbers.set(token.name, k);
    }
    // `a{x}` or `{x}1` must not glue into `a$1` (an identifier) or `$11` (another parameter).
    const before = isIdentChar(lastChar) ? ' ' : '';
    const after = token.end < endToken.end && isIdentChar(source[token.end]) ? ' ' : '';
    const replacement = `${before}$${k}${after}`;
    segments.push({ textStart: length, textLength: replacement.length, sourceStart: token.start, sourceLength: token.end - token.start, verbatim: false });
    append(replacement);
    copyFrom = token.end;
  }
  flushCopy(endToken.end);
  return {
    statement: { text: pieces.join(''), paramNames, sourceStart: startToken.start, segments },
    params: paramNames.length > 0 ? kept.filter((t) => t.kind === 'param') : [],
  };
}

/**
 * Worded to be true of text, array ('{a}'::text[]) and JSON path (#> '{a}') constants
 * alike: the braces reach PostgreSQL as they are. Lists and dicts do bind as arrays and
 * JSON (ripple_runtime.py), so the advice holds for those too.
 */
function literalMessage(name: string): string {
  return (
    `{${name}} is inside a quoted literal, so PostgreSQL receives the characters {${name}} themselves, not the value of the Python variable ${name}. ` +
    `To send the value, put {${name}} outside the quotes, e.g. WHERE s = {${name}} (a Python list is sent as an array, a dict as JSON), ` +
    `or build text with '…' || {${name}} || '…'.`
  );
}

function paramMessage(name: string): string {
  return (
    `${name} is written directly in the SQL, but this statement also uses {name} references, which are sent as $1, $2, ... ` +
    `so ${name} would silently receive one of those values. Refer to the variable as {name} instead of ${name}.`
  );
}

interface Found {
  readonly kind: BindWarning['kind'];
  readonly name: string;
  readonly offset: number;
}

/**
 * `{name}` in the string constants of a statement. A dollar-quoted string outside a
 * routine is an ordinary constant (`SELECT $${x}$$`), so it counts like '{x}'.
 */
function literalPlaceholders(statement: StatementTokens, source: string, found: Found[]): void {
  if (statement.routine) return;
  for (const token of statement.tokens) {
    if ((token.kind !== 'string' && token.kind !== 'dollarString') || token.bodyStart === undefined) continue;
    const bodyEnd = token.bodyEnd ?? source.length;
    // Matched in place at each '{' of the body (no slice and matchAll per string: a cell
    // can hold a hundred thousand strings; no indexOf, which would search past the body).
    // A match cannot run past the body either: a name has no quote or $.
    for (let at = token.bodyStart; at < bodyEnd; at += 1) {
      if (source.charCodeAt(at) !== 0x7b) continue;
      PLACEHOLDER_AT.lastIndex = at;
      const name = PLACEHOLDER_AT.exec(source)?.[1];
      if (name !== undefined) found.push({ kind: 'literal', name, offset: at });
    }
  }
}

export function bindSql(source: string): BindResult {
  const found: Found[] = [];
  const statements: BoundStatement[] = [];
  const references: string[] = [];
  const referenced = new Set<string>();

  const splitter = statementSplitter(source, (group) => {
    literalPlaceholders(group, source, found);
    const built = buildStatement(group.tokens, source);
    if (built === undefined) return;
    statements.push(built.statement);
    for (const name of built.statement.paramNames) {
      if (referenced.has(name)) continue;
      referenced.add(name);
      references.push(name);
    }
    for (const param of built.params) found.push({ kind: 'param', name: source.slice(param.start, param.end), offset: param.start });
  });
  lexEach(source, splitter.push);
  splitter.finish();
  found.sort((a, b) => a.offset - b.offset);
  const positions = lineColumnsAt(source, found.map((f) => f.offset));
  const warnings = found.map(({ kind, name, offset }, i): BindWarning => {
    const { line, column } = positions[i]!;
    return { kind, name, offset, line, column };
  });
  return { statements, references, warnings };
}

/**
 * The warnings to show when the cell runs. A `{name}` in a literal is reported only if
 * `name` is a variable at that moment (some cell defines it, or the namespace has it):
 * otherwise it is almost always an array or JSON constant ('{a}'::text[], #> '{a}').
 * `namespace` is asked at most once, and only if a cell does not settle it.
 */
export function shownWarnings(result: BindResult, definedByCell: (name: string) => boolean, namespace: () => readonly string[]): SqlWarning[] {
  let names: ReadonlySet<string> | undefined;
  const exists = (name: string): boolean => definedByCell(name) || (names ??= new Set(namespace())).has(name);
  // One warning per name and kind, at its first place: a generated cell of 35,000
  // `INSERT … '{tag}'` rows would otherwise send and draw 35,000 identical lines.
  const groups = new Map<string, BindWarning[]>();
  for (const w of result.warnings) {
    if (w.kind === 'literal' && !exists(w.name)) continue;
    const key = `${w.kind}:${w.name}`;
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  return [...groups.values()].map(([first, ...others]) => {
    const { kind, name, line, column } = first!;
    const message = kind === 'literal' ? literalMessage(name) : paramMessage(name);
    return { message: others.length === 0 ? message : `${message} ${elsewhere(others)}`, name, line, column };
  });
}

/** "Also on line 4." / "Also on lines 4, 9 and 12." / "Also in 34,999 other places, from line 2." */
function elsewhere(others: readonly BindWarning[]): string {
  const lines = [...new Set(others.map((w) => w.line))];
  if (others.length > 5) return `Also in ${others.length.toLocaleString('en-US')} other places, from line ${lines[0]}.`;
  if (lines.length === 1) return `Also on line ${lines[0]}.`;
  return `Also on lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}.`;
}

function statementSourceEnd(stmt: BoundStatement): number {
  const last = stmt.segments[stmt.segments.length - 1];
  return last === undefined ? stmt.sourceStart : last.sourceStart + last.sourceLength;
}

export function sourceOffsetForPgPosition(stmt: BoundStatement, position: number): number {
  if (!Number.isFinite(position) || position < 1) return stmt.sourceStart;
  // Postgres counts characters (code points); step over surrogate pairs as one.
  let index = 0;
  for (let remaining = Math.floor(position) - 1; remaining > 0 && index < stmt.text.length; remaining -= 1) {
    const cp = stmt.text.codePointAt(index) ?? 0;
    index += cp > 0xffff ? 2 : 1;
  }
  if (index >= stmt.text.length) return statementSourceEnd(stmt);
  for (const seg of stmt.segments) {
    if (index >= seg.textStart && index < seg.textStart + seg.textLength) {
      return seg.verbatim ? seg.sourceStart + (index - seg.textStart) : seg.sourceStart;
    }
  }
  return statementSourceEnd(stmt);
}

/** Lines break at \n, \r\n or a lone \r (like CodeMirror); the column counts code points. */
export function lineColumnAt(source: string, offset: number): { line: number; column: number } {
  return lineColumnsAt(source, [offset])[0]!;
}

/**
 * lineColumnAt for ascending offsets in one walk over the source: a cell with thousands
 * of warnings must not be rescanned from the start for each (quadratic).
 */
function lineColumnsAt(source: string, ascending: readonly number[]): { line: number; column: number }[] {
  const positions: { line: number; column: number }[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  for (const offset of ascending) {
    const end = Math.max(0, Math.min(Math.floor(offset), source.length));
    while (i < end) {
      const ch = source[i];
      if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) {
        line += 1;
        column = 1;
        i += 1;
      } else if (ch === '\r') {
        i += 1; // the \n of this \r\n pair ends the line
      } else {
        const cp = source.codePointAt(i) ?? 0;
        i += cp > 0xffff ? 2 : 1;
        column += 1;
      }
    }
    positions.push({ line, column });
  }
  return positions;
}
