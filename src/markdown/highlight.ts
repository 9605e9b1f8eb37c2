/**
 * Syntax highlighting of fenced code with the lezer parsers the editor already ships
 * (Python, PostgreSQL), as `tok-*` class spans: no extra library, no inline styles.
 */
import { classHighlighter, highlightCode } from '@lezer/highlight';
import type { Parser } from '@lezer/common';
import { pythonLanguage } from '@codemirror/lang-python';
import { PostgreSQL } from '@codemirror/lang-sql';

const PARSERS: Readonly<Record<string, () => Parser>> = {
  python: () => pythonLanguage.parser,
  py: () => pythonLanguage.parser,
  sql: () => PostgreSQL.language.parser,
  postgresql: () => PostgreSQL.language.parser,
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[ch]};`);
}

/** Highlighted HTML of `code`, or '' for a language we have no parser for (markdown-it escapes it then). */
export function highlight(code: string, lang: string): string {
  const parser = PARSERS[lang.trim().toLowerCase()];
  if (!parser) return '';
  let html = '';
  highlightCode(
    code,
    parser().parse(code),
    classHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += '\n';
    },
  );
  return html;
}
