/**
 * Markdown cell source -> sanitized HTML: CommonMark with GFM tables and strikethrough,
 * task lists, highlighted fences, KaTeX math and reactive `{name}`. Loaded lazily
 * (see load.ts): markdown-it, KaTeX and DOMPurify are not in the app's first download.
 */
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Md, StateCore } from 'markdown-it';
import 'katex/dist/katex.min.css';
import { mathPlugin } from './math';
import { variablesPlugin, type MarkdownValues } from './variables';
import { highlight } from './highlight';
import { createSanitizer } from './sanitize';

/** GFM task lists: `[ ]` / `[x]` at the start of a list item becomes a disabled checkbox. */
function taskLists(md: Md): void {
  md.core.ruler.after('inline', 'task_lists', (state: StateCore) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i += 1) {
      const inline = tokens[i]!;
      if (inline.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || tokens[i - 2]?.type !== 'list_item_open') continue;
      const first = inline.children?.[0];
      const mark = first?.type === 'text' ? /^\[([ xX])\](?=\s|$)/.exec(first.content) : null;
      if (!first || !mark) continue;
      first.content = first.content.slice(3);
      const box = new state.Token('html_inline', '', 0);
      box.content = `<input type="checkbox" disabled${mark[1] === ' ' ? '' : ' checked'}> `;
      inline.children!.unshift(box);
      tokens[i - 2]!.attrJoin('class', 'task-list-item');
    }
    return false;
  });
}

export interface MarkdownRenderer {
  /** A Markdown cell: `{name}` shows the variable's value. */
  render(source: string, values: MarkdownValues): string;
  /** Markdown that Python produced (`_repr_markdown_`, `Markdown(…)`): `{name}` is text. */
  renderText(source: string): string;
}

function markdownIt(): Md {
  // html: raw HTML is common in notebooks; the sanitizer decides what of it stays.
  return new MarkdownIt('default', { html: true, linkify: false, typographer: false, highlight }).use(mathPlugin).use(taskLists);
}

/** Markdown to HTML, NOT sanitized: pure (no DOM), so its rules are testable in Node. */
export function createMarkdownParser(): MarkdownRenderer {
  const cells = markdownIt().use(variablesPlugin);
  const text = markdownIt();
  return { render: (source, values) => cells.render(source, { values }), renderText: (source) => text.render(source) };
}

/** The renderer the page uses: parsed, then sanitized for this origin. */
export function createMarkdownRenderer(window: Window & typeof globalThis, origin: string): MarkdownRenderer {
  const parser = createMarkdownParser();
  const sanitizer = createSanitizer(window, origin);
  return {
    render: (source, values) => sanitizer.sanitize(parser.render(source, values)),
    renderText: (source) => sanitizer.sanitize(parser.renderText(source)),
  };
}
