/** The renderer on first use: its libraries (markdown-it, KaTeX, DOMPurify) form a lazy chunk. */
import type { MarkdownRenderer } from './render';

let loading: Promise<MarkdownRenderer> | undefined;

export function loadMarkdownRenderer(): Promise<MarkdownRenderer> {
  loading ??= import('./render').then(({ createMarkdownRenderer }) => createMarkdownRenderer(window, window.location.origin));
  return loading;
}
