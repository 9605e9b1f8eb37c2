/**
 * Draws one Vega-Lite spec with the lazily loaded vega-embed (SVG, or a canvas for many
 * rows: see CANVAS_FROM_ROWS; no actions menu). The spec is compiled once per spec and theme; new rows for the same spec go into
 * the running view's dataset (`view.data`), so a re-run redraws without recompiling.
 * After each draw the figure dispatches a bubbling `chart-drawn` event with
 * `{ ms, points }` and bumps `data-draws`, for the caption and for tests.
 */
import { createEffect, createMemo, createSignal, on, onCleanup, Show, type JSX } from 'solid-js';
import type { TopLevelSpec } from 'vega-lite';
import type { VisualizationSpec } from 'vega-embed';
import { loadEmbedder, type ChartRenderer, type EmbedResult, type View } from './load-vega';
import { countMarkItems, type SceneNode } from './scene-points';
import { readThemeColors, themeConfig } from './theme';
import { onSchemeChange } from '../theme/color-scheme';
import { DATASET } from './vega-spec';
import type { ChartRow } from './chart-data';
import { downloadPng, downloadSvg } from './downloads';

export interface ChartDrawn {
  readonly ms: number;
  readonly points: number;
}

export interface VegaChartProps {
  readonly spec: TopLevelSpec;
  /** Rows of the dataset `table`; undefined when the spec carries its own data (Python output). */
  readonly rows?: readonly ChartRow[];
  /** Accessible name of the drawing (role img). */
  readonly name: string;
  /** Id of the element holding the text summary. */
  readonly describedBy?: string;
  /** Base of the downloaded file names. */
  readonly fileName: string;
  readonly onDrawn?: (drawn: ChartDrawn) => void;
}

/**
 * From this many rows a chart is drawn on a canvas. As SVG each mark is an element the
 * page creates, styles and lays out: a scatter plot of 5,000 points took 205-284 ms to
 * draw, in one task, on the slow kind of bench host (profiled: about a quarter of it
 * creating and setting the elements, plus their style and layout), against a limit of
 * 200 ms. Smaller charts stay SVG, whose marks assistive technology can read one by one.
 * The downloads are the same either way (Vega renders the SVG file and the PNG itself).
 */
export const CANVAS_FROM_ROWS = 1_000;

function rendererFor(rows: readonly ChartRow[] | undefined): ChartRenderer {
  return rows !== undefined && rows.length >= CANVAS_FROM_ROWS ? 'canvas' : 'svg';
}

/** vega-typings declare scenegraph() as the root mark; at run time it is the Scenegraph, holding `root`. */
function sceneRoot(view: View): SceneNode {
  return (view.scenegraph() as unknown as { root: SceneNode }).root;
}

export function VegaChart(props: VegaChartProps): JSX.Element {
  let figure: HTMLDivElement | undefined;
  let host: HTMLDivElement | undefined;
  const [view, setView] = createSignal<View>();
  const [error, setError] = createSignal<string>();
  const [scheme, setScheme] = createSignal(0);
  onCleanup(onSchemeChange(() => setScheme((n) => n + 1)));
  let embedded: EmbedResult | undefined;
  let embeddedRenderer: ChartRenderer | undefined;
  // Every embed and every data swap gets a ticket: a slower, older one must not replace or
  // report over a newer one. An embed reads the newest rows when it finishes.
  let ticket = 0;
  let dataTicket = 0;
  let draws = 0;

  const drawn = (v: View, started: number): void => {
    const detail: ChartDrawn = { ms: performance.now() - started, points: countMarkItems(sceneRoot(v)) };
    draws += 1;
    figure?.setAttribute('data-draws', String(draws));
    props.onDrawn?.(detail);
    figure?.dispatchEvent(new CustomEvent<ChartDrawn>('chart-drawn', { bubbles: true, detail }));
  };

  const fail = (reason: unknown): void => {
    setError(reason instanceof Error ? reason.message : String(reason));
  };

  const embed = async (spec: TopLevelSpec, kind: ChartRenderer, mine: number): Promise<void> => {
    const started = performance.now();
    const { embed: run } = await loadEmbedder();
    if (mine !== ticket || !host) return;
    const themed = { ...spec, config: { ...themeConfig(readThemeColors(host)), ...(spec.config ?? {}) } } as VisualizationSpec;
    const result = await run(host, themed, kind);
    if (mine !== ticket) {
      result.finalize();
      return;
    }
    embedded?.finalize();
    embedded = result;
    embeddedRenderer = kind;
    dataTicket += 1;
    const rows = props.rows;
    if (rows) await result.view.data(DATASET, rows).runAsync();
    setError(undefined);
    setView(result.view);
    drawn(result.view, started);
  };

  // A memo, so an equal spec (a re-run rebuilds the object) does not re-embed: `on` alone
  // would call back on every change of its sources, equal or not.
  const specKey = createMemo(() => JSON.stringify(props.spec));
  // New rows that need the other renderer are drawn by a new embed, not into this view.
  const renderer = createMemo(() => rendererFor(props.rows));
  createEffect(
    on([specKey, scheme, renderer], () => {
      ticket += 1;
      embed(props.spec, renderer(), ticket).catch(fail);
    }),
  );

  createEffect(
    on(
      () => props.rows,
      (rows) => {
        const current = embedded;
        if (!rows || !current || rendererFor(rows) !== embeddedRenderer) return;
        const mine = ++dataTicket;
        const started = performance.now();
        current.view
          .data(DATASET, rows)
          .runAsync()
          .then((v) => mine === dataTicket && drawn(v, started))
          .catch(fail);
      },
      { defer: true },
    ),
  );

  onCleanup(() => {
    ticket += 1;
    embedded?.finalize();
  });

  const withView = (action: (v: View, name: string) => Promise<void>) => () => {
    const v = view();
    if (v) action(v, props.fileName).catch(fail);
  };

  return (
    <div class="chart" ref={figure}>
      {/* Vega gives its element the role graphics-document; the name and role are on this wrapper, which hides that detail. */}
      <div role="img" aria-label={props.name} aria-describedby={props.describedBy}>
        <div class="chart-drawing" ref={host} />
      </div>
      <Show when={error()}>{(message) => <div class="error chart-error">Chart failed: {message()}</div>}</Show>
      <div class="chart-actions">
        <button type="button" disabled={!view()} onClick={withView(downloadSvg)}>Download SVG</button>
        <button type="button" disabled={!view()} onClick={withView(downloadPng)}>Download PNG</button>
      </div>
    </div>
  );
}
