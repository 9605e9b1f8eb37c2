/**
 * Reactive `{name}` for markdown-it: each becomes the current text of the Python variable,
 * escaped (never HTML). Code spans, code blocks and math are other tokens, and `\{` is
 * an escape, so they never reach this rule (the kernel's scanner agrees).
 */
import type { MarkdownIt, StateInline } from 'markdown-it';
import type { MarkdownValue } from '../../workers/protocol';

/** What the renderer knows of the values: undefined until the cell has run. */
export type MarkdownValues = Readonly<Record<string, MarkdownValue>> | undefined;

const NAME_AT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/y;

function variable(state: StateInline, silent: boolean): boolean {
  if (state.src[state.pos] !== '{') return false;
  NAME_AT.lastIndex = state.pos;
  const match = NAME_AT.exec(state.src);
  if (!match) return false;
  if (!silent) state.push('ripple_variable', 'span', 0).content = match[1] ?? '';
  state.pos = NAME_AT.lastIndex;
  return true;
}

export function variablesPlugin(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'ripple_variable', variable);
  md.renderer.rules.ripple_variable = (tokens, idx, _options, env) => {
    const name = tokens[idx]!.content;
    const escape = md.utils.escapeHtml;
    // The env is what render.ts passes to md.render: { values }.
    const value = (env as { values?: MarkdownValues } | undefined)?.values?.[name];
    if (value === undefined) return `<span class="md-var md-var-pending" data-name="${escape(name)}">{${escape(name)}}</span>`;
    if ('missing' in value) return `<span class="md-var md-var-missing" data-name="${escape(name)}">‹${escape(name)}: not defined›</span>`;
    const more = value.truncated ? '…' : '';
    return `<span class="md-var" data-name="${escape(name)}">${escape(value.text)}${more}</span>`;
  };
}
