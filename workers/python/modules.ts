import type { PyodideAPI } from 'pyodide';

/** Where our own Python support modules live inside Pyodide's file system. */
export const RIPPLE_PY_DIR = '/home/pyodide/.ripple';

/**
 * Writes a Python module (source shipped with the app, imported with `?raw`) into
 * Pyodide's in-memory file system and imports it, so it is importable by name.
 */
export function installPythonModule(pyodide: PyodideAPI, name: string, source: string): void {
  pyodide.FS.mkdirTree(RIPPLE_PY_DIR);
  pyodide.FS.writeFile(`${RIPPLE_PY_DIR}/${name}.py`, source);
  // Only this directory's finder is dropped (it may have listed the directory before the
  // file existed): importlib.invalidate_caches() also imports importlib.metadata, which
  // took 135 ms of every start-up.
  pyodide.runPython(
    `import sys\n` +
      `if ${JSON.stringify(RIPPLE_PY_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(RIPPLE_PY_DIR)})\n` +
      `sys.path_importer_cache.pop(${JSON.stringify(RIPPLE_PY_DIR)}, None)\n` +
      `import ${name}\n`,
  );
}
