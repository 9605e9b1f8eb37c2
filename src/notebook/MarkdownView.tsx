/**
 * A Markdown cell's body: rendered until the user edits it (double-click, or Enter on the
 * rendered text), then a CodeMirror editor until Escape or Shift+Enter renders it again.
 * Rendering it runs it in the kernel, which sends the current `{name}` values back.
 */
import { createMemo, createResource, createSignal, Show, type JSX } from 'solid-js';
import type { ShownOutput } from '../components/result-table/result-rows';
import { CellEditor, type CellEditorApi } from '../components/editor/CellEditor';
import { loadMarkdownRenderer } from '../markdown/load';

export interface MarkdownViewProps {
  code: string;
  /** "Cell 3" */
  label: string;
  output: ShownOutput | undefined;
  onChange: (code: string) => void;
  /** Rendering again after an edit; `advance` (Shift+Enter) moves on to the next cell. */
  onRender: (mode: 'advance' | 'stay') => void;
  ref: (api: CellEditorApi) => void;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The source as escaped text, under a note saying why it is not rendered. */
export function unrenderedHtml(source: string): string {
  return `<p class="markdown-unrendered" role="note">The Markdown renderer could not load, so this is the cell's text as written.</p><pre>${escapeHtml(source)}</pre>`;
}

export function MarkdownView(props: MarkdownViewProps): JSX.Element {
  // A new, empty cell opens for writing; one with text shows rendered.
  const [editing, setEditing] = createSignal(props.code.trim() === '');
  const [renderer] = createResource(loadMarkdownRenderer);
  const values = () => (props.output?.type === 'markdown-values' ? props.output.values : undefined);
  // The renderer is a lazy chunk: offline before it was ever cached, it cannot load. The
  // user's text then shows as it is, with why, rather than as nothing.
  const html = createMemo(() => (renderer.state === 'errored' ? unrenderedHtml(props.code) : (renderer()?.render(props.code, values()) ?? '')));
  let rendered: HTMLDivElement | undefined;
  let editor: CellEditorApi | undefined;

  const edit = (): void => {
    setEditing(true);
    queueMicrotask(() => editor?.focus());
  };
  const render = (mode: 'advance' | 'stay'): void => {
    setEditing(false);
    props.onRender(mode);
    if (mode === 'stay') queueMicrotask(() => rendered?.focus());
  };
  props.ref({
    focus: () => (editing() ? editor?.focus() : rendered?.focus()),
    edit,
    setCursorToEnd: () => editor?.setCursorToEnd(),
  });

  return (
    <Show
      when={editing()}
      fallback={
        <div
          class="markdown-rendered"
          ref={(el) => (rendered = el)}
          tabIndex={0}
          role="article"
          aria-label={`Markdown of ${props.label.toLowerCase()}`}
          title="Double-click or press Enter to edit"
          onDblClick={edit}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.target === e.currentTarget && !e.shiftKey) {
              e.preventDefault();
              edit();
            }
          }}
          // Sanitized by src/markdown/sanitize.ts; `{name}` values are escaped text.
          innerHTML={html()}
        />
      }
    >
      <div
        onKeyDown={(e) => {
          if (e.key === 'Escape') render('stay');
        }}
      >
        <CellEditor
          kind="markdown"
          code={props.code}
          label={`Code of ${props.label.toLowerCase()}`}
          onChange={(code) => props.onChange(code)}
          onRun={(mode) => render(mode)}
          ref={(api) => (editor = api)}
        />
      </div>
    </Show>
  );
}
