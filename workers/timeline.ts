/**
 * Start-up phases as User Timing measures named `ripple:<phase>`, in whatever global
 * runs the code (the kernel worker, the page, or Node in tests). Nothing reads them in
 * the app: `npm run bench` collects them from the page and its workers (with their
 * resource timings) into the start-up timeline. A mark costs about a microsecond.
 */

export const TIMELINE_PREFIX = 'ripple:';

/** Records `[start, now]` as the measure `ripple:<name>`; never throws (timing is not worth a failure). */
export function measureSince(name: string, start: number): void {
  try {
    performance.measure(`${TIMELINE_PREFIX}${name}`, { start, end: performance.now() });
  } catch {
    // A global without User Timing (or a clock that moved): no measure.
  }
}

/** Runs `work` and records how long it took, even when it fails. */
export async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    measureSince(name, start);
  }
}

/** The same for synchronous work. */
export function timedSync<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    measureSince(name, start);
  }
}

/**
 * The parts of the last run (of cells, or of the page applying a run's events), as
 * measures `ripple:run: <part>`, several of a part summed by the reader: `npm run bench`
 * reads them after each reaction. Unlike the start-up's, these would pile up over a
 * session (the browser keeps every measure until it is cleared), so each run clears the
 * last one's first and a session keeps one run's worth.
 */
const RUN_PART = 'run: ';
export const RUN_PREFIX = `${TIMELINE_PREFIX}${RUN_PART}`;

/**
 * The parts' names measured in this global since the last run started: clearing them by
 * name spares every run a read of all the measures (`getEntriesByType` copies the list).
 */
const measuredParts = new Set<string>();

/** Clears the previous run's parts (call as a run starts). */
export function startRunTimeline(): void {
  try {
    for (const name of measuredParts) performance.clearMeasures(name);
  } catch {
    // As measureSince.
  }
  measuredParts.clear();
}

/** Records `[start, now]` as one `ripple:run: <part>`. */
export function measureRunPart(part: string, start: number): void {
  measuredParts.add(`${RUN_PREFIX}${part}`);
  measureSince(`${RUN_PART}${part}`, start);
}

/** The same where nothing says when a run starts (the page): replaces the part's last measure. */
export function measureLastRunPart(part: string, start: number): void {
  try {
    performance.clearMeasures(`${RUN_PREFIX}${part}`);
  } catch {
    // As measureSince.
  }
  measureRunPart(part, start);
}

/** Records a moment as the mark `ripple:<name>` (once is enough: later ones are ignored by the reader). */
export function markNow(name: string): void {
  try {
    performance.mark(`${TIMELINE_PREFIX}${name}`);
  } catch {
    // As above.
  }
}

/** Short names of the wasm modules the kernel compiles, from their URLs. */
function wasmName(source: unknown): string {
  const url = source instanceof Response ? source.url : '';
  const file = url.split('/').pop()?.split('?')[0] ?? '';
  return file.replace(/-[\w-]{8}(?=\.wasm$)/, '') || 'wasm';
}

/**
 * Wraps WebAssembly's compile and instantiate functions of this global so each call is
 * measured as `wasm compile: <file>`: the engines compile inside their own loaders,
 * and this is the one place both pass through. The wrapped functions behave exactly as
 * before (same arguments, same result, same errors).
 */
export function measureWasmCompiles(wasm: typeof WebAssembly = WebAssembly): void {
  const streaming = wasm.instantiateStreaming?.bind(wasm);
  if (streaming) {
    wasm.instantiateStreaming = async (source, imports) => {
      const resolved = await source;
      return timed(`wasm compile: ${wasmName(resolved)}`, () => streaming(resolved, imports));
    };
  }
  const compileStreaming = wasm.compileStreaming?.bind(wasm);
  if (compileStreaming) {
    wasm.compileStreaming = async (source) => {
      const resolved = await source;
      return timed(`wasm compile: ${wasmName(resolved)}`, () => compileStreaming(resolved));
    };
  }
  const instantiate = wasm.instantiate.bind(wasm) as (bytes: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => Promise<unknown>;
  wasm.instantiate = ((bytes: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) =>
    // An already compiled Module only links: not a compile.
    bytes instanceof wasm.Module ? instantiate(bytes, imports) : timed(`wasm compile: ${(bytes as ArrayBuffer).byteLength} bytes`, () => instantiate(bytes, imports))) as typeof WebAssembly.instantiate;
}
