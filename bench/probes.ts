/**
 * Functions that run IN THE PAGE (passed to page.addInitScript / page.evaluate): they
 * must not use anything from their module scope, only their arguments and the DOM.
 * Times are performance.now() of the page: ms since its navigation start.
 *
 * "Painted" is approximated as: the DOM shows it, then requestAnimationFrame (runs just
 * before the frame is produced), then a message posted from there (runs after it).
 */
import type { PrecacheInfo, ToServiceWorker } from '../src/offline/sw-protocol';

export type StartupMark = 'editable' | 'kernelReady' | 'firstSqlResult' | 'firstPythonResult';
export type StartupMarks = Partial<Record<StartupMark, number>> & {
  /** When the app's service worker took control: it has stored the app (a first visit only). */
  savedForOffline?: number;
  /**
   * From the tab's first navigation to this load's: a first visit on a host without
   * COOP/COEP reloads once into isolation, and is timed from its first navigation.
   */
  navigationOffset?: number;
};

export interface EditProbeSpec {
  /** 1-based cell number whose output is awaited. */
  readonly cell: number;
  /** The output must read exactly this (a Python cell's text output)... */
  readonly text?: string;
  /**
   * ...or be a new result table with at least one data row painted. A result with the
   * columns of the table on screen is written into that table, not a new one: the edit
   * must change the columns.
   */
  readonly table?: boolean;
  /** Also wait for the cell's status to turn to done again (after leaving done). */
  readonly waitDone?: boolean;
  /** The modifier held with Enter: Control runs the cell in place (the default), Shift runs it and moves on to the next cell. */
  readonly runKey?: 'Control' | 'Shift';
  /**
   * Logged as `ripple-bench:<signal>` once the probe is complete or has failed: the bench
   * waits for that (pageSignal) instead of polling the page, whose every poll was a task
   * on the page's main thread in the middle of the reaction it timed (0.4-5.8 ms, traced).
   */
  readonly signal: string;
}

export interface EditProbeResult {
  /** keydown of Ctrl+Enter (the event's own timestamp: when the input arrived). */
  readonly keydownAt: number;
  /** When the awaited output was first in the DOM (before the frame that paints it). */
  readonly outputInDomAt: number;
  readonly outputAt: number;
  readonly doneAt?: number;
  /** Longest main-thread task between keydown and the end; 0 when none reached 50 ms. */
  readonly longestTaskMs: number;
  /** When the longest task started, from keydown (NaN when none reached 50 ms): beside first rows, or among the later chunks? */
  readonly longestTaskAt: number;
  readonly longTaskApi: boolean;
  readonly status: string;
  /** The result table's footer ("1,000,000 rows", "Showing N of M rows"). */
  readonly footer: string;
  readonly error?: string;
}

declare global {
  interface Window {
    __benchStartup?: StartupMarks;
    __benchEdit?: { complete: boolean; error?: string };
    __benchEditCollect?: () => EditProbeResult;
  }
}

/** Installed before any page script: records when each startup milestone is first painted. */
export function installStartupProbe(): void {
  const marks: StartupMarks = {};
  window.__benchStartup = marks;
  try {
    // The tab's session storage outlives its reloads. (Opaque-origin frames, such as the
    // HTML output frame, have none: they throw, and need no offset.)
    const first = Number(sessionStorage.getItem('ripple-bench:first-navigation') ?? performance.timeOrigin);
    sessionStorage.setItem('ripple-bench:first-navigation', String(first));
    marks.navigationOffset = performance.timeOrigin - first;
  } catch {
    marks.navigationOffset = 0;
  }
  const pending = new Set<StartupMark>();
  const tests: [StartupMark, () => boolean][] = [
    // Cell 1's code takes typing: the plain editor shown until CodeMirror has loaded, or
    // CodeMirror (the timeline's `code editor loaded` mark says when that came).
    ['editable', () => document.querySelector('textarea[aria-label="Code of cell 1"]:not([readonly]), [aria-label="Code of cell 1"][contenteditable="true"]:not([aria-readonly="true"])') !== null],
    ['kernelReady', () => document.querySelector('[aria-label="Kernel state"]')?.textContent?.trim() === 'Kernel: ready'],
    // Sample notebook: cell 3 is the first SELECT (a table), cell 4 the first Python output.
    ['firstSqlResult', () => document.querySelector('[aria-label="Output of cell 3"] [role="table"] [role="row"][aria-rowindex="2"]') !== null],
    ['firstPythonResult', () => document.querySelector('[aria-label="Output of cell 4"] .text-output')?.textContent?.includes('Hello') === true],
  ];
  const check = (): void => {
    for (const [name, test] of tests) {
      if (pending.has(name) || !test()) continue;
      pending.add(name);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          marks[name] = performance.now();
          channel.port1.close();
          // The bench waits for this (pageSignal), not by polling the page.
          if (tests.every(([mark]) => marks[mark] !== undefined)) console.debug('ripple-bench:startup-complete');
        };
        channel.port2.postMessage(null);
      });
    }
    if (pending.size === tests.length) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  // The app's service worker claims the page once its precache is complete (first install).
  navigator.serviceWorker?.addEventListener('controllerchange', () => {
    marks.savedForOffline ??= performance.now();
  });
}

