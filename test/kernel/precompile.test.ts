import { expect, it, vi } from 'vitest';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { Kernel } from '../../workers/kernel';
import type { KernelEvent } from '../../workers/protocol';
import { py, sql, testDatabaseOpener, testEnvironment } from './harness';

// A notebook opens while its database starts, and its opening run waits for the database:
// the kernel compiles the Python cells meanwhile, so the run does not have to.
it("compiles a notebook's Python cells while its database opens, and runs none of them", async () => {
  let pyodide: PyodideAPI | undefined;
  let open!: () => void;
  const opening = new Promise<void>((resolve) => (open = resolve));
  const kernel = new Kernel(
    testEnvironment({
      loadPyodide: async (options) => (pyodide = await loadPyodide(options)),
      openDatabase: async (config) => {
        await opening;
        return testDatabaseOpener(config);
      },
    }),
  );
  const events: KernelEvent[] = [];
  await kernel.init({}, (event) => events.push(event));
  const configured = kernel.setDatabaseConfig({ kind: 'pglite', storage: 'memory', name: 'test' });
  await kernel.setCells([py('a', 'a = 41'), sql('s', 'select {a} + 1 as y', 'r'), py('b', 'r.rows[0][0]'), py('bad', 'def (')]);
  const read = (code: string): unknown => pyodide!.runPython(`import ripple_runtime\n${code}`);
  await vi.waitFor(() => expect(read('str(sorted(ripple_runtime._compiled))')).toBe("['a', 'b']"));
  expect(read('"a" in ripple_runtime.NS')).toBe(false);
  const compiledA = read('id(ripple_runtime._compiled["a"][1])');

  open();
  await configured;
  await kernel.runAll();
  expect(events.flatMap((e) => (e.type === 'output' && e.cellId === 'b' ? [e.output] : []))).toEqual([{ type: 'text', text: '42' }]);
  expect(events.some((e) => e.type === 'error' && e.cellId === 'bad')).toBe(true);
  // The run took the code compiled ahead.
  expect(read('id(ripple_runtime._compiled["a"][1])')).toBe(compiledA);
}, 120_000);
