import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';

/** Where our own Python support modules live inside Pyodide's file system. */
export const RIPPLE_PY_DIR = '/home/pyodide/.ripple';

/** One of Ripple's Python modules: the name it is imported by and its source text. */
export interface PythonModule {
  readonly name: string;
  readonly source: string;
}

/**
 * Ripple's Python modules and their files in workers/python/, in import order (each
 * after those it imports). The kernel worker gets their text from its bundle
 * (kernel-modules.ts), the snapshot build from the disk (scripts/pyodide-snapshot.ts).
 */
export const PYTHON_MODULE_FILES = [
  { name: 'ripple_display', file: 'ripple_display.py' },
  { name: 'ripple_runtime', file: 'ripple_runtime.py' },
  { name: 'ripple_sql', file: 'ripple_sql.py' },
  { name: 'ripple_nesting', file: 'ripple_nesting.py' },
  { name: 'ripple_scopes', file: 'ripple_scopes.py' },
  { name: 'ripple_analysis', file: 'analysis.py' },
] as const;

export type PythonModuleName = (typeof PYTHON_MODULE_FILES)[number]['name'];

/**
 * Imports the modules unless this interpreter holds them already with exactly this
 * source: an interpreter restored from the memory snapshot imported them when the app
 * was built, and compiling them again took 110-370 ms of every start in the browser.
 * Each imported module keeps its source (`__ripple_source__`) for the comparison. If
 * any module differs (a snapshot of other sources, e.g. a dev server's after an edit),
 * all of them are imported again, so no module keeps a reference to a stale one; a
 * snapshot can therefore never run code other than the app's own.
 */
const INSTALL = `
def _ripple_install(directory, modules):
    import importlib, sys
    if directory not in sys.path:
        sys.path.insert(0, directory)
    # Only this directory's finder is dropped (it may have listed the directory before
    # the files existed): importlib.invalidate_caches() also imports importlib.metadata,
    # which took 135 ms of every start-up.
    sys.path_importer_cache.pop(directory, None)
    if all(getattr(sys.modules.get(name), "__ripple_source__", None) == source for name, source in modules):
        return False
    for name, _ in modules:
        sys.modules.pop(name, None)
    for name, source in modules:
        importlib.import_module(name).__ripple_source__ = source
    return True
_ripple_install
`;

/** Per interpreter: how many times the modules were imported (anew) by installPythonModules. */
const generations = new WeakMap<PyodideAPI, number>();

/**
 * Changes whenever installPythonModules imported the modules again: a Python object
 * taken from one of them before (a function kept to save a lookup) is then stale.
 */
export function moduleGeneration(pyodide: PyodideAPI): number {
  return generations.get(pyodide) ?? 0;
}

/** Per interpreter: the sources already installed by name, so a second call costs nothing. */
const installed = new WeakMap<PyodideAPI, Map<string, string>>();

/**
 * Writes the modules into Pyodide's in-memory file system (tracebacks and `linecache`
 * read them there; a snapshot keeps the modules but not the files) and imports them
 * unless they are there already. Returns whether it imported them.
 */
export function installPythonModules(pyodide: PyodideAPI, modules: readonly PythonModule[]): boolean {
  const known = installed.get(pyodide) ?? new Map<string, string>();
  installed.set(pyodide, known);
  if (modules.every((m) => known.get(m.name) === m.source)) return false;
  pyodide.FS.mkdirTree(RIPPLE_PY_DIR);
  for (const m of modules) pyodide.FS.writeFile(`${RIPPLE_PY_DIR}/${m.name}.py`, m.source);
  const install = pyodide.runPython(INSTALL) as PyProxy & ((directory: string, modules: unknown) => boolean);
  const list = pyodide.toPy(modules.map((m) => [m.name, m.source])) as PyProxy;
  try {
    const imported = install(RIPPLE_PY_DIR, list);
    for (const m of modules) known.set(m.name, m.source);
    if (imported) generations.set(pyodide, moduleGeneration(pyodide) + 1);
    return imported;
  } finally {
    list.destroy();
    install.destroy();
  }
}
