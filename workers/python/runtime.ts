import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import { installPythonModules } from './modules';
import { kernelModules } from './kernel-modules';
import { analyzePython, type PythonAnalysis } from './analysis';
import type { CellOutput, MarkdownValue } from '../protocol';
import type { ColumnCodec } from '../sql/decode';
import type { SqlTable } from '../protocol';
import { blockingSleep } from './blocking-sleep';
import { timedSync } from '../timeline';
import { atomicSignalBuffer } from './interrupt-buffer';
import { readPythonOutput } from './outputs';
import { readMarkdownValues, readParams, readRunResult, readStrings, type PythonParam, type PythonRunResult } from './bridge';

export type LoadPyodide = (options: { indexURL?: string; fullStdLib?: boolean }) => Promise<PyodideAPI>;

export type StreamSink = (name: 'stdout' | 'stderr', text: string) => void;
/** Receives each `display()` output of the running cell, after the text printed before it. */
export type DisplaySink = (output: CellOutput) => void;

export type { PythonParam, PythonRunResult } from './bridge';

type PyCallable = PyProxy & ((...args: unknown[]) => unknown);

/** Python None converts to undefined; everything here (protocol, array encoder) expects null. */
function noneToNull(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(noneToNull);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, noneToNull(item)]));
  }
  return value;
}

/** The inverse for toPy: JS null must arrive in Python as None (toPy makes undefined None). */
function nullToNone(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(nullToNone);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, nullToNone(item)]));
  }
  return value;
}

function toPlain(value: unknown): unknown {
  if (value && typeof value === 'object' && 'toJs' in value) {
    const proxy = value as PyProxy & { toJs(o: object): unknown };
    try {
      return noneToNull(proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false }));
    } finally {
      proxy.destroy();
    }
  }
  return noneToNull(value);
}

/**
 * Pyodide with Ripple's support modules: one shared namespace, streamed stdout/stderr,
 * and an optional interrupt buffer. Everything Python-side lives in the .py files.
 */
export class PythonRuntime {
  private sink: StreamSink = () => {};
  private displaySink: DisplaySink = () => {};
  private pulse: () => void = () => {};
  readonly interruptible: boolean;
  private readonly fns: Record<'run_cell' | 'precompile' | 'bind_params' | 'forget' | 'store_result' | 'variables' | 'markdown_values', PyCallable>;

  private constructor(
    readonly pyodide: PyodideAPI,
    interruptFlag: Int32Array | undefined,
  ) {
    this.interruptible = interruptFlag !== undefined;
    // Installed without a flag too: Python's checks of it are the run's pulses.
    pyodide.setInterruptBuffer(atomicSignalBuffer(interruptFlag, () => this.pulse()));
    installPythonModules(pyodide, kernelModules());
    const runtime = pyodide.pyimport('ripple_runtime') as PyProxy & Record<string, PyCallable>;
    const sql = pyodide.pyimport('ripple_sql') as PyProxy & Record<string, PyCallable>;
    this.fns = {
      run_cell: runtime.run_cell!,
      precompile: runtime.precompile!,
      bind_params: runtime.bind_params!,
      forget: runtime.forget!,
      variables: runtime.variables!,
      markdown_values: runtime.markdown_values!,
      store_result: sql.store_result!,
    };
    runtime.install_sleep!(blockingSleep(interruptFlag, () => this.pulse()));
    const display = pyodide.pyimport('ripple_display') as PyProxy & Record<string, PyCallable>;
    display.set_sink!((output: unknown) => {
      const read = readPythonOutput(toPlain(output));
      if (read) this.displaySink(read);
    });
    display.destroy();
    // Raw writes (not line-batched) so partial lines and progress output stream too.
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    for (const name of ['stdout', 'stderr'] as const) {
      const write = (buffer: Uint8Array): number => {
        this.sink(name, decoders[name].decode(buffer, { stream: true }));
        return buffer.length;
      };
      if (name === 'stdout') pyodide.setStdout({ write, isatty: false });
      else pyodide.setStderr({ write, isatty: false });
    }
    // A memory snapshot freezes the state of every module it holds, `random`'s generator
    // too (some preloaded stdlib module imports it): without a new seed every session
    // drew the same "random" numbers. Seeding from the OS costs microseconds; a normal
    // start is seeded already, and seeding it again changes nothing users can rely on.
    pyodide.runPython('import random\nrandom.seed()');
    // Python line-buffers its text streams, so a partial line would wait for its newline
    // (and land after stderr written later). Write through to the devices instead.
    pyodide.runPython(
      [
        'import io, sys',
        'sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)',
        'sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)',
      ].join('\n'),
    );
  }

