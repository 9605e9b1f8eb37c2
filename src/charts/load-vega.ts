/**
 * The only door to vega-embed: a dynamic import, so Vega (about 1 MB) is fetched the
 * first time a chart is shown, never at start-up. The chunk is still precached for
 * offline use (the service worker precaches every built file).
 */
import type { Result, VisualizationSpec } from 'vega-embed';

export type EmbedResult = Result;
export type View = Result['view'];

/** How Vega draws: an element per mark (SVG), or pixels (canvas). */
export type ChartRenderer = 'svg' | 'canvas';

interface Embedder {
  embed(element: HTMLElement, spec: VisualizationSpec, renderer: ChartRenderer): Promise<EmbedResult>;
}

let loading: Promise<Embedder> | undefined;

/** A new task, so the page can paint and handle input between two module evaluations. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Vega, Vega-Lite and vega-embed are separate chunks, evaluated one task each: a single
 * import of vega-embed would evaluate all of them in one task of several hundred ms on a
 * slow machine, freezing the page while the first chart loads.
 */
async function importInSteps(): Promise<[typeof import('vega-embed'), typeof import('vega-interpreter')]> {
  await import('vega');
  await nextTask();
  await import('vega-lite');
  await nextTask();
  const interpreter = await import('vega-interpreter');
  await nextTask();
  return [await import('vega-embed'), interpreter];
}

/**
 * Loads vega-embed and the expression interpreter once per page. With `ast: true` and the
 * interpreter, Vega evaluates expressions without `new Function`, so the charts keep
 * working under a Content-Security-Policy without 'unsafe-eval'.
 */
export function loadEmbedder(): Promise<Embedder> {
  loading ??= importInSteps().then(([embedModule, interpreter]) => ({
    embed: (element, spec, renderer) =>
      embedModule.default(element, spec, {
        mode: 'vega-lite',
        renderer,
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
