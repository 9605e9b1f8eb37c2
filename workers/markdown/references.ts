/**
 * Finds the `{name}` references of a Markdown cell, with the rules the renderer
 * (src/markdown/) applies: not inside code spans, fenced or indented code blocks, or math
 * (`$…$`, `$$…$$`), where braces are code; `\{` is a literal brace. Pure and without
 * markdown-it, so the kernel worker stays lean.
 */

/** The variable names referenced, unique, in order of first appearance. */
export function markdownReferences(source: string): string[] {
  const names: string[] = [];
  for (const text of proseRuns(source)) {
    for (const name of inlineReferences(text)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const INDENTED = /^(?: {4}|\t)/;
const MATH_BLOCK = /^ {0,3}\$\$/;

/**
 * The text outside code and math blocks, as runs of consecutive lines (a code span may
 * cross a line break within a paragraph, never a blank line).
 */
function proseRuns(source: string): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 0) runs.push(run.join('\n'));
    run = [];
  };
  let fence: string | undefined;
  let inMath = false;
  let previousBlank = true;
  for (const line of source.split(/\r\n?|\n/)) {
    if (fence !== undefined) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line)?.[1];
      if (close !== undefined && close[0] === fence[0] && close.length >= fence.length) fence = undefined;
      continue;
    }
    if (inMath) {
      if (line.trimEnd().endsWith('$$')) inMath = false;
      continue;
    }
    const blank = line.trim() === '';
    const opening = FENCE.exec(line)?.[1];
    if (opening !== undefined && !(opening[0] === '`' && line.slice(line.indexOf(opening) + opening.length).includes('`'))) {
      flush();
      fence = opening;
    } else if (MATH_BLOCK.test(line)) {
      flush();
      // `$$ x $$` on one line opens and closes the block.
      inMath = !line.replace(MATH_BLOCK, '').trimEnd().endsWith('$$');
    } else if (!blank && INDENTED.test(line) && previousBlank) {
      // An indented code block: starts after a blank line, continues over indented lines.
      flush();
      previousBlank = true;
      continue;
    } else if (blank) flush();
    else run.push(line);
    previousBlank = blank && fence === undefined;
  }
  flush();
  return runs;
}

const NAME_AT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/y;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** `{name}`s of inline text, skipping escapes, code spans and inline math. */
function inlineReferences(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && PUNCTUATION.test(text[i + 1] ?? '')) {
      i += 2;
    } else if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const close = closingBackticks(text, i + run.length, run.length);
      i = close === -1 ? i + run.length : close + run.length;
    } else if (ch === '$') {
      i = afterMath(text, i);
    } else if (ch === '{') {
      NAME_AT.lastIndex = i;
      const match = NAME_AT.exec(text);
      if (match) {
        found.push(match[1] ?? '');
        i = NAME_AT.lastIndex;
      } else i += 1;
    } else i += 1;
  }
  return found;
}

/** Where a run of exactly `length` backticks starts at or after `from`, or -1. */
function closingBackticks(text: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) if (m[0].length === length) return m.index;
  return -1;
}

/** Past the math starting at `start` (a `$`), or just past the `$` when it opens none. */
export function afterMath(text: string, start: number): number {
  const end = inlineMathEnd(text, start);
  return end === -1 ? start + 1 : end;
}

/**
 * The end (exclusive) of inline math at `start`: `$$…$$`, or `$…$` whose content does not
 * start or end with a space and whose closing `$` is not followed by a digit (so prices
 * like $5 and $6 stay text). -1 when there is none. Shared with the renderer.
 */
export function inlineMathEnd(text: string, start: number): number {
  if (text.startsWith('$$', start)) {
    const close = text.indexOf('$$', start + 2);
    return close > start + 2 ? close + 2 : -1;
  }
  if (/\s/.test(text[start + 1] ?? ' ')) return -1;
  for (let at = text.indexOf('$', start + 1); at !== -1; at = text.indexOf('$', at + 1)) {
    if (text[at - 1] === '\\') continue;
    if (/\s/.test(text[at - 1] ?? ' ') || /\d/.test(text[at + 1] ?? '')) continue;
    return at + 1;
  }
  return -1;
}
