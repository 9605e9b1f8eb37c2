import type { Page } from 'playwright-core';
import { editor, setCode } from '../../test/e2e/notebook-page';
import type { NotebookFileCell } from '../../src/files/types';
import { importNotebook, reportErrors, type BenchEnv } from '../app';
import { timeEdit } from '../edit';
import { frameFloor } from '../frame-floor';
import type { ScenarioResult } from '../report';
import { summarize, type Stat } from '../stats';
import { collectRunParts, type RunPart } from '../timeline';

const CHAIN = 10;
const WARM_UP_EDITS = 5;
/**
 * Edits made as a person makes them: a pause between the typing and Ctrl+Enter, in which
 * the edit reaches the kernel (150 ms after the last key), its 11 dependents turn stale
 * and their outputs (the SQL table and cell 12's) are dimmed 150 ms later, so the run
 * brings them all back. Back-to-back edits run before any of that; the paused ones
 * showed what those skip (a fade running at the key press: painted p50 28.6 against
 * 16.9 ms without it).
 */
const PAUSED_EDITS = 40;
const PAUSE_MS = 400;
/**
 * The same paused edits run with Shift+Enter, the key that runs a cell and moves on (the
 * habit from Jupyter): the focus moves to the next cell's editor in the key's own task.
 */
const SHIFTED_EDITS = 40;

/** x = 1; SQL `select {x} + 1 as y` named r; then v1 = y + 1, ..., v10 = v9 + 1, shown. */
function notebook(): NotebookFileCell[] {
  const cells: NotebookFileCell[] = [
    { kind: 'python', code: 'x = 1' },
    { kind: 'sql', code: 'select {x} + 1 as y', resultName: 'r' },
  ];
  for (let i = 1; i <= CHAIN; i++) {
    const previous = i === 1 ? "r[0]['y']" : `v${i - 1}`;
    cells.push({ kind: 'python', code: i === CHAIN ? `v${i} = ${previous} + 1\nv${i}` : `v${i} = ${previous} + 1` });
  }
  return cells;
}

/** With x = n, the last cell shows n + 1 (SQL) + CHAIN. */
const expected = (x: number): string => String(x + 1 + CHAIN);
const LAST = 2 + CHAIN;

/**
 * A chain of 10 Python cells behind a SQL cell behind `x = ...`: each edit of x re-runs
 * all 11 dependents. Timed from the Ctrl+Enter keydown to the 10th dependent's new
 * value painted. Baseline: the worker's `x = N` + bound query, per page round trip.
 */
