import { createResource, Show, type JSX } from 'solid-js';
import { loadMarkdownRenderer } from '../../markdown/load';

/**
 * Markdown from Python (`_repr_markdown_`, `IPython.display.Markdown`): rendered and
 * sanitized exactly as a Markdown cell is (src/markdown/), with `{name}` left as text.
 * The renderer loads on first use; until then the source shows as it is.
 */
export function MarkdownOutput(props: { markdown: string; label: string }): JSX.Element {
  const [renderer] = createResource(loadMarkdownRenderer);
  return (
    <Show when={renderer()} fallback={<pre class="text-output">{props.markdown}</pre>}>
      {(r) => (
        // Sanitized by src/markdown/sanitize.ts.
        <div class="markdown-output markdown-rendered" role="article" aria-label={props.label} innerHTML={r().renderText(props.markdown)} />
      )}
    </Show>
  );
}
