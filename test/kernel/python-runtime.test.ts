import { beforeAll, expect, it } from 'vitest';
import { loadPyodide } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import { PythonRuntime } from '../../workers/python/runtime';

// The kernel's Python runtime on a real Pyodide: what a cell's run sends back across the
// bridge, and how TypeScript reads it.
let runtime: PythonRuntime;
const noLabel = (): undefined => undefined;

beforeAll(async () => {
  runtime = await PythonRuntime.start((options) => loadPyodide(options), {});
}, 120_000);

it('a cell that shows nothing comes back as None, not as a dict to convert', async () => {
  const module = runtime.pyodide.pyimport('ripple_runtime') as PyProxy & { run_cell(code: string, id: string, labelOf: () => undefined): unknown };
  const sent = [module.run_cell('quiet = 1', 'q1', noLabel), module.run_cell('quiet + 1', 'q2', noLabel)];
  module.destroy();
  const shown = sent[1] as PyProxy & { toJs(options: object): unknown };
  expect({ quiet: sent[0], shown: shown.toJs({ dict_converter: Object.fromEntries }) }).toEqual({
    quiet: undefined,
    shown: { ok: true, output: { type: 'text', text: '2' } },
  });
  shown.destroy();
});

it('reads every kind of result', async () => {
  expect(await runtime.runCell('a = 41', 'c1', noLabel)).toEqual({ ok: true, output: null });
  expect(await runtime.runCell('a + 1', 'c2', noLabel)).toEqual({ ok: true, output: { type: 'text', text: '42' } });
  expect(await runtime.runCell('import asyncio\nawait asyncio.sleep(0)\nb = a', 'c3', noLabel)).toEqual({ ok: true, output: null });
  expect(await runtime.runCell('import asyncio\nawait asyncio.sleep(0)\nb + 1', 'c4', noLabel)).toEqual({ ok: true, output: { type: 'text', text: '42' } });
  expect(await runtime.runCell('1 / 0', 'c5', noLabel)).toMatchObject({ ok: false, ename: 'ZeroDivisionError', line: 1, interrupted: false });
});

it('releases the lists it hands to Python when the call returns', () => {
  // A profile hook keeps each list the bridge passes in; afterwards a list nothing else
  // holds has the same reference count as a control list kept the same way. A proxy left
  // to Pyodide's finalizer would hold one reference more.
  runtime.pyodide.runPython(`
import sys
_kept = []
def _keep(frame, event, arg):
    if event == "call" and frame.f_code.co_name in ("bind_params", "markdown_values", "forget"):
        _kept.extend(frame.f_locals[name] for name in ("names", "cell_ids") if name in frame.f_locals)
sys.setprofile(_keep)
`);
  try {
    runtime.bindParams(['a']);
    runtime.markdownValues(['a']);
    runtime.forget(['gone'], ['c9']);
  } finally {
    runtime.pyodide.runPython('sys.setprofile(None)');
  }
  const counts = runtime.pyodide.runPython(`
_control = [["a"]]
[sys.getrefcount(kept) - sys.getrefcount(_control[0]) for kept in _kept]
`) as PyProxy & { toJs(): unknown };
  expect(counts.toJs()).toEqual([0, 0, 0, 0]);
  counts.destroy();
});

it('compiles a cell ahead without running it, and its run uses that code', async () => {
  const compiled = (id: string): unknown => runtime.pyodide.runPython(`import ripple_runtime\nid(ripple_runtime._compiled["${id}"][1])`);
  expect(runtime.precompile('ahead = 1\nahead + 1', 'p1')).toBe(true);
  expect(runtime.pyodide.runPython('import ripple_runtime\n"ahead" in ripple_runtime.NS')).toBe(false);
  const before = compiled('p1');
  expect(await runtime.runCell('ahead = 1\nahead + 1', 'p1', noLabel)).toEqual({ ok: true, output: { type: 'text', text: '2' } });
  expect(compiled('p1')).toBe(before);
  // Edited since: the run compiles the new code.
  expect(await runtime.runCell('ahead = 2\nahead + 1', 'p1', noLabel)).toEqual({ ok: true, output: { type: 'text', text: '3' } });
});

it('leaves a cell that warns or does not compile to its run, which reports it', async () => {
  const stderr: string[] = [];
  const code = 'pattern = "\\d+"';
  expect(runtime.precompile(code, 'p2')).toBe(false);
  expect(runtime.precompile('def (', 'p3')).toBe(false);
  runtime.setRunSinks({ stream: (name, text) => void (name === 'stderr' && stderr.push(text)), display: () => {} });
  try {
    expect(await runtime.runCell(code, 'p2', noLabel)).toEqual({ ok: true, output: null });
    expect(await runtime.runCell('def (', 'p3', noLabel)).toMatchObject({ ok: false, ename: 'SyntaxError' });
  } finally {
    runtime.setRunSinks();
  }
  expect(stderr.join('')).toContain("SyntaxWarning: \"\\d\" is an invalid escape sequence");
});
