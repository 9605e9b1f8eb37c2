import { createResource, Show, type JSX } from 'solid-js';

/** `$$x$$`, `$x$`, `\[x\]` or `\(x\)` as IPython's Latex objects write them: the TeX inside. */
export function texOf(latex: string): { tex: string; display: boolean } {
  const s = latex.trim();
  for (const [open, close, display] of [['$$', '$$', true], ['\\[', '\\]', true], ['$', '$', false], ['\\(', '\\)', false]] as const) {
    if (s.length >= open.length + close.length && s.startsWith(open) && s.endsWith(close)) {
      return { tex: s.slice(open.length, s.length - close.length), display };
    }
  }
  return { tex: s, display: true };
}

/**
 * TeX from Python (`_repr_latex_`, `Latex`, `Math`) through KaTeX, loaded on first use so
 * the notebook does not start slower. KaTeX builds its HTML itself; `trust: false` keeps
 * `\href`/`\includegraphics` and the like from making links or requests.
 */
export function LatexOutput(props: { latex: string; label: string }): JSX.Element {
  const [html] = createResource(
    () => props.latex,
    async (latex) => {
      const [{ default: katex }] = await Promise.all([import('katex'), import('katex/dist/katex.min.css')]);
      const { tex, display } = texOf(latex);
      return katex.renderToString(tex, { displayMode: display, throwOnError: false, trust: false, output: 'htmlAndMathml' });
    },
  );
  return (
    <div class="latex-output" role="math" aria-label={props.label}>
      <Show when={html()} fallback={<pre class="text-output">{props.latex}</pre>}>
        {(rendered) => <div innerHTML={rendered()} />}
      </Show>
    </div>
  );
}
