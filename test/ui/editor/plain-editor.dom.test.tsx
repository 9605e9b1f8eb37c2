import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@solidjs/testing-library';
import { EditorView } from '@codemirror/view';
import { CellEditor, loadCodeEditor, type CellEditorApi } from '../../../src/components/editor/CellEditor';

// This file's editors mount before CodeMirror has loaded (a fresh module per test file),
// as on a page load: the plain editor first, then CodeMirror in its place.
afterEach(cleanup);

function mount(code = 'x = 1') {
  const onChange = vi.fn<(code: string) => void>();
  const onRun = vi.fn<(mode: 'advance' | 'stay') => void>();
  const onEscape = vi.fn<() => void>();
  let api: CellEditorApi | undefined;
  const result = render(() => (
    <CellEditor kind="python" code={code} label="Code of cell 1" onChange={onChange} onRun={onRun} onEscape={onEscape} ref={(a) => (api = a)} />
  ));
  const plain = result.container.querySelector<HTMLTextAreaElement>('textarea[aria-label="Code of cell 1"]');
  return { ...result, plain, onChange, onRun, onEscape, api: () => api };
}

function key(target: HTMLElement, init: KeyboardEventInit): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

async function codeMirrorIn(root: HTMLElement): Promise<EditorView> {
  await loadCodeEditor();
  await vi.waitFor(() => {
    if (!root.querySelector('.cm-editor')) throw new Error('CodeMirror has not taken over');
  });
  return EditorView.findFromDOM(root.querySelector<HTMLElement>('.cm-editor')!)!;
}

describe('CellEditor before CodeMirror has loaded', () => {
  it('shows the code in a labelled text area that takes typing, the run keys and Escape', () => {
    const { plain, onChange, onRun, onEscape, container } = mount('x = 1\ny = 2');
    expect(container.querySelector('.cm-editor')).toBeNull();
    expect({ value: plain?.value, readOnly: plain?.readOnly, lines: container.querySelectorAll('.ripple-plain-gutter > div').length }).toEqual({ value: 'x = 1\ny = 2', readOnly: false, lines: 2 });
    plain!.value = 'x = 10\ny = 2';
    plain!.dispatchEvent(new InputEvent('input', { bubbles: true }));
    expect(onChange).toHaveBeenLastCalledWith('x = 10\ny = 2');
    const run = key(plain!, { key: 'Enter', shiftKey: true });
    const stay = key(plain!, { key: 'Enter', ctrlKey: true });
    const escape = key(plain!, { key: 'Escape' });
    expect({ runs: onRun.mock.calls, newlineKept: !run.defaultPrevented || !stay.defaultPrevented, escapes: onEscape.mock.calls.length, escapeHandled: escape.defaultPrevented }).toEqual({
      runs: [['advance'], ['stay']],
      newlineKept: false,
      escapes: 1,
      escapeHandled: true,
    });
  });

  it('hands CodeMirror the text typed so far, the selection and the focus', async () => {
    const { plain, container, api } = mount('x = 1');
    // Typed before CodeMirror came: a parent that missed the edit still gets it at the swap.
    plain!.value = 'x = 1\nprint(x)';
    plain!.focus();
    plain!.setSelectionRange(6, 11);
    const view = await codeMirrorIn(container);
    const selection = view.state.selection.main;
    expect({
      doc: view.state.doc.toString(),
      anchor: selection.anchor,
      head: selection.head,
      focused: view.hasFocus,
      plainGone: container.querySelector('textarea') === null,
    }).toEqual({ doc: 'x = 1\nprint(x)', anchor: 6, head: 11, focused: true, plainGone: true });
    // The API given to the parent now drives CodeMirror. (Unfocused first: happy-dom
    // reports a focused editor's selection change inside CodeMirror's own update.)
    view.contentDOM.blur();
    api()!.setCursorToEnd();
    expect(view.state.selection.main.head).toBe(view.state.doc.length);
  });
});
