import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { EditorView } from '@codemirror/view';
import { undo } from '@codemirror/commands';
import { completionStatus, startCompletion } from '@codemirror/autocomplete';
import { CellEditor, loadCodeEditor, type CellEditorApi, type CellEditorProps } from '../../../src/components/editor/CellEditor';
import { BLINK_HALF_MS } from '../../../src/components/editor/cursor-blink';

// CodeMirror loaded first, so every editor below mounts it at once (the plain editor
// shown before it loads: plain-editor.dom.test.tsx).
beforeAll(async () => {
  await loadCodeEditor();
});
afterEach(cleanup);

type Overrides = Partial<CellEditorProps>;

function mount(overrides: Overrides = {}) {
  const onChange = vi.fn<(code: string) => void>();
  const onRun = vi.fn<(mode: 'advance' | 'stay') => void>();
  let api: CellEditorApi | undefined;
  const result = render(() => (
    <CellEditor kind="python" code="x = 1" label="Code of cell 1" onChange={onChange} onRun={onRun} ref={(a) => (api = a)} {...overrides} />
  ));
  return { ...result, onChange, onRun, view: viewIn(result.container), api: () => api };
}

/** The same lookup an end-to-end helper or parent component can use. */
function viewIn(root: HTMLElement): EditorView {
  const dom = root.querySelector<HTMLElement>('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (!view) throw new Error('no EditorView rendered');
  return view;
}

function press(view: EditorView, key: string, mods: { shiftKey?: boolean; ctrlKey?: boolean } = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods });
  view.contentDOM.dispatchEvent(event);
  return event;
}

const append = (view: EditorView, text: string): void =>
  view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: 'input.type' });

