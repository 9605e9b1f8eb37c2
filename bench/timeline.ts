import type { Page } from 'playwright-core';
import type { AppStartup } from './scenarios/startup';

/** One start-up phase, in ms from the page's navigation start. */
export interface Phase {
  readonly phase: string;
  /** 'page', 'kernel worker', 'pglite worker'; on the floor page (bench/floor/), 'python worker' too. */
  readonly where: string;
  readonly start: number;
  readonly end: number;
}

interface RawEntry {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Runs IN THE PAGE or IN A WORKER (page.evaluate / worker.evaluate): the app's
 * `ripple:` marks and measures (workers/timeline.ts) and the fetches of the engines'
 * files, on this global's clock, with its origin so the reader can align the clocks.
 */
export function readTimeline(): { origin: number; entries: RawEntry[] } {
  const entries: RawEntry[] = [];
  for (const e of performance.getEntriesByType('measure')) {
    if (e.name.startsWith('ripple:')) entries.push({ name: e.name.slice('ripple:'.length), start: e.startTime, end: e.startTime + e.duration });
  }
  for (const e of performance.getEntriesByType('mark')) {
    if (e.name.startsWith('ripple:')) entries.push({ name: e.name.slice('ripple:'.length), start: e.startTime, end: e.startTime });
  }
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const file = new URL(e.name).pathname.split('/').pop() ?? '';
    // The engines' files and the app's entry chunks; hashed names lose their hash.
    if (!/pyodide|pglite|python_stdlib|snapshot|template|^index|kernel-worker|pglite-worker/.test(file)) continue;
    entries.push({ name: `fetch ${file.replace(/-[\w-]{8}(?=\.)/, '')}`, start: e.startTime, end: e.responseEnd });
  }
  return { origin: performance.timeOrigin, entries };
}

/**
 * The page's, its kernel worker's and the kernel's PGlite worker's phases, on the page's
 * clock, by start time; the painted milestones too. (Playwright lists nested workers
 * with the page's own.)
 */
export async function collectTimeline(page: Page, marks: AppStartup): Promise<Phase[]> {
  const phases = await collectPhases(page);
  const painted: [keyof AppStartup, string][] = [
    ['editable', 'painted: notebook editable'],
    ['kernelReady', 'painted: kernel ready'],
    ['firstSqlResult', 'painted: first SQL result'],
    ['firstPythonResult', 'painted: first Python result'],
  ];
  for (const [mark, phase] of painted) {
    const at = marks[mark];
    if (typeof at === 'number') phases.push({ phase, where: 'page', start: at, end: at });
  }
  return phases.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The page's and its workers' phases (the floor page's too), on the page's clock, unsorted. */
export async function collectPhases(page: Page): Promise<Phase[]> {
  const own = await page.evaluate(readTimeline);
  const phases: Phase[] = own.entries.map((e) => ({ phase: e.name, where: 'page', start: e.start, end: e.end }));
  for (const worker of page.workers()) {
    const url = worker.url();
    const where = url.includes('kernel-worker') ? 'kernel worker' : url.includes('pglite-worker') ? 'pglite worker' : url.includes('python-worker') ? 'python worker' : undefined;
    if (!where) continue;
    const theirs = await worker.evaluate(readTimeline);
    const shift = theirs.origin - own.origin;
    for (const e of theirs.entries) phases.push({ phase: e.name, where, start: e.start + shift, end: e.end + shift });
  }
  return phases;
}

/** `  1234–2345 ms  kernel worker  python: interpreter from snapshot (1111 ms)` */
export function describeTimeline(phases: readonly Phase[]): string[] {
  return phases.map((p) => {
    const span = p.end > p.start ? `${Math.round(p.start)}–${Math.round(p.end)} ms` : `${Math.round(p.start)} ms`;
    const length = p.end > p.start ? ` (${Math.round(p.end - p.start)} ms)` : '';
    return `    ${span.padEnd(16)} ${p.where.padEnd(13)} ${p.phase}${length}`;
  });
}

/** One part of a run (workers/timeline.ts `measureRunPart`): its measures summed. */
export interface RunPart {
  readonly ms: number;
  readonly count: number;
}

/** Runs IN THE PAGE or IN A WORKER: the last run's `ripple:run: <part>` measures, summed by part. */
export function readRunParts(): Record<string, RunPart> {
  const parts: Record<string, RunPart> = {};
  for (const e of performance.getEntriesByType('measure')) {
    if (!e.name.startsWith('ripple:run: ')) continue;
    const part = e.name.slice('ripple:run: '.length);
    const sum = parts[part] ?? { ms: 0, count: 0 };
    parts[part] = { ms: sum.ms + e.duration, count: sum.count + 1 };
  }
  return parts;
}

/** The last run's parts in the page and its kernel worker (where the kernel's and its PGlite client's are). */
export async function collectRunParts(page: Page): Promise<Record<string, RunPart>> {
  const kernel = page.workers().find((worker) => worker.url().includes('kernel-worker'));
  return { ...(await page.evaluate(readRunParts)), ...(kernel ? await kernel.evaluate(readRunParts) : {}) };
}
