/**
 * The editor's look: one structural theme whose colours are CSS variables, plus a light and a
 * dark set of values for them. The active set follows the page's scheme live (the system's, or
 * the user's toggle: src/theme/color-scheme.ts). Switching
 * through a Compartment (rather than only a CSS media query) also flips CodeMirror's own
 * dark flag, so its built-in panels, tooltips and selection colours switch with us.
 */
import { Compartment, type Extension } from '@codemirror/state';
import { EditorView, ViewPlugin } from '@codemirror/view';
import { HighlightStyle, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { currentScheme, onSchemeChange } from '../../theme/color-scheme';

/**
 * Syntax colours keyed by the colour CodeMirror's default style uses for that role, so we can
 * reuse its tag list (keeping @lezer/highlight out of our imports) and swap each colour for a
 * variable. Values: [variable name, dark-mode colour, light colour when the original is too
 * faint: under 4.5:1 on the active line's background (WCAG AA, checked by the axe e2e test)].
 */
const SYNTAX: Record<string, readonly [string, string, string?]> = {
  '#404740': ['meta', '#abb2bf'],
  '#708': ['keyword', '#c678dd'],
  '#219': ['atom', '#56b6c2'],
  '#164': ['literal', '#d19a66'],
  '#a11': ['string', '#98c379'],
  '#e40': ['escape', '#e5c07b', '#b33500'],
  '#00f': ['definition', '#61afef'],
  '#30a': ['local', '#e06c75'],
  '#085': ['type', '#e5c07b', '#00704a'],
  '#167': ['class', '#e5c07b'],
  '#256': ['special', '#56b6c2'],
  '#00c': ['property', '#61afef'],
  '#940': ['comment', '#8b929e'],
  '#f00': ['invalid', '#ff6b6b', '#d1242f'],
};

const highlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => {
    const entry = typeof spec.color === 'string' ? SYNTAX[spec.color] : undefined;
    return entry ? { ...spec, color: `var(--ripple-hl-${entry[0]})` } : spec;
  }),
);

function syntaxVars(dark: boolean): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [original, [name, darkColor, lightColor]] of Object.entries(SYNTAX)) vars[`--ripple-hl-${name}`] = dark ? darkColor : (lightColor ?? original);
  return vars;
}

const lightVars = EditorView.theme({
  '&': {
    '--ripple-editor-bg': '#ffffff',
    '--ripple-editor-fg': '#1f2328',
    '--ripple-editor-border': '#d0d7de',
    '--ripple-editor-gutter-bg': '#f6f8fa',
    '--ripple-editor-gutter-fg': '#59636e',
    '--ripple-editor-active-line': '#f3f6fa',
    '--ripple-editor-caret': '#1f2328',
    '--ripple-editor-focus': '#0969da',
    '--ripple-editor-error': '#d1242f',
    ...syntaxVars(false),
  },
});

const darkVars = EditorView.theme(
  {
    '&': {
      '--ripple-editor-bg': '#1e2227',
      '--ripple-editor-fg': '#d7dae0',
      '--ripple-editor-border': '#3b414a',
      '--ripple-editor-gutter-bg': '#1a1d22',
      '--ripple-editor-gutter-fg': '#7d8590',
      '--ripple-editor-active-line': '#262b33',
      '--ripple-editor-caret': '#e6e6e6',
      '--ripple-editor-focus': '#4493f8',
      '--ripple-editor-error': '#ff6b6b',
      ...syntaxVars(true),
    },
  },
  { dark: true },
);

const structure = EditorView.theme({
  '&': {
    color: 'var(--ripple-editor-fg)',
    backgroundColor: 'var(--ripple-editor-bg)',
    border: '1px solid var(--ripple-editor-border)',
    borderRadius: '4px',
    fontSize: '13px',
  },
  // A visible focus ring matters: cells are navigated with the keyboard.
  '&.cm-focused': { outline: '2px solid var(--ripple-editor-focus)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--ripple-editor-caret)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--ripple-editor-caret)' },
  '.cm-gutters': {
    backgroundColor: 'var(--ripple-editor-gutter-bg)',
    color: 'var(--ripple-editor-gutter-fg)',
    borderRight: '1px solid var(--ripple-editor-border)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--ripple-editor-active-line)' },
  '.cm-sql-error': {
    textDecoration: 'underline wavy var(--ripple-editor-error)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
});

const scheme = new Compartment();

function varsFor(dark: boolean): Extension {
  return dark ? darkVars : lightVars;
}

/** The complete theme; pass once per editor (it listens to the colour scheme while mounted). */
export function rippleEditorTheme(): Extension {
  const follow = ViewPlugin.define((view) => ({
    destroy: onSchemeChange((shown) => view.dispatch({ effects: scheme.reconfigure(varsFor(shown === 'dark')) })),
  }));
  return [structure, scheme.of(varsFor(currentScheme() === 'dark')), syntaxHighlighting(highlightStyle), follow];
}
