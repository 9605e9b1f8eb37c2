/**
 * A cell's CodeMirror 6 view, mounted into the cell editor's host once this module has
 * loaded (CellEditor.tsx loads it after the notebook's first paint: CodeMirror is 480 KB of
 * the page's code). Each cell has its own EditorView, hence its own undo history.
 */
import { createEffect, on, onCleanup } from 'solid-js';
import { basicSetup } from 'codemirror';
import { Annotation, Compartment, EditorSelection, EditorState, Prec, StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, keymap, type DecorationSet } from '@codemirror/view';
import { closeCompletion, completionStatus } from '@codemirror/autocomplete';
import { indentWithTab } from '@codemirror/commands';
import { LanguageSupport, indentUnit } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { PostgreSQL } from '@codemirror/lang-sql';
import type { CellKind } from '../../../workers/protocol';
import { createCatalogLoader, sqlCompletionSource, type CatalogLoader } from './sql-completion';
import { rippleEditorTheme } from './theme';
import { isBareModifier, isMac, runKeyMode } from './run-keys';
import { timerCursorBlink } from './cursor-blink';
import type { CellEditorProps, SqlCompletionSource } from './types';

/** Where the plain editor left off, so the swap keeps the caret and the focus. */
export interface EditorStart {
  /** The text as the plain editor has it (it reported each edit through onChange too). */
  readonly doc?: string;
  readonly selection?: { readonly anchor: number; readonly head: number };
  readonly focused: boolean;
}
/** Marks transactions that come from the `code` prop, so they are not echoed back via onChange. */
const externalChange = Annotation.define<boolean>();

type ErrorMark = { from: number; to: number; message: string } | null;
const setErrorMark = StateEffect.define<ErrorMark>();

/** Keeps the error underline on the text it was reported for while the user edits around it. */
const errorMarkField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setErrorMark)) continue;
      const mark = effect.value;
      next = mark ? Decoration.set([errorDecoration(mark, tr.state.doc.length)]) : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function errorDecoration(mark: NonNullable<ErrorMark>, length: number): Range<Decoration> {
  // Postgres often reports "at end of input" (an empty range at the end); a mark decoration
  // cannot be empty, so widen it to the nearest character.
  let from = Math.max(0, Math.min(mark.from, length));
  let to = Math.max(from, Math.min(mark.to, length));
  if (to === from) {
    if (to < length) to += 1;
    else from = Math.max(0, from - 1);
  }
  return Decoration.mark({ class: 'cm-sql-error', attributes: { title: mark.message } }).range(from, to);
}

/** The smallest replacement turning `current` into `next`, so cursor and history stay meaningful. */
function minimalChange(current: string, next: string): { from: number; to: number; insert: string } {
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  return { from: start, to: current.length - end, insert: next.slice(start, next.length - end) };
}


/**
 * Mounts CodeMirror into `host` for the editor's `props`. Call inside the component's
 * owner: its effects follow the props, and the view is destroyed with the component.
 */
