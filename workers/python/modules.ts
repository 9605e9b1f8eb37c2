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
  pyodide.runPython(
    `import sys, importlib\n` +
      `if ${JSON.stringify(RIPPLE_PY_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(RIPPLE_PY_DIR)})\n` +
      `importlib.invalidate_caches()\n` +
      `import ${name}\n`,
  );
}