describe('CellEditor', () => {
  it('reports every edit through onChange with the full text', () => {
    const { view, onChange } = mount();
    append(view, '0');
    expect(onChange).toHaveBeenLastCalledWith('x = 10');
    view.dispatch(view.state.replaceSelection('y'));
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenLastCalledWith(view.state.doc.toString());
  });

  it('Shift+Enter runs and advances without inserting a newline', () => {
    const { view, onRun, onChange } = mount();
    const event = press(view, 'Enter', { shiftKey: true });
    expect(onRun).toHaveBeenCalledExactlyOnceWith('advance');
    expect(event.defaultPrevented).toBe(true);
    expect(view.state.doc.toString()).toBe('x = 1');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('Ctrl+Enter runs and stays, also without a newline', () => {
    const { view, onRun } = mount();
    press(view, 'Enter', { ctrlKey: true });
    expect(onRun).toHaveBeenCalledExactlyOnceWith('stay');
    expect(view.state.doc.lines).toBe(1);
  });

  it('takes Ctrl, then Ctrl+Enter, before CodeMirror: no layout frame is asked for, which would hold back the run\'s output', async () => {
    const { view, onRun } = mount();
    // Let the editor's first measurement happen, so a new request would show.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const frames = vi.spyOn(window, 'requestAnimationFrame');
    try {
      expect(press(view, 'Control', { ctrlKey: true }).defaultPrevented).toBe(true);
      expect(press(view, 'Enter', { ctrlKey: true }).defaultPrevented).toBe(true);
      expect(onRun).toHaveBeenCalledExactlyOnceWith('stay');
      expect(frames).not.toHaveBeenCalled();
      // A key CodeMirror does act on still reaches it.
      press(view, 'x');
      expect(frames).toHaveBeenCalled();
    } finally {
      frames.mockRestore();
    }
  });

  it('blinks the cursor from a timer, not an endless CSS animation (which keeps the page drawing frames)', async () => {
    const { view } = mount();
    const layer = view.dom.querySelector<HTMLElement>('.cm-cursorLayer')!;
    expect(layer.style.animationDuration).toBe('0ms');
    view.focus();
    await vi.waitFor(() => expect(view.hasFocus).toBe(true));
    view.dispatch({ selection: { anchor: 0 } }); // a move shows the cursor and restarts the blink
    expect(layer.style.opacity).toBe('');
    await vi.waitFor(() => expect(layer.style.opacity).toBe('0'), { timeout: BLINK_HALF_MS * 3 });
    await vi.waitFor(() => expect(layer.style.opacity).toBe(''), { timeout: BLINK_HALF_MS * 3 });
    view.contentDOM.blur();
    await vi.waitFor(() => expect(view.hasFocus).toBe(false));
    expect(layer.style.opacity).toBe(''); // shown (and hidden by CodeMirror's unfocused style), not stuck off
  });

  it('a plain Enter still edits and does not run', () => {
    const { view, onRun } = mount();
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    press(view, 'Enter');
    expect(onRun).not.toHaveBeenCalled();
    expect(view.state.doc.lines).toBe(2);
  });

  it('labels the content element and follows label changes', () => {
    const [label, setLabel] = createSignal('Code of cell 3');
    const { view } = mount({ get label() { return label(); } });
    expect(view.contentDOM.getAttribute('aria-label')).toBe('Code of cell 3');
    setLabel('Code of cell 4');
    expect(view.contentDOM.getAttribute('aria-label')).toBe('Code of cell 4');
  });

  it('keeps a separate undo history per editor', () => {
    const a = mount({ code: 'a = 1' });
    const b = mount({ code: 'b = 2' });
    append(a.view, '1');
    append(b.view, '2');
    expect(undo(a.view)).toBe(true);
    expect(a.view.state.doc.toString()).toBe('a = 1');
    expect(b.view.state.doc.toString()).toBe('b = 22');
  });

  it('applies an external code change without echoing it, and keeps it undoable', () => {
    const [code, setCode] = createSignal('x = 1');
    const { view, onChange } = mount({ get code() { return code(); } });
    setCode('x = 1\nprint(x)');
    expect(view.state.doc.toString()).toBe('x = 1\nprint(x)');
    expect(onChange).not.toHaveBeenCalled();
    undo(view);
    expect(view.state.doc.toString()).toBe('x = 1');
  });

  it('ignores a code prop equal to the document (the parent echoing onChange)', () => {
    const [code, setCode] = createSignal('x = 1');
    const { view, onChange } = mount({ get code() { return code(); }, onChange: (c) => { onChange(c); setCode(c); } });
    append(view, '2');
    expect(view.state.doc.toString()).toBe('x = 12');
    expect(onChange).toHaveBeenCalledTimes(1);
    // Only the user's edit is in the history: one undo returns to the start.
    undo(view);
    expect(view.state.doc.toString()).toBe('x = 1');
  });

  it('marks, maps and clears the SQL error range', () => {
    const sql = 'SELECT * FROM userz';
    const [error, setError] = createSignal<CellEditorProps['errorRange']>({ from: 14, to: 19, message: 'relation "userz" does not exist' });
    const { container, view } = mount({ kind: 'sql', code: sql, get errorRange() { return error(); } });
    const mark = () => container.querySelector<HTMLElement>('.cm-sql-error');
    expect(mark()?.textContent).toBe('userz');
    expect(mark()?.getAttribute('title')).toBe('relation "userz" does not exist');
    view.dispatch({ changes: { from: 0, insert: '-- q\n' } });
    expect(mark()?.textContent).toBe('userz');
    setError(undefined);
    expect(mark()).toBeNull();
  });

  it('widens an error at the end of input to the last character', () => {
    const { container } = mount({ kind: 'sql', code: 'SELECT (', errorRange: { from: 8, to: 8, message: 'syntax error at end of input' } });
    expect(container.querySelector('.cm-sql-error')?.textContent).toBe('(');
  });

  it('Tab indents, and does nothing when read-only', () => {
    const editable = mount({ code: 'x' });
    press(editable.view, 'Tab');
    expect(editable.view.state.doc.toString()).toBe('    x');
    const readOnly = mount({ code: 'x', readOnly: true });
    press(readOnly.view, 'Tab');
    expect(readOnly.view.state.doc.toString()).toBe('x');
    expect(readOnly.view.contentDOM.getAttribute('aria-readonly')).toBe('true');
  });

  it('exposes focus and cursor-to-end through ref, and reports focus changes', () => {
    const onFocusChange = vi.fn<(focused: boolean) => void>();
    const { view, api } = mount({ code: 'a\nbc', onFocusChange });
    api()?.setCursorToEnd();
    expect(view.state.selection.main.head).toBe(4);
    api()?.focus();
    expect(view.hasFocus).toBe(true);
    expect(onFocusChange).toHaveBeenCalledWith(true);
  });

  it('offers table names from the completion source in SQL cells', async () => {
    const tables = vi.fn(async () => [{ schema: 'public', name: 'users', columns: [{ name: 'id', type: 'integer' }] }]);
    const { view, container } = mount({ kind: 'sql', code: 'SELECT * FROM us', completions: { tables, variables: async () => [] } });
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    view.focus();
    startCompletion(view);
    await vi.waitFor(() => {
      const labels = [...container.querySelectorAll('.cm-completionLabel')].map((e) => e.textContent);
      expect(labels).toContain('users');
    });
    expect(tables).toHaveBeenCalledTimes(1);
  });

  it('Ctrl+Enter closes an open completion list', async () => {
    const tables = async () => [{ schema: 'public', name: 'users', columns: [{ name: 'id', type: 'integer' }] }];
    const { view, container, onRun } = mount({ kind: 'sql', code: 'SELECT * FROM us', completions: { tables, variables: async () => [] } });
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    view.focus();
    startCompletion(view);
    await vi.waitFor(() => expect(completionStatus(view.state)).toBe('active'));
    press(view, 'Enter', { ctrlKey: true });
    expect({ ran: onRun.mock.calls, status: completionStatus(view.state), doc: view.state.doc.toString() }).toEqual({ ran: [['stay']], status: null, doc: 'SELECT * FROM us' });
    await vi.waitFor(() => expect(container.querySelector('.cm-tooltip-autocomplete')).toBeNull());
  });

  it('a completion list still being fetched when the cell runs never opens', async () => {
    let answer: (tables: { schema: string; name: string; columns: { name: string; type: string }[] }[]) => void = () => {};
    const tables = vi.fn(() => new Promise<{ schema: string; name: string; columns: { name: string; type: string }[] }[]>((resolve) => (answer = resolve)));
    const { view, container } = mount({ kind: 'sql', code: 'SELECT * FROM us', completions: { tables, variables: async () => [] } });
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    view.focus();
    startCompletion(view);
    await vi.waitFor(() => expect(tables).toHaveBeenCalledTimes(1));
    expect(completionStatus(view.state)).toBe('pending');
    press(view, 'Enter', { ctrlKey: true });
    answer([{ schema: 'public', name: 'users', columns: [{ name: 'id', type: 'integer' }] }]);
    // CodeMirror takes an answer as soon as the source's promise settles (every source has
    // answered): after the microtasks this task queues, so after a task of its own.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect({ status: completionStatus(view.state), list: container.querySelector('.cm-tooltip-autocomplete') }).toEqual({ status: null, list: null });
  });

  it("follows the page's colour scheme (<html data-theme>, src/theme/color-scheme.ts) while mounted", async () => {
    const root = document.documentElement;
    // The observers watching <html> (CodeMirror has observers of its own), and which stopped.
    const watching: MutationObserver[] = [];
    const observe = MutationObserver.prototype.observe;
    const spy = vi.spyOn(MutationObserver.prototype, 'observe').mockImplementation(function (this: MutationObserver, target, options) {
      if (target === root) watching.push(this);
      observe.call(this, target, options);
    });
    const disconnect = vi.spyOn(MutationObserver.prototype, 'disconnect');
    root.setAttribute('data-theme', 'dark');
    try {
      const { view, unmount } = mount();
      const dark = (): boolean => view.state.facet(EditorView.darkTheme);
      const atStart = dark();
      root.setAttribute('data-theme', 'light');
      await vi.waitFor(() => expect(dark()).toBe(false));
      root.setAttribute('data-theme', 'dark');
      await vi.waitFor(() => expect(dark()).toBe(true));
      unmount();
      const stopped = watching.filter((o) => disconnect.mock.contexts.includes(o)).length;
      expect({ atStart, watching: watching.length, stopped }).toEqual({ atStart: true, watching: 1, stopped: 1 });
    } finally {
      root.removeAttribute('data-theme');
      spy.mockRestore();
      disconnect.mockRestore();
    }
  });

  it('destroys the view when unmounted', () => {
    const { view, unmount, onChange } = mount();
    unmount();
    expect(view.dom.isConnected).toBe(false);
    // A destroyed view ignores updates; a merely detached one would still call onChange.
    append(view, '2');
    expect(onChange).not.toHaveBeenCalled();
  });
});
