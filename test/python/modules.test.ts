import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { loadPyodide } from 'pyodide';
import { installPythonModules, type PythonModule } from '../../workers/python/modules';
import { pyodideSnapshot, rippleModules } from '../../scripts/pyodide-snapshot';

// Ripple's Python modules are imported into the memory snapshot the app ships; the
// kernel imports them again at start only when their source differs from the app's.

it('does not import the modules again in an interpreter restored from the app snapshot', async () => {
  const py = await loadPyodide({ _loadSnapshot: gunzipSync(await pyodideSnapshot()) });
  expect(installPythonModules(py, rippleModules())).toBe(false);
  expect(py.runPython('import ripple_runtime, ripple_analysis; ripple_analysis.analyze("x = y")["references"]').toJs()).toEqual(['y']);
  // The snapshot keeps the modules, not their files: a traceback through one still shows its lines.
  expect(py.runPython('import linecache, ripple_runtime; linecache.getline(ripple_runtime.__file__, 1).strip()')).not.toBe('');
}, 60_000);

it('imports every module again when a snapshot holds another source of one of them', async () => {
  const app = rippleModules();
  const stale: PythonModule[] = app.map((m) => (m.name === 'ripple_display' ? { ...m, source: `${m.source}\nSTALE = True\n` } : m));
  const maker = await loadPyodide({ _makeSnapshot: true });
  installPythonModules(maker, stale);
  const py = await loadPyodide({ _loadSnapshot: maker.makeMemorySnapshot() });
  expect(installPythonModules(py, app)).toBe(true);
  expect(
    py.runPython(
      'import sys, ripple_display, ripple_runtime\n' +
        '(hasattr(ripple_display, "STALE"), ripple_runtime.ripple_display is sys.modules["ripple_display"])',
    ).toJs(),
  ).toEqual([false, true]);
}, 60_000);

it('imports the modules in a fresh interpreter, and only once', async () => {
  const py = await loadPyodide();
  expect(installPythonModules(py, rippleModules())).toBe(true);
  expect(installPythonModules(py, rippleModules())).toBe(false);
}, 60_000);