/**
 * Asks the service worker that controls the page how much it keeps for offline use
 * (`precache-info`, the app's message; the baseline's bench-only worker answers it too).
 */
export async function askPrecacheInfo(): Promise<PrecacheInfo> {
  const registration = await navigator.serviceWorker.ready;
  return new Promise((resolve, reject) => {
    const active = registration.active;
    if (!active) return reject(new Error('No active service worker'));
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<PrecacheInfo>) => resolve(event.data);
    active.postMessage({ type: 'precache-info' } satisfies ToServiceWorker, [channel.port2]);
  });
}

/**
 * Armed right before Ctrl+Enter (or Shift+Enter) is pressed in an editor: records the keydown, when the
 * awaited output is painted, when the status is done again, and long tasks meanwhile.
 */
export function armEditProbe(spec: EditProbeSpec): void {
  const region = (): Element | null => document.querySelector(`[aria-label="Output of cell ${spec.cell}"]`);
  const statusText = (): string => document.querySelector(`[aria-label="Cell ${spec.cell}"] [aria-label="Cell status"]`)?.textContent?.trim() ?? '';
  // Weak: the previous table's rows reference its whole result through their handlers;
  // holding it here would keep that result alive and skew the next heap measurement.
  const previous = region()?.querySelector('[role="table"]');
  const oldTable = previous ? new WeakRef(previous) : undefined;
  const state: { complete: boolean; error?: string } = { complete: false };
  window.__benchEdit = state;
  let keydownAt: number | undefined;
  let outputSeen = false;
  let outputInDomAt: number | undefined;
  let outputAt: number | undefined;
  let doneSeen = false;
  let doneAt: number | undefined;
  let leftDone = false;

  const longTasks: PerformanceEntry[] = [];
  let longTaskApi = true;
  let tasks: PerformanceObserver | undefined;
  try {
    tasks = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
    tasks.observe({ type: 'longtask' });
  } catch {
    longTaskApi = false;
  }

  const afterPaint = (record: (t: number) => void): void => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        // Closed: an open port with a handler can outlive its use, and with it everything
        // this closure's scopes hold.
        channel.port1.close();
        record(performance.now());
        finishIfDone();
      };
      channel.port2.postMessage(null);
    });
  };
  let signalled = false;
  const signalIfSettled = (): void => {
    if (signalled || (!state.complete && state.error === undefined)) return;
    signalled = true;
    console.debug(`ripple-bench:${spec.signal}`);
  };
  const finishIfDone = (): void => {
    if (outputAt !== undefined && (!spec.waitDone || doneAt !== undefined)) state.complete = true;
    signalIfSettled();
  };
  const outputReady = (): boolean => {
    const r = region();
    if (!r) return false;
    if (spec.text !== undefined) return r.querySelector('.text-output')?.textContent?.trim() === spec.text;
    const table = r.querySelector('[role="table"]');
    return table !== null && table !== oldTable?.deref() && table.querySelector('[role="row"][aria-rowindex="2"]') !== null;
  };
  const check = (): void => {
    if (keydownAt === undefined) return;
    const status = statusText();
    if (!outputSeen && outputReady()) {
      outputSeen = true;
      outputInDomAt = performance.now();
      afterPaint((t) => (outputAt = t));
      // A quick run reaches the DOM in one render, its new output with its done status
      // (src/notebook/event-window.ts), so its status is never seen leaving done. The
      // first rows of a long one come while it still says running.
      if (status.startsWith('done')) leftDone = true;
    }
    if (status.startsWith('error') || status.startsWith('blocked')) {
      state.error = `cell ${spec.cell}: ${status}: ${region()?.textContent ?? ''}`;
      signalIfSettled();
    }
    if (!status.startsWith('done')) leftDone = true;
    else if (spec.waitDone && leftDone && !doneSeen) {
      doneSeen = true;
      afterPaint((t) => (doneAt = t));
    }
  };
  const mutations = new MutationObserver(check);
  const onKey = (event: KeyboardEvent): void => {
    const modified = spec.runKey === 'Shift' ? event.shiftKey : event.ctrlKey || event.metaKey;
    if (keydownAt !== undefined || event.key !== 'Enter' || !modified) return;
    keydownAt = event.timeStamp;
    mutations.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  };
  window.addEventListener('keydown', onKey, true);

  window.__benchEditCollect = (): EditProbeResult => {
    window.removeEventListener('keydown', onKey, true);
    mutations.disconnect();
    if (tasks) longTasks.push(...tasks.takeRecords());
    tasks?.disconnect();
    const start = keydownAt ?? 0;
    const end = doneAt ?? outputAt ?? performance.now();
    const overlapping = longTasks.filter((t) => t.startTime + t.duration >= start && t.startTime <= end);
    const longest = overlapping.reduce<PerformanceEntry | undefined>((a, t) => (a && a.duration >= t.duration ? a : t), undefined);
    return {
      keydownAt: start,
      outputInDomAt: outputInDomAt ?? NaN,
      outputAt: outputAt ?? NaN,
      ...(doneAt !== undefined ? { doneAt } : {}),
      longestTaskMs: Math.max(0, ...overlapping.map((t) => t.duration)),
      longestTaskAt: longest ? longest.startTime - start : NaN,
      longTaskApi,
      status: statusText(),
      footer: region()?.querySelector('.rt-count')?.textContent?.trim() ?? '',
      ...(state.error ? { error: state.error } : {}),
    };
  };
}

