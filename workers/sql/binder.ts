/**
 * Turns a SQL cell into statements whose `{name}` references are real bind
 * parameters. Values never enter the SQL text: the text is a function of the
 * cell source alone, so no variable content can change what the server parses.
 */
import { isIdentChar, lex, type Token } from './lexer';

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
  readonly name: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface BindResult {
  readonly statements: readonly BoundStatement[];
  /** Unique variable names referenced by the whole cell, in order of first appearance. */
  readonly references: readonly string[];
  readonly warnings: readonly BindWarning[];
}

const PLACEHOLDER_IN_TEXT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const ROUTINE_WORDS = ['function', 'procedure'];

/**
 * Mirrors psql's heuristic so that `CREATE FUNCTION ... BEGIN ATOMIC a; b; END`
 * stays one statement, and `;` inside parentheses does not split (psql never
 * sends such a fragment on its own either).
 */
function splitStatements(tokens: readonly Token[], source: string): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  let parenDepth = 0;
  let beginDepth = 0;
  let words: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'semicolon' && parenDepth === 0 && beginDepth === 0) {
      statements.push(current);
      current = [];
      words = [];
      continue;
    }
    current.push(token);
    if (token.kind === 'openParen') parenDepth += 1;
    else if (token.kind === 'closeParen' && parenDepth > 0) parenDepth -= 1;
    else if (token.kind === 'word' && !/^[0-9]/.test(source[token.start] ?? '')) {
      const word = source.slice(token.start, token.end).toLowerCase();
      if (words.length < 4) words.push(word);
      const [w0, w1, w2, w3] = words;
      const createsRoutine =
        w0 === 'create' &&
        (ROUTINE_WORDS.includes(w1 ?? '') || (w1 === 'or' && w2 === 'replace' && ROUTINE_WORDS.includes(w3 ?? '')));
      if (createsRoutine && parenDepth === 0) {
        if (word === 'begin') beginDepth += 1;
        else if (word === 'case' && beginDepth > 0) beginDepth += 1;
        else if (word === 'end' && beginDepth > 0) beginDepth -= 1;
      }
    }
  }
  statements.push(current);
  return statements;
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
  let text = '';
  let copyFrom = startToken.start;
  const flushCopy = (upTo: number): void => {
    if (upTo > copyFrom) {
      segments.push({ textStart: text.length, textLength: upTo - copyFrom, sourceStart: copyFrom, sourceLength: upTo - copyFrom, verbatim: true });
      text += source.slice(copyFrom, upTo);
    }
  };
  for (const token of kept) {
    if (token.kind !== 'placeholder' || token.name === undefined) continue;
    flushCopy(token.start);
    let k = paramNames.indexOf(token.name) + 1;
    if (k === 0) k = paramNames.push(token.name);
    // `a{x}` or `{x}1` must not glue into `a$1` (an identifier) or `$11` (another parameter).
    const before = isIdentChar(text[text.length - 1]) ? ' ' : '';
    const after = token.end < endToken.end && isIdentChar(source[token.end]) ? ' ' : '';
    const replacement = `${before}$${k}${after}`;
    segments.push({ textStart: text.length, textLength: replacement.length, sourceStart: token.start, sourceLength: token.end - token.start, verbatim: false });
    text += replacement;
    copyFrom = token.end;
  }
  flushCopy(endToken.end);
  return {
    statement: { text, paramNames, sourceStart: startToken.start, segments },
    params: paramNames.length > 0 ? kept.filter((t) => t.kind === 'param') : [],
  };
}

function literalWarning(source: string, token: Token, name: string, offset: number): BindWarning {
  const what = token.kind === 'dollarString' ? 'a dollar-quoted string' : 'a string literal';
  const message =
    `{${name}} is inside ${what}, so it is sent as the literal text '{${name}}', not as the value of ${name}. ` +
    `To use the variable, write {${name}} without quotes: WHERE s = {${name}}` +
    ` (to embed it in text, concatenate: '...' || {${name}} || '...').`;
  return { name, offset, ...lineColumnAt(source, offset), message };
}

function paramWarning(source: string, token: Token): BindWarning {
  const name = source.slice(token.start, token.end);
  const message =
    `${name} is written directly in the SQL, but this statement also uses {name} references, which are sent as $1, $2, ... ` +
    `so ${name} would silently receive one of those values. Refer to the variable as {name} instead of ${name}.`;
  return { name, offset: token.start, ...lineColumnAt(source, token.start), message };
}

export function bindSql(source: string): BindResult {
  const tokens = lex(source);
  const warnings: BindWarning[] = [];
  const statements: BoundStatement[] = [];
  const references: string[] = [];

  for (const token of tokens) {
    if ((token.kind !== 'string' && token.kind !== 'dollarString') || token.bodyStart === undefined) continue;
    const body = source.slice(token.bodyStart, token.bodyEnd);
    for (const match of body.matchAll(PLACEHOLDER_IN_TEXT)) {
      const name = match[1];
      if (name !== undefined) warnings.push(literalWarning(source, token, name, token.bodyStart + match.index));
    }
  }
  for (const group of splitStatements(tokens, source)) {
    const built = buildStatement(group, source);
    if (built === undefined) continue;
    statements.push(built.statement);
    for (const name of built.statement.paramNames) if (!references.includes(name)) references.push(name);
    for (const param of built.params) warnings.push(paramWarning(source, param));
  }
  warnings.sort((a, b) => a.offset - b.offset);
  return { statements, references, warnings };
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
  const end = Math.max(0, Math.min(Math.floor(offset), source.length));
  let line = 1;
  let column = 1;
  for (let i = 0; i < end; ) {
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
  return { line, column };
}