export function mountCodeEditor(host: HTMLElement, props: CellEditorProps, start: EditorStart): void {
  const language = new Compartment();
  const access = new Compartment();
  const labelling = new Compartment();

  // The catalog cache lives as long as the completion source object it was made for.
  let loader: CatalogLoader | undefined;
  let loaderFor: SqlCompletionSource | undefined;
  const currentLoader = (): CatalogLoader | undefined => {
    const source = props.completions;
    if (source !== loaderFor) {
      loaderFor = source;
      loader = source ? createCatalogLoader(source) : undefined;
    }
    return loader;
  };
  // Our own source replaces lang-sql's keyword source: it also knows `{var}` and stays quiet in strings.
  const sqlSupport = new LanguageSupport(PostgreSQL.language, PostgreSQL.language.data.of({ autocomplete: sqlCompletionSource(currentLoader) }));
  // PEP 8 indents Python by four spaces; SQL keeps CodeMirror's two.
  const pythonSupport = [python(), indentUnit.of('    ')];
  const languageFor = (kind: CellKind): Extension => {
    switch (kind) {
      case 'sql':
        return sqlSupport;
      case 'markdown':
        // Prose wraps instead of scrolling sideways. Highlighting arrives with the lazy
        // language (it brings HTML, CSS and JavaScript parsers for embedded HTML).
        return [markdownSupport ?? [], EditorView.lineWrapping];
      case 'python':
        return pythonSupport;
    }
  };
  const accessFor = (readOnly: boolean): Extension => [
    EditorState.readOnly.of(readOnly),
    // tabindex 0 changes nothing for the keyboard (the editable content is in the tab order
    // already) but states it: checkers such as axe (scrollable-region-focusable) then see
    // that an editor scrolling sideways at 360 px is reachable, as the caret scrolls it.
    EditorView.contentAttributes.of({ 'aria-readonly': String(readOnly), tabindex: '0' }),
  ];
  let markdownSupport: Extension | undefined;
  const loadMarkdown = async (view: EditorView): Promise<void> => {
    if (markdownSupport) return;
    const { markdown } = await import('@codemirror/lang-markdown');
    markdownSupport = markdown();
    if (props.kind === 'markdown') view.dispatch({ effects: language.reconfigure(languageFor('markdown')) });
  };
  const labelFor = (label: string): Extension => EditorView.contentAttributes.of({ 'aria-label': label });

  const doc = start.doc ?? props.code;
  // Never the case unless the parent dropped an edit; then the editor's text wins, as typed.
  if (doc !== props.code) props.onChange(doc);
  const runKeys = Prec.highest(
    keymap.of([
      // An open completion list takes Escape first (it closes); the next leaves the editor.
      { key: 'Escape', run: (view) => (props.onEscape && completionStatus(view.state) === null ? (props.onEscape(), true) : false) },
    ]),
  );
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc,
      ...(start.selection ? { selection: clampedSelection(start.selection, doc.length) } : {}),
      extensions: [
        runKeys,
        basicSetup,
        timerCursorBlink,
        // Escape then Tab still moves focus out (CodeMirror's built-in escape hatch).
        keymap.of([indentWithTab]),
        language.of(languageFor(props.kind)),
        access.of(accessFor(props.readOnly ?? false)),
        labelling.of(labelFor(props.label)),
        errorMarkField,
        rippleEditorTheme(),
        EditorView.updateListener.of((update) => {
          if (update.focusChanged) props.onFocusChange?.(update.view.hasFocus);
          const userEdit = update.transactions.some((tr) => tr.docChanged && !tr.annotation(externalChange));
          if (userEdit) props.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  onCleanup(() => view.destroy());
  if (start.focused) view.focus();
  // The run keys (and the modifiers pressed on the way to them) are taken here, before
  // CodeMirror, which would ask for a frame that delays the run's output (run-keys.ts).
  // Only in the text itself: in the search panel, Enter is the panel's.
  const mac = isMac();
  const onKeydown = (event: KeyboardEvent): void => {
    if (!(event.target instanceof Node) || !view.contentDOM.contains(event.target)) return;
    const mode = runKeyMode(event, mac);
    if (mode) {
      event.preventDefault(); // no newline, and CodeMirror leaves a handled key alone
      props.onRun(mode);
      // A completion list open, or still being fetched (a SQL cell asks the kernel for its
      // tables), would show over the run's output: the run closes it, as Escape would. A
      // list that opened late, while a large result arrived, also laid out the whole page
      // in the middle of it (a task of 30-60 ms). Nothing is dispatched when there is none.
      closeCompletion(view);
    } else if (isBareModifier(event)) {
      event.preventDefault();
    }
  };
  host.addEventListener('keydown', onKeydown, true);
  onCleanup(() => host.removeEventListener('keydown', onKeydown, true));

  createEffect(on(() => props.code, (code) => {
    const current = view.state.doc.toString();
    // Usually props.code is just our own onChange echoed back by the parent: nothing to do.
    if (code === current) return;
    view.dispatch({ changes: minimalChange(current, code), annotations: externalChange.of(true) });
  }, { defer: true }));
  createEffect(on(() => props.kind, (kind) => view.dispatch({ effects: language.reconfigure(languageFor(kind)) }), { defer: true }));
  createEffect(() => {
    if (props.kind === 'markdown') void loadMarkdown(view);
  });
  createEffect(on(() => props.readOnly ?? false, (ro) => view.dispatch({ effects: access.reconfigure(accessFor(ro)) }), { defer: true }));
  createEffect(on(() => props.label, (label) => view.dispatch({ effects: labelling.reconfigure(labelFor(label)) }), { defer: true }));
  // Only a different range/message resets the mark: re-sending the same one would move it
  // back to stale offsets after the user edited around it.
  let shown: ErrorMark = null;
  createEffect(() => {
    const r = props.errorRange;
    const mark: ErrorMark = r ? { from: r.from, to: r.to, message: r.message } : null;
    if (mark?.from === shown?.from && mark?.to === shown?.to && mark?.message === shown?.message) return;
    shown = mark;
    view.dispatch({ effects: setErrorMark.of(mark) });
  });

  props.ref?.({
    focus: () => view.focus(),
    edit: () => view.focus(),
    setCursorToEnd: () => view.dispatch({ selection: { anchor: view.state.doc.length }, scrollIntoView: true }),
  });
}

function clampedSelection(selection: { anchor: number; head: number }, length: number): EditorSelection {
  const clamp = (n: number): number => Math.max(0, Math.min(n, length));
  return EditorSelection.single(clamp(selection.anchor), clamp(selection.head));
}
