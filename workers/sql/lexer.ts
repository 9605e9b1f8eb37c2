/**
 * A deliberately small SQL lexer: it only knows enough PostgreSQL syntax to tell
 * where `{name}` placeholders and statement-ending `;` may appear, i.e. which spans
 * are string literals, quoted identifiers, dollar-quoted bodies or comments.
 * It never throws: an unterminated construct simply runs to the end of the input,
 * because the server will report that error far better than we could.
 */

export type TokenKind =
  /** Identifier, keyword or number-like run: `[A-Za-z0-9_$\u0080-]`. */
  | 'word'
  /** A `{name}` reference to a Python variable. */
  | 'placeholder'
  /** A positional parameter written by the user, e.g. `$1`. */
  | 'param'
  | 'semicolon'
  | 'openParen'
  | 'closeParen'
  /** `'...'` with any prefix (E, U&, B, X, N); the prefix is part of the token. */
  | 'string'
  /** `$$...$$` or `$tag$...$tag$`. */
  | 'dollarString'
  | 'quotedIdent'
  | 'lineComment'
  | 'blockComment'
  | 'whitespace'
  /** Any other single character (operators, punctuation, stray braces). */
  | 'other';

export interface Token {
  readonly kind: TokenKind;
  /** 0-based UTF-16 offsets into the source, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Variable name, only for `placeholder`. */
  readonly name?: string;
  /** Offset of the first character inside the quotes/tags, for `string` and `dollarString`. */
  readonly bodyStart?: number;
  /** Offset just past the body (before the closing quote/tag), for `string` and `dollarString`. */
  readonly bodyEnd?: number;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/y;
// Postgres dolq_start/dolq_cont: the tag cannot contain '$' and cannot start with a digit.
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const DIGITS = /[0-9]+/y;
// Postgres treats every byte >= 0x80 as an identifier character, so non-ASCII text
// (including astral code points, whose surrogates are >= 0x80) continues a word.
const WHITESPACE = /[ \t\n\r\v\f]+/y;

export function isIdentChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  return /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function isIdentStart(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  return /[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function matchAt(re: RegExp, source: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(source);
}

interface Scan {
  /** Index just past the construct (source.length when unterminated). */
  readonly end: number;
  /** Index where the body stops: before the closing quote/tag, or source.length. */
  readonly bodyEnd: number;
}

/** Scans a quoted body; backslashes escape the next char only in E'' strings. */
function scanQuoted(source: string, from: number, quote: string, backslashEscapes: boolean): Scan {
  let i = from;
  while (i < source.length) {
    const ch = source[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (source[i + 1] === quote) i += 2;
      else return { end: i + 1, bodyEnd: i };
    } else {
      i += 1;
    }
  }
  return { end: source.length, bodyEnd: source.length };
}

/** Index just past the comment; Postgres block comments nest. */
function scanBlockComment(source: string, from: number): number {
  let depth = 1;
  let i = from + 2;
  while (i < source.length) {
    if (source.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (source.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return source.length;
}

/** If the word just lexed is a string prefix glued to a quote, returns where the quote is. */
function stringPrefixQuote(word: string, source: string, end: number): number | undefined {
  if (/^[EeBbXxNn]$/.test(word) && source[end] === "'") return end;
  if (/^[Uu]$/.test(word) && source.startsWith("&'", end)) return end + 1;
  return undefined;
}

export function lex(source: string): Token[] {
  const tokens: Token[] = [];
  lexEach(source, (token) => tokens.push(token));
  return tokens;
}

/**
 * lex, handing each token over as it is found: the binder then holds one statement's
 * tokens at a time, not all of a large cell's hundreds of thousands (holding them all
 * made a 1 MB cell bind half as fast, mostly in garbage collection).
 */
export function lexEach(source: string, onToken: (token: Token) => void): void {
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, extra?: Partial<Token>): void => {
    onToken({ kind, start, end, ...extra });
    i = end;
  };
  const pushString = (start: number, quoteAt: number, backslashEscapes: boolean): void => {
    const scan = scanQuoted(source, quoteAt + 1, "'", backslashEscapes);
    push('string', start, scan.end, { bodyStart: quoteAt + 1, bodyEnd: scan.bodyEnd });
  };

  while (i < source.length) {
    const ch = source[i];
    const next = source[i + 1];
    const ws = matchAt(WHITESPACE, source, i);
    if (ws) {
      push('whitespace', i, i + ws[0].length);
    } else if (ch === "'") {
      pushString(i, i, false);
    } else if (ch === '"') {
      push('quotedIdent', i, scanQuoted(source, i + 1, '"', false).end);
    } else if (ch === '-' && next === '-') {
      const nl = source.slice(i).search(/[\r\n]/);
      push('lineComment', i, nl === -1 ? source.length : i + nl);
    } else if (ch === '/' && next === '*') {
      push('blockComment', i, scanBlockComment(source, i));
    } else if (ch === '$') {
      const tag = matchAt(DOLLAR_TAG, source, i);
      const digits = matchAt(DIGITS, source, i + 1);
      if (tag) {
        const bodyStart = i + tag[0].length;
        const close = source.indexOf(tag[0], bodyStart);
        const bodyEnd = close === -1 ? source.length : close;
        push('dollarString', i, close === -1 ? source.length : close + tag[0].length, { bodyStart, bodyEnd });
      } else if (digits) {
        push('param', i, i + 1 + digits[0].length);
      } else {
        push('other', i, i + 1);
      }
    } else if (ch === '{') {
      const ph = matchAt(PLACEHOLDER, source, i);
      if (ph) push('placeholder', i, i + ph[0].length, { name: ph[1] });
      else push('other', i, i + 1);
    } else if (isIdentStart(ch)) {
      let end = i + 1;
      while (end < source.length && isIdentChar(source[end])) end += 1;
      const quoteAt = stringPrefixQuote(source.slice(i, end), source, end);
      if (quoteAt !== undefined) pushString(i, quoteAt, /^[Ee]$/.test(source.slice(i, end)));
      else push('word', i, end);
    } else if (ch !== undefined && /[0-9]/.test(ch)) {
      // Numbers never absorb '$': in Postgres `1$$x$$` is 1 followed by a dollar quote.
      let end = i + 1;
      while (end < source.length && isIdentChar(source[end]) && source[end] !== '$') end += 1;
      push('word', i, end);
    } else if (ch === ';') {
      push('semicolon', i, i + 1);
    } else if (ch === '(') {
      push('openParen', i, i + 1);
    } else if (ch === ')') {
      push('closeParen', i, i + 1);
    } else {
      push('other', i, i + 1);
    }
  }
}
