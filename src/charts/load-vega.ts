/**
 * The only door to vega-embed: a dynamic import, so Vega (about 1 MB) is fetched the
 * first time a chart is shown, never at start-up. The chunk is still precached for
 * offline use (the service worker precaches every built file).
 */
import type { Result, VisualizationSpec } from 'vega-embed';

export type EmbedResult = Result;
export type View = Result['view'];

interface Embedder {
  embed(element: HTMLElement, spec: VisualizationSpec): Promise<EmbedResult>;
}

let loading: Promise<Embedder> | undefined;

/**
 * Loads vega-embed and the expression interpreter once per page. With `ast: true` and the
 * interpreter, Vega evaluates expressions without `new Function`, so the charts keep
 * working under a Content-Security-Policy without 'unsafe-eval'.
 */
export function loadEmbedder(): Promise<Embedder> {
  loading ??= Promise.all([import('vega-embed'), import('vega-interpreter')]).then(([embedModule, interpreter]) => ({
    embed: (element, spec) =>
      embedModule.default(element, spec, {
        mode: 'vega-lite',
        renderer: 'svg',
        actions: false,
        ast: true,
        expr: interpreter.expressionInterpreter,
        // Our own tooltip-free hover: the default handler adds a stylesheet to the page.
        tooltip: false,
      }),
  }));
  loading.catch(() => {
    loading = undefined; // a failed fetch (offline, first visit) is tried again next time
  });
  return loading;
}
