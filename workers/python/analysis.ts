import type { PyodideAPI } from 'pyodide';
import { kernelModules } from './kernel-modules';
import { installPythonModules, moduleGeneration, type PythonModuleName } from './modules';
import type { PyCallable } from 'pyodide/ffi';

/** Global names a Python cell binds (`defines`) and reads from other cells (`references`). */
export interface PythonAnalysis {
  readonly defines: readonly string[];
  readonly references: readonly string[];
  /** Present when the cell does not compile; `line`/`column` are 1-based, relative to the cell text. */
  readonly syntaxError?: PythonSyntaxError;
}

/** Name the Python side is importable as inside Pyodide. */
const MODULE_NAME = 'ripple_analysis' satisfies PythonModuleName;

/** Installs the analysis module and the two it imports (once per pyodide instance). */
export function installAnalysis(pyodide: PyodideAPI): void {
  installPythonModules(pyodide, kernelModules(['ripple_nesting', 'ripple_scopes', MODULE_NAME]));
}

/**
 * Finds the global names a cell defines and references, using Python's own `ast`
 * (the cell is parsed and compiled, never executed). Installs the module if needed.
 */
export function analyzePython(pyodide: PyodideAPI, code: string): PythonAnalysis {
  // The JS string crosses the FFI as a Python `str`: the code is data, never source text.
  const result: unknown = analyzer(pyodide)(code);
  try {
    return parseAnalysis(result instanceof pyodide.ffi.PyProxy ? result.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false }) : result);
  } finally {
    if (result instanceof pyodide.ffi.PyProxy) result.destroy();
  }
}

/**
 * `analyze` of the module installed now, per interpreter. Looked up once per install:
 * `pyimport` on every edit took about 0.2 ms of it (profiled in Node). When the modules are
 * imported again (other sources, see installPythonModules), the function kept belongs
 * to the old module and is looked up anew.
 */
const analyzers = new WeakMap<PyodideAPI, { readonly fn: PyCallable; readonly generation: number }>();

function analyzer(pyodide: PyodideAPI): PyCallable {
  const kept = analyzers.get(pyodide);
  if (kept && kept.generation === moduleGeneration(pyodide)) return kept.fn;
  kept?.fn.destroy();
  installAnalysis(pyodide);
  const generation = moduleGeneration(pyodide);
  const analyze: unknown = pyodide.pyimport(`${MODULE_NAME}.analyze`);
  if (!(analyze instanceof pyodide.ffi.PyCallable)) {
    if (analyze instanceof pyodide.ffi.PyProxy) analyze.destroy();
    throw new Error(`${MODULE_NAME}.analyze is not callable`);
  }
  analyzers.set(pyodide, { fn: analyze, generation });
  return analyze;
}

/** `formatted`: Python's format_exception_only() text, with the file named `<cell>`. */
export interface PythonSyntaxError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** `SyntaxError`, `IndentationError` or `TabError`. */
  readonly ename: string;
  readonly formatted?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new TypeError(`${MODULE_NAME}: "${field}" is not a list of strings`);
  }
  return value;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${MODULE_NAME}: "${field}" is not a positive integer`);
  }
  return value;
}

function parseAnalysis(raw: unknown): PythonAnalysis {
  if (!isRecord(raw)) throw new TypeError(`${MODULE_NAME}: analysis result is not a dict`);
  const defines = stringList(raw['defines'], 'defines');
  const references = stringList(raw['references'], 'references');
  const error = raw['syntax_error'];
  if (error === undefined || error === null) return { defines, references };
  if (!isRecord(error) || typeof error['message'] !== 'string') {
    throw new TypeError(`${MODULE_NAME}: malformed "syntax_error"`);
  }
  return {
    defines,
    references,
    syntaxError: {
      message: error['message'],
      line: positiveInteger(error['line'], 'syntax_error.line'),
      column: positiveInteger(error['column'], 'syntax_error.column'),
      ename: typeof error['ename'] === 'string' ? error['ename'] : 'SyntaxError',
      ...(typeof error['formatted'] === 'string' ? { formatted: error['formatted'] } : {}),
    },
  };
}