/** Scrolls a result table to its end; ms until its last row is painted. */
export function scrollTableToEnd(cell: number): Promise<number> {
  const table = document.querySelector<HTMLElement>(`[aria-label="Output of cell ${cell}"] [role="table"]`);
  if (!table) return Promise.reject(new Error(`No result table in cell ${cell}`));
  const last = table.getAttribute('aria-rowcount');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`Row ${last} never appeared after scrolling`)), 30_000);
    const found = (): boolean => table.querySelector(`[role="row"][aria-rowindex="${last}"]`) !== null;
    const done = (): void => {
      observer.disconnect();
      clearTimeout(timeout);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve(performance.now() - t0);
        };
        channel.port2.postMessage(null);
      });
    };
    const observer = new MutationObserver(() => {
      if (found()) done();
    });
    observer.observe(table, { subtree: true, childList: true, attributes: true });
    table.scrollTop = table.scrollHeight;
    if (found()) done();
  });
}

/**
 * Runs IN THE PAGE: scrolls a result table from its top to its end in `steps` jumps, one
 * a frame (each step passes more rows than the box shows, so every row on screen is new,
 * as when a person drags the scrollbar), and resolves with the ms until the last step's
 * rows are painted. Long tasks meanwhile are what the scenario reads (startLongTasks).
 */
export function scrollTableThrough([cell, steps]: readonly [number, number]): Promise<number> {
  const table = document.querySelector<HTMLElement>(`[aria-label="Output of cell ${cell}"] [role="table"]`);
  if (!table) return Promise.reject(new Error(`No result table in cell ${cell}`));
  const last = table.getAttribute('aria-rowcount');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`Row ${last} never appeared after scrolling through`)), 60_000);
    let step = 0;
    const next = (): void => {
      const end = table.scrollHeight - table.clientHeight;
      table.scrollTop = Math.round((end * step) / steps);
      step += 1;
      if (step <= steps) return void requestAnimationFrame(next);
      // The last step is in: wait for its row, then for the frame that paints it.
      const painted = (): void => {
        if (!table.querySelector(`[role="row"][aria-rowindex="${last}"]`)) return void requestAnimationFrame(painted);
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          clearTimeout(timeout);
          resolve(performance.now() - t0);
        };
        requestAnimationFrame(() => channel.port2.postMessage(null));
      };
      requestAnimationFrame(painted);
    };
    next();
  });
}

/**
 * Runs IN THE PAGE: clicks the header of `column` in cell `cell`'s table (sorting it
 * ascending) and resolves with the time until the sorted rows are painted. Sorting runs
 * in the click's own task, so the rows are in place when the click returns.
 */
export function sortTableBy([cell, column]: readonly [number, string]): Promise<number> {
  const table = document.querySelector<HTMLElement>(`[aria-label="Output of cell ${cell}"] [role="table"]`);
  const header = [...(table?.querySelectorAll<HTMLElement>('[role="columnheader"]') ?? [])].find((h) => h.querySelector('.rt-name')?.textContent === column);
  if (!header) return Promise.reject(new Error(`No column ${column} in cell ${cell}`));
  const t0 = performance.now();
  header.click();
  if (header.getAttribute('aria-sort') !== 'ascending') return Promise.reject(new Error(`Column ${column} did not sort`));
  // A large table sorts in slices between frames and says "Sorting…" meanwhile: the sort
  // is painted at the first frame after that ends (a small table's, at the next frame).
  const status = document.querySelector(`[aria-label="Output of cell ${cell}"] .rt-status`);
  return new Promise((resolve) => {
    const frame = (): void => {
      if (status?.textContent?.startsWith('Sorting')) return void requestAnimationFrame(frame);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve(performance.now() - t0);
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(frame);
  });
}

declare global {
  interface Window {
    __benchLongTasks?: { entries: PerformanceEntry[]; observer?: PerformanceObserver };
  }
}

/** Starts recording long tasks (for pages without an edit probe: the baseline). */
export function startLongTasks(): boolean {
  const record: { entries: PerformanceEntry[]; observer?: PerformanceObserver } = { entries: [] };
  window.__benchLongTasks = record;
  try {
    record.observer = new PerformanceObserver((list) => record.entries.push(...list.getEntries()));
    record.observer.observe({ type: 'longtask' });
    return true;
  } catch {
    return false;
  }
}

/** The longest task recorded since startLongTasks; 0 when none reached 50 ms. */
export function longestTask(): number {
  const record = window.__benchLongTasks;
  if (!record) return NaN;
  if (record.observer) record.entries.push(...record.observer.takeRecords());
  record.observer?.disconnect();
  return Math.max(0, ...record.entries.map((t) => t.duration));
}