  static async start(load: LoadPyodide, options: { indexURL?: string; interruptBuffer?: SharedArrayBuffer }): Promise<PythonRuntime> {
    const pyodide = await load(options.indexURL ? { indexURL: options.indexURL } : {});
    const interruptFlag = options.interruptBuffer ? new Int32Array(options.interruptBuffer) : undefined;
    return timedSync('python: kernel modules', () => new PythonRuntime(pyodide, interruptFlag));
  }

  get version(): { python: string; pyodide: string } {
    return { python: String(this.pyodide.runPython('import sys; sys.version.split()[0]')), pyodide: this.pyodide.version };
  }

  /**
   * Where the running cell's printed text and `display()` outputs go (none: dropped), and
   * what is called now and then while it runs (Python's signal checks, `time.sleep`).
   */
  setRunSinks(sinks?: { stream: StreamSink; display: DisplaySink; pulse?: () => void }): void {
    this.sink = sinks?.stream ?? (() => {});
    this.displaySink = sinks?.display ?? (() => {});
    this.pulse = sinks?.pulse ?? (() => {});
  }

  analyze(code: string): PythonAnalysis {
    return analyzePython(this.pyodide, code);
  }

  /**
   * `labelOf` names a cell file (`<cell-ID>`) as users see it (`Cell 3`), undefined for
   * any other file; Python calls it only for a traceback.
   */
  async runCell(code: string, cellId: string, labelOf: (fileName: string) => string | undefined): Promise<PythonRunResult> {
    return readRunResult(toPlain((await this.fns.run_cell(code, cellId, labelOf)) as unknown));
  }

  /**
   * Compiles a cell into the cache `runCell` reads, running nothing (see `precompile` in
   * ripple_runtime.py). True when its code is in the cache; false leaves the compile, and
   * whatever it reports, to the run.
   */
  precompile(code: string, cellId: string): boolean {
    return this.fns.precompile(code, cellId) === true;
  }

  bindParams(names: readonly string[]): PythonParam[] {
    // Most statements have no parameters: no call into Python for them.
    if (names.length === 0) return [];
    return readParams(toPlain(this.withLists([names], (list) => this.fns.bind_params(list))), names.length);
  }

  /** A Markdown cell's `{name}` values, keyed by name; reads the namespace, runs no cell. */
  markdownValues(names: readonly string[]): Record<string, MarkdownValue> {
    return readMarkdownValues(toPlain(this.withLists([names], (list) => this.fns.markdown_values(list))), names);
  }

  variables(): string[] {
    return readStrings(toPlain(this.fns.variables()), 'list of variable names');
  }

  /** Drops `names` from the namespace and the compiled code of the cells `cellIds`. */
  forget(names: readonly string[], cellIds: readonly string[] = []): void {
    if (names.length > 0 || cellIds.length > 0) this.withLists([names, cellIds], (...lists) => this.fns.forget(...lists));
  }

  /**
   * Calls `call` with each array as a Python list, then releases the lists' proxies: left
   * to Pyodide's finalizers, every SQL cell's run kept its list of names alive until a
   * garbage collection of the kernel's heap came round to it.
   */
  private withLists<T>(arrays: readonly (readonly string[])[], call: (...lists: PyProxy[]) => T): T {
    const lists = arrays.map((array) => this.pyodide.toPy([...array]) as PyProxy);
    try {
      return call(...lists);
    } finally {
      for (const list of lists) list.destroy();
    }
  }

  /** Binds `name` to a SqlResult built from the decoded table. */
  storeSqlResult(name: string, table: SqlTable, codecs: readonly ColumnCodec[]): void {
    const py = this.pyodide;
    // JSON columns go over as the server's text (Python parses it exactly); NULL as
    // undefined, because toPy turns null into `jsnull`, not None.
    const rows = table.rows.map((row, r) => row.map((value, i) => nullToNone(codecs[i]?.pythonTexts?.[r] ?? value)));
    const result = py.toPy(
      {
        name,
        columns: table.columns.map((c) => c.name),
        types: table.columns.map((c) => c.typeName),
        kinds: codecs.map((c) => c.python),
        arrays: codecs.map((c) => c.isArray),
        rows,
        rowCount: table.rowCount,
        command: table.command,
      },
      { depth: -1 },
    ) as PyProxy;
    try {
      this.fns.store_result(result);
    } finally {
      result.destroy();
    }
  }
}
