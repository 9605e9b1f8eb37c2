/**
 * The code editor of one notebook cell. CodeMirror (code-editor.ts) is 480 KB of the
 * page's 687 KB of code, so it is loaded after the notebook's first paint; until it is
 * there (about 0.1-0.2 s on a reload), the cell shows its code in a plain text area laid
 * out like CodeMirror: typing, the run keys, Escape, focus and the label already work,
 * and the swap keeps the text, the selection and the focus. Interleaved with CodeMirror
 * in the first bundle (4 rounds, a first visit and 3 reloads each): first visit editable
 * 435 vs 589 ms, warm reload 383 vs 457 ms.
 */
import { createSignal, For, getOwner, onCleanup, onMount, runWithOwner, Show, type JSX } from 'solid-js';
import type { EditorStart } from './code-editor';
import { isBareModifier, isMac, runKeyMode } from './run-keys';
import type { CellEditorProps } from './types';
import { markNow } from '../../../workers/timeline';
import { afterFrames } from '../../after-frames';

export type { CellEditorApi, CellEditorProps, SqlCompletionSource } from './types';

type CodeEditorModule = typeof import('./code-editor');

let loading: Promise<CodeEditorModule> | undefined;
let loaded: CodeEditorModule | undefined;

/**
 * Loads CodeMirror once for every editor of the page (a module's own cache, as `import()`
 * keeps one anyway). Tests call it first to get CodeMirror at once.
 */
export function loadCodeEditor(): Promise<CodeEditorModule> {
  loading ??= import('./code-editor').then((module) => {
    loaded = module;
    markNow('code editor loaded');
    return module;
  });
  return loading;
}

export function CellEditor(props: CellEditorProps): JSX.Element {
  let host!: HTMLDivElement;
  let plain: HTMLTextAreaElement | undefined;
  const owner = getOwner();
  const [standIn, setStandIn] = createSignal(loaded === undefined);
  let composing = false;
  let waiting: CodeEditorModule | undefined;
  let disposed = false;
  onCleanup(() => (disposed = true));

  const swap = (module: CodeEditorModule): void => {
    if (disposed) return;
    // An IME composition in progress would be cut; the swap waits for its end.
    if (composing) return void (waiting = module);
    const start: EditorStart = plain
      ? {
          doc: plain.value,
          selection: plain.selectionDirection === 'backward' ? { anchor: plain.selectionEnd, head: plain.selectionStart } : { anchor: plain.selectionStart, head: plain.selectionEnd },
          focused: document.activeElement === plain,
        }
      : { focused: false };
    // In one task: no key can arrive between the text area leaving and CodeMirror taking over.
    setStandIn(false);
    plain = undefined;
    runWithOwner(owner, () => module.mountCodeEditor(host, props, start));
  };

  onMount(() => {
    if (loaded) return swap(loaded);
    props.ref?.({
      focus: () => plain?.focus(),
      edit: () => plain?.focus(),
      setCursorToEnd: () => {
        if (!plain) return;
        plain.setSelectionRange(plain.value.length, plain.value.length);
        plain.focus();
      },
    });
    // After the next frame: asked for as the cells render, CodeMirror's module could run
    // between the render and its paint. Interleaved with that (4 rounds, 3 reloads each),
    // warm reload editable 383 vs 432 ms. A failed load leaves the plain editor, which
    // keeps working.
    void afterFrames(1).then(() => loadCodeEditor().then(swap, () => undefined));
  });

  const mac = isMac();
  const onKeyDown = (event: KeyboardEvent): void => {
    const mode = runKeyMode(event, mac);
    if (mode) {
      event.preventDefault();
      props.onRun(mode);
    } else if (event.key === 'Escape' && props.onEscape) {
      event.preventDefault();
      props.onEscape();
    } else if (isBareModifier(event)) {
      event.preventDefault();
    }
  };
  const lineCount = (): number => props.code.split('\n').length;

  return (
    <div class="ripple-cell-editor" ref={host}>
      <Show when={standIn()}>
        <div class="ripple-plain-editor" classList={{ 'ripple-plain-wrap': props.kind === 'markdown' }}>
          <div class="ripple-plain-gutter" aria-hidden="true">
            <For each={Array.from({ length: lineCount() }, (_, i) => i + 1)}>{(n) => <div>{n}</div>}</For>
          </div>
          <textarea
            ref={plain}
            class="ripple-plain-code"
            aria-label={props.label}
            aria-readonly={props.readOnly ? 'true' : 'false'}
            readOnly={props.readOnly ?? false}
            rows={lineCount()}
            wrap={props.kind === 'markdown' ? 'soft' : 'off'}
            spellcheck={false}
            autocapitalize="off"
            autocomplete="off"
            value={props.code}
            // Its text content too, as CodeMirror's has it (tools and tests read that);
            // what is typed lives in the value, which this no longer changes.
            textContent={props.code}
            onInput={(event) => props.onChange(event.currentTarget.value)}
            onKeyDown={onKeyDown}
            onFocus={() => props.onFocusChange?.(true)}
            onBlur={() => props.onFocusChange?.(false)}
            onCompositionStart={() => (composing = true)}
            onCompositionEnd={() => {
              composing = false;
              if (waiting) swap(waiting);
            }}
          />
        </div>
      </Show>
    </div>
  );
}
