/**
 * Whether an edit of a Python cell changed only number literals, as in `user_id = 42`
 * → `user_id = 99`: the edit a reactive notebook exists for. A cell's analysis (the names
 * it defines and reads, whether it compiles) cannot depend on the value of a number, so
 * such an edit keeps the cell's analysis and skips Python's parser, which was most of an
 * edit's time in the kernel (in Node: 0.18 ms per edit, 0.035 ms without the parser).
 *
 * Deliberately narrow: everything apart from the numbers must be identical, character for
 * character (names, strings, comments, whitespace and indentation), and each changed
 * number must be a plain decimal on both sides (`0`, `42`, `3.25`: no sign, exponent,
 * underscore, prefix, suffix or leading zero, at most 15 digits each side of the point,
 * Python refusing integer literals of over 4,300 digits), standing alone: between blanks,
 * operators, brackets or separators only (`1.real`, `x .5`, `1if`, `1e5`, `0x1f` and a
 * digit continuing a name are refused). Anything else is analysed again. Numbers inside
 * strings and comments are skipped over; were the scan ever to take part of a string for
 * code (f-strings may nest the same quotes since Python 3.12), a plain number there is
 * still only data or a number literal.
 */

const PLAIN_NUMBER = /^(0|[1-9]\d{0,14})(\.\d{1,15})?$/;
/** What may continue a Python name (XID_Continue, roughly): never the start of a number token. */
const WORD = /[\p{L}\p{N}\p{M}\p{Pc}]/u;
/** Characters a changed number may stand next to: blanks, operators, brackets, separators. */
const ALONE_BEFORE = /[\s=+\-*/%(\[{,:;<>!&|^~@]/;
const ALONE_AFTER = /[\s=+\-*/%)\]},:;<>!&|^~@#]/;
const DIGIT = /\d/;

/** The code as alternating pieces: text outside numbers, a number, text, ... (text first and last). */
function split(code: string): string[] | undefined {
  const pieces: string[] = [];
  let textStart = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '#') {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end;
    } else if (c === '"' || c === "'") {
      const end = stringEnd(code, i);
      if (end === undefined) return undefined; // unterminated: leave it to Python
      i = end;
    } else if (WORD.test(c) && !DIGIT.test(c)) {
      while (i < code.length && WORD.test(code[i]!)) i++; // a name (or a string prefix, rb"…")
    } else if (DIGIT.test(c)) {
      let end = i;
      while (end < code.length && (WORD.test(code[end]!) || code[end] === '.')) end++;
      pieces.push(code.slice(textStart, i), code.slice(i, end));
      textStart = end;
      i = end;
    } else i++;
  }
  pieces.push(code.slice(textStart));
  return pieces;
}

/** The index after the string literal whose opening quote is at `start`; undefined if it never ends. */
function stringEnd(code: string, start: number): number | undefined {
  const quote = code[start]!;
  const triple = code.startsWith(quote.repeat(3), start);
  const closing = triple ? quote.repeat(3) : quote;
  let i = start + closing.length;
  while (i < code.length) {
    const c = code[i]!;
    // In every kind of string, raw ones too, a backslash keeps the next character from ending it.
    if (c === '\\') i += 2;
    else if (code.startsWith(closing, i)) return i + closing.length;
    else if (c === '\n' && !triple) return undefined;
    else i++;
  }
  return undefined;
}

/** True when `after` differs from `before` only in plain number literals (see above). */
export function onlyNumbersChanged(before: string, after: string): boolean {
  if (before === after) return true;
  const a = split(before);
  const b = split(after);
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (i % 2 === 0) return false; // text outside numbers
    const left = a[i - 1]!.at(-1);
    const right = a[i + 1]![0];
    if (!PLAIN_NUMBER.test(x) || !PLAIN_NUMBER.test(y)) return false;
    if ((left !== undefined && !ALONE_BEFORE.test(left)) || (right !== undefined && !ALONE_AFTER.test(right))) return false;
  }
  return true;
}
