/**
 * `$…$` and `$$…$$` math for markdown-it, typeset by KaTeX. The delimiter rules are the
 * reference scanner's (workers/markdown/references.ts), so braces inside math are never
 * taken for `{name}`. KaTeX never throws here (a bad formula shows in red) and never
 * trusts the source (no \href, \url, \htmlClass…).
 */
import katex from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import { inlineMathEnd } from '../../workers/markdown/references';

function typeset(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 50 });
}

function inlineMath(state: StateInline, silent: boolean): boolean {
  if (state.src[state.pos] !== '$') return false;
  const end = inlineMathEnd(state.src, state.pos);
  if (end === -1) return false;
  if (!silent) {
    const display = state.src.startsWith('$$', state.pos);
    const token = state.push('math_inline', 'span', 0);
    token.content = state.src.slice(state.pos + (display ? 2 : 1), end - (display ? 2 : 1));
    token.markup = display ? '$$' : '$';
  }
  state.pos = end;
  return true;
}

/** A block opens at a line starting with `$$` and closes at the first line ending with `$$`. */
function blockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number): string => state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = lineText(startLine);
  if (!first.startsWith('$$')) return false;
  if (silent) return true;
  const rest = first.slice(2);
  const parts: string[] = [];
  let line = startLine;
  if (rest.trimEnd().endsWith('$$')) parts.push(rest.trimEnd().slice(0, -2));
  else {
    parts.push(rest);
    for (line = startLine + 1; line < endLine; line += 1) {
      const text = lineText(line);
      if (text.trimEnd().endsWith('$$')) {
        parts.push(text.trimEnd().slice(0, -2));
        break;
      }
      parts.push(text);
    }
  }
  const token = state.push('math_block', 'div', 0);
  token.block = true;
  token.content = parts.join('\n');
  token.map = [startLine, line + 1];
  token.markup = '$$';
  state.line = line + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'math_inline', inlineMath);
  md.block.ruler.after('blockquote', 'math_block', blockMath, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) => typeset(tokens[idx]!.content, tokens[idx]!.markup === '$$');
  md.renderer.rules.math_block = (tokens, idx) => `<div class="md-math">${typeset(tokens[idx]!.content, true)}</div>\n`;
}