export async function reactive(env: BenchEnv, edits: number): Promise<ScenarioResult> {
  const { page } = await env.app();
  await importNotebook(page, 'Bench: reactive chain', notebook());
  await page.locator(`[aria-label="Output of cell ${LAST}"] .text-output`).filter({ hasText: expected(1) }).waitFor({ timeout: 180_000 });
  const quick = await timedEdits(page, { count: WARM_UP_EDITS + edits, warmUp: WARM_UP_EDITS, firstX: 1000, pauseMs: 0 });
  const paused = await timedEdits(page, { count: PAUSED_EDITS, warmUp: 0, firstX: 100_000, pauseMs: PAUSE_MS });
  const shifted = await timedEdits(page, { count: SHIFTED_EDITS, warmUp: 0, firstX: 200_000, pauseMs: PAUSE_MS, runKey: 'Shift' });
  const { painted: samples, inDom, parts } = quick;
  const breakdown = runBreakdown(parts);

  const baseline = await env.baseline();
  const baseSamples = (await baseline.page.evaluate((n) => window.baseline!.assignQuery(n), WARM_UP_EDITS + edits)).slice(WARM_UP_EDITS);
  // The browser's own share: the same edits on a page that changes the output in its
  // keydown handler (frame-floor.ts), in the baseline's browser.
  const floorSamples = await frameFloor(baseline.context, edits, WARM_UP_EDITS);
  const errors = await env.sharedErrors();
  reportErrors(env, errors, 'reactive');

  const app = summarize(samples, 'ms', true);
  // The same edits up to the DOM change, before the frame that paints it: what the
  // kernel and the page take, apart from the wait for the display's next frame.
  const dom = summarize(inDom, 'ms', true);
  const base = summarize(baseSamples, 'ms', true);
  const floor = summarize(floorSamples.painted, 'ms', true);
  const afterPause = summarize(paused.painted, 'ms', true);
  const afterPauseDom = summarize(paused.inDom, 'ms', true);
  const shiftPainted = summarize(shifted.painted, 'ms', true);
  const shiftDom = summarize(shifted.inDom, 'ms', true);
  const figure = `edit x → ${CHAIN}th dependent painted`;
  const pausedFigure = `edit x, ${PAUSE_MS} ms pause, Ctrl+Enter → ${CHAIN}th dependent painted`;
  const shiftedFigure = `edit x, ${PAUSE_MS} ms pause, Shift+Enter → ${CHAIN}th dependent painted`;
  env.log(`  app p50 ${app.median.toFixed(1)} ms, p95 ${app.p95?.toFixed(1)} ms (in the DOM ${dom.median.toFixed(1)} / ${dom.p95?.toFixed(1)} ms); baseline p50 ${base.median.toFixed(2)} ms; a change made in the keydown handler painted p50 ${floor.median.toFixed(1)} ms, p95 ${floor.p95?.toFixed(1)} ms`);
  env.log(`  after a ${PAUSE_MS} ms pause (outputs dimmed as stale at the key press: ${paused.dimmed.join(' or ')}): p50 ${afterPause.median.toFixed(1)} ms, p95 ${afterPause.p95?.toFixed(1)} ms (in the DOM ${afterPauseDom.median.toFixed(1)} / ${afterPauseDom.p95?.toFixed(1)} ms)`);
  env.log(`  the same with Shift+Enter (run and move on): p50 ${shiftPainted.median.toFixed(1)} ms, p95 ${shiftPainted.p95?.toFixed(1)} ms (in the DOM ${shiftDom.median.toFixed(1)} / ${shiftDom.p95?.toFixed(1)} ms)`);
  env.log(`  its parts, medians: ${Object.entries(breakdown).map(([part, stat]) => `${part} ${stat.median.toFixed(2)} ms`).join(', ')}`);
  return {
    rows: [
      { figure, app, baseline: base, note: 'baseline: x = N + bound query, page round trip' },
      { figure, app, baseline: base, measure: 'p95' },
      { figure, app, baseline: floor, note: "baseline: the browser's floor, the same keys on a page that changes its output in the keydown handler" },
      { figure, app, baseline: floor, measure: 'p95' },
      { figure: `edit x → ${CHAIN}th dependent in the DOM`, app: dom, baseline: base, note: 'before the frame that paints it' },
      { figure: `edit x → ${CHAIN}th dependent in the DOM`, app: dom, baseline: base, measure: 'p95' },
      { figure: pausedFigure, app: afterPause, baseline: floor, note: "as a person edits: the dependents shown stale and dimmed when the run starts; baseline: the browser's floor" },
      { figure: pausedFigure, app: afterPause, baseline: floor, measure: 'p95' },
      { figure: shiftedFigure, app: shiftPainted, baseline: floor, note: "run and move on: the focus moves to the SQL cell's editor in the key's task; baseline: the browser's floor" },
      { figure: shiftedFigure, app: shiftPainted, baseline: floor, measure: 'p95' },
    ],
    details: {
      notebook: notebook(),
      dependents: CHAIN + 1,
      warmUpEdits: WARM_UP_EDITS,
      measuredFrom: 'the Ctrl+Enter (or Shift+Enter) keydown (event.timeStamp) to the last cell output painted (DOM + rAF + message)',
      frameFloor: { painted: floor, inDom: summarize(floorSamples.inDom, 'ms', true) },
      afterPause: { pauseMs: PAUSE_MS, edits: PAUSED_EDITS, painted: afterPause, inDom: afterPauseDom, dimmedAtKeyPress: paused.dimmed, runParts: runBreakdown(paused.parts) },
      afterPauseShiftEnter: { pauseMs: PAUSE_MS, edits: SHIFTED_EDITS, painted: shiftPainted, inDom: shiftDom, dimmedAtKeyPress: shifted.dimmed, runParts: runBreakdown(shifted.parts) },
      runParts: {
        about:
          "each reaction's parts (workers/timeline.ts measureRunPart), summed per reaction: the kernel's run of the cells (kernel), the cells of each kind, the SQL cell's exchanges with the PGlite worker, and the page applying the run's events",
        ...breakdown,
      },
      pageErrors: errors,
    },
  };
}

interface TimedEdits {
  readonly painted: number[];
  readonly inDom: number[];
  readonly parts: Record<string, RunPart>[];
  /** After a pause: how many of the dependents' outputs were dimmed as stale when Ctrl+Enter was pressed, per distinct count. */
  readonly dimmed: number[];
}

interface EditPlan {
  readonly count: number;
  /** The first ones are not recorded. */
  readonly warmUp: number;
  /** x of the first edit, then one more each. */
  readonly firstX: number;
  /** Between the typing and the run key. */
  readonly pauseMs: number;
  /** Held with Enter: Control (the default) or Shift. */
  readonly runKey?: 'Control' | 'Shift';
}

async function timedEdits(page: Page, { count, warmUp, firstX, pauseMs, runKey }: EditPlan): Promise<TimedEdits> {
  const result: TimedEdits = { painted: [], inDom: [], parts: [], dimmed: [] };
  for (let i = 0; i < count; i++) {
    const x = firstX + i;
    let dimmed = 0;
    const edit = await timeEdit(page, { cell: LAST, text: expected(x), runKey }, async () => {
      await setCode(page, 1, `x = ${x}`);
      await editor(page, 1).focus();
      if (pauseMs === 0) return;
      // A person's pause, not a wait for an event: what it lets happen is the point.
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      dimmed = await page.evaluate(() => document.querySelectorAll('.cell-output.earlier').length);
    });
    if (i < warmUp) continue;
    result.painted.push(edit.outputAt - edit.keydownAt);
    result.inDom.push(edit.outputInDomAt - edit.keydownAt);
    result.parts.push(await collectRunParts(page));
    if (pauseMs > 0 && !result.dimmed.includes(dimmed)) result.dimmed.push(dimmed);
  }
  return result;
}

/** Per part, its time in each reaction (0 where a reaction had none of it). */
function runBreakdown(parts: readonly Record<string, RunPart>[]): Record<string, Stat> {
  const names = [...new Set(parts.flatMap((p) => Object.keys(p)))].sort();
  return Object.fromEntries(names.map((name) => [name, summarize(parts.map((p) => p[name]?.ms ?? 0))]));
}
