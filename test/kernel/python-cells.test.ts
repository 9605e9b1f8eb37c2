import { beforeAll, describe, expect, it } from 'vitest';
import { py, startTestKernel, type TestKernel } from './harness';
import type { CellError, KernelEvent } from '../../workers/protocol';

// Python cells as a user sees them: outputs, streams and tracebacks, through a real
// kernel (real Pyodide). Each test loads its own cells, so `Cell N` is the position
// within that test's notebook.
describe('python cells', () => {
  let k: TestKernel;

  beforeAll(async () => {
    k = await startTestKernel();
  }, 120_000);

  /** Events of one cell from `mark` on. */
  const eventsOf = (id: string, mark: number): KernelEvent[] => k.since(mark).filter((e) => 'cellId' in e && e.cellId === id);

  const outputsOf = (id: string, mark: number) => eventsOf(id, mark).flatMap((e) => (e.type === 'output' ? [e.output] : []));

  /** The cell's stream events from `mark` on, consecutive chunks of one stream merged (batching is not behaviour). */
  const streamsOf = (id: string, mark: number): { name: string; text: string }[] => {
    const merged: { name: string; text: string }[] = [];
    for (const e of eventsOf(id, mark)) {
      if (e.type !== 'stream') continue;
      const last = merged.at(-1);
      if (last && last.name === e.name) last.text += e.text;
      else merged.push({ name: e.name, text: e.text });
    }
    return merged;
  };

  const INTERNALS = ['_pyodide', 'pyodide', 'ripple_runtime', 'eval_code_async', '<cell-', '<exec>'];
  /** Kernel-internal names that leak into a Python error. */
  const leaks = (error: CellError | undefined): string[] =>
    error?.kind === 'python' ? INTERNALS.filter((s) => error.traceback.includes(s) || error.evalue.includes(s)) : ['not a python error'];

  it('shows the repr of a trailing expression as text', async () => {
    const mark = k.events.length;
    await k.load([py('repr', 'items = [1, "a", None]\nitems')]);
    expect({ status: k.status('repr'), outputs: outputsOf('repr', mark) }).toEqual({
      status: 'done',
      outputs: [{ type: 'text', text: "[1, 'a', None]" }],
    });
  });

  it('runs unchanged code again without compiling it again, and edited code as edited', async () => {
    // Each run records the code object it executes (the namespace outlives the runs).
    const code = "import sys\nseen = globals().setdefault('_seen', [])\nseen.append(sys._getframe().f_code)\nlen(seen), seen[0] is seen[-1]";
    await k.load([py('again', code)]);
    await k.edit(py('again', code), 0);
    expect(k.output('again')).toEqual({ type: 'text', text: '(2, True)' });
    await k.edit(py('again', `${code}  # edited`), 0);
    expect(k.output('again')).toEqual({ type: 'text', text: '(3, False)' });
  });

  it("drops a deleted cell's compiled code", async () => {
    const probe = "import ripple_runtime\n'short-lived' in ripple_runtime._compiled";
    await k.load([py('short-lived', 'short_lived = 1'), py('compiled-probe', probe)]);
    const before = k.output('compiled-probe');
    await k.kernel.deleteCell('short-lived');
    await k.edit(py('compiled-probe', `${probe}  # again`), 0);
    expect({ before, after: k.output('compiled-probe') }).toEqual({ before: { type: 'text', text: 'True' }, after: { type: 'text', text: 'False' } });
  });

  it('shows nothing for a trailing expression that is None', async () => {
    const mark = k.events.length;
    await k.load([py('none-fn', 'def nothing():\n    return None'), py('none', 'nothing()')]);
    expect({ status: k.status('none'), outputs: outputsOf('none', mark) }).toEqual({ status: 'done', outputs: [] });
  });

  it('suppresses the output of a trailing expression ending with `;`', async () => {
    const mark = k.events.length;
    await k.load([py('semi', '1 + 1;'), py('semi-comment', '2 + 2;  # quiet please')]);
    expect({
      status: [k.status('semi'), k.status('semi-comment')],
      outputs: [...outputsOf('semi', mark), ...outputsOf('semi-comment', mark)],
    }).toEqual({ status: ['done', 'done'], outputs: [] });
  });

  it('shows an object with _repr_html_ as html', async () => {
    const mark = k.events.length;
    await k.load([
      py('html', 'class Badge:\n    def _repr_html_(self):\n        return "<b>new</b>"\n    def __repr__(self):\n        return "Badge()"\nBadge()'),
    ]);
    expect(outputsOf('html', mark)).toEqual([{ type: 'html', html: '<b>new</b>' }]);
  });

  it('shows a Vega-Lite dict or mime bundle as a vegalite output, and anything else as before', async () => {
    const mark = k.events.length;
    const spec = '{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "bar", "data": {"values": [{"a": 1}]}}';
    await k.load([
      py('dict', spec),
      py('bundle', `class Chart:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n        return {"application/vnd.vegalite.v5+json": ${spec}, "text/plain": "Chart"}\nChart()`),
      py('other-schema', '{"$schema": "https://vega.github.io/schema/vega/v5.json"}'),
      py('not-json', '{"$schema": "vega-lite", "x": float("nan")}'),
    ]);
    const parsed = (id: string) => outputsOf(id, mark).map((o) => (o.type === 'vegalite' ? { vegalite: JSON.parse(o.spec) as unknown } : o));
    const expected = { vegalite: JSON.parse(spec) as unknown };
    expect([parsed('dict'), parsed('bundle'), parsed('other-schema'), parsed('not-json')]).toEqual([
      [expected],
      [expected],
      [{ type: 'text', text: "{'$schema': 'https://vega.github.io/schema/vega/v5.json'}" }],
      [{ type: 'text', text: "{'$schema': 'vega-lite', 'x': nan}" }],
    ]);
  });

  it('streams stdout and stderr lines in the order they were printed', async () => {
    const mark = k.events.length;
    await k.load([py('prints', 'import sys\nprint("one")\nprint("two", file=sys.stderr)\nprint("three")\nprint("four", file=sys.stderr)')]);
    expect(streamsOf('prints', mark)).toEqual([
      { name: 'stdout', text: 'one\n' },
      { name: 'stderr', text: 'two\n' },
      { name: 'stdout', text: 'three\n' },
      { name: 'stderr', text: 'four\n' },
    ]);
  });

  // runtime.ts forwards raw writes "so partial lines and progress output stream too":
  // text printed without a newline must not be held back behind later stderr output.
  it('streams a partial stdout line before stderr printed after it', async () => {
    const mark = k.events.length;
    await k.load([py('partial', 'import sys\nprint("working...", end="")\nprint("careful", file=sys.stderr)\nprint(" done")')]);
    expect(streamsOf('partial', mark)).toEqual([
      { name: 'stdout', text: 'working...' },
      { name: 'stderr', text: 'careful\n' },
      { name: 'stdout', text: ' done\n' },
    ]);
  });

  it('delivers 10,000 printed lines complete, in far fewer stream events', async () => {
    const mark = k.events.length;
    await k.load([py('many', 'for i in range(10_000):\n    print(i)')]);
    const expected = Array.from({ length: 10_000 }, (_, i) => `${i}\n`).join('');
    const streamEvents = eventsOf('many', mark).filter((e) => e.type === 'stream');
    const text = streamEvents.map((e) => (e.type === 'stream' ? e.text : '')).join('');
    expect({
      status: k.status('many'),
      complete: text === expected,
      lines: text.split('\n').length - 1,
      batched: streamEvents.length <= 500,
    }).toEqual({ status: 'done', complete: true, lines: 10_000, batched: true });
  });

  it('reports a ZeroDivisionError on line 3 with the cell label and only user frames', async () => {
    await k.load([py('zd-setup', 'denominator = 0'), py('zd', 'numerator = 10\nhalf = numerator / 2\nnumerator / denominator')]);
    const error = k.error('zd');
    expect({ status: k.status('zd'), error, leaks: leaks(error) }).toEqual({
      status: 'error',
      error: {
        kind: 'python',
        ename: 'ZeroDivisionError',
        evalue: 'division by zero',
        line: 3,
        traceback: [
          'Traceback (most recent call last):',
          '  File "Cell 2", line 3, in <module>',
          '    numerator / denominator',
          '    ~~~~~~~~~~^~~~~~~~~~~~~',
          'ZeroDivisionError: division by zero',
          '',
        ].join('\n'),
      },
      leaks: [],
    });
  });

  it('shows the frames of both cells when a function from another cell raises', async () => {
    await k.load([py('fn-def', 'def ratio(a, b):\n    scaled = a * 100\n    return scaled / b'), py('fn-call', 'share = 7\nratio(share, 0)')]);
    const error = k.error('fn-call');
    expect({ error, leaks: leaks(error) }).toEqual({
      error: {
        kind: 'python',
        ename: 'ZeroDivisionError',
        evalue: 'division by zero',
        line: 2,
        traceback: [
          'Traceback (most recent call last):',
          '  File "Cell 2", line 2, in <module>',
          '    ratio(share, 0)',
          '    ~~~~~^^^^^^^^^^',
          '  File "Cell 1", line 3, in ratio',
          '    return scaled / b',
          '           ~~~~~~~^~~',
          'ZeroDivisionError: division by zero',
          '',
        ].join('\n'),
      },
      leaks: [],
    });
  });

  it('names cells by their position at run time, after a cell is inserted above', async () => {
    await k.load([py('lf-def', 'def lookup(key):\n    return {}[key]'), py('lf-call', 'lookup("missing")')]);
    await k.kernel.upsertCell(py('lf-new', 'inserted = True'), 0);
    await k.kernel.runCells(['lf-call']);
    const error = k.error('lf-call');
    expect(error?.kind === 'python' ? error.traceback : error).toEqual(
      [
        'Traceback (most recent call last):',
        '  File "Cell 3", line 1, in <module>',
        '    lookup("missing")',
        '    ~~~~~~^^^^^^^^^^^',
        '  File "Cell 2", line 2, in lookup',
        '    return {}[key]',
        '           ~~^^^^^',
        "KeyError: 'missing'",
        '',
      ].join('\n'),
    );
  });

  it('trims kernel frames from both parts of a chained exception', async () => {
    await k.load([py('chain', 'try:\n    int("x")\nexcept ValueError as exc:\n    raise RuntimeError("bad input") from exc')]);
    const error = k.error('chain');
    expect({ traceback: error?.kind === 'python' ? error.traceback : error, leaks: leaks(error) }).toEqual({
      traceback: [
        'Traceback (most recent call last):',
        '  File "Cell 1", line 2, in <module>',
        '    int("x")',
        '    ~~~^^^^^',
        "ValueError: invalid literal for int() with base 10: 'x'",
        '',
        'The above exception was the direct cause of the following exception:',
        '',
        'Traceback (most recent call last):',
        '  File "Cell 1", line 4, in <module>',
        '    raise RuntimeError("bad input") from exc',
        'RuntimeError: bad input',
        '',
      ].join('\n'),
      leaks: [],
    });
  });

  it('reports a SyntaxError with its line and the cell label, without running the cell', async () => {
    const mark = k.events.length;
    await k.load([py('sx-ok', 'fine = 1'), py('sx', 'print("never printed")\nfirst = 1\nsecond = = 2')]);
    const error = k.error('sx');
    expect({ status: k.status('sx'), error, leaks: leaks(error), streams: streamsOf('sx', mark) }).toEqual({
      status: 'error',
      error: {
        kind: 'python',
        ename: 'SyntaxError',
        evalue: 'invalid syntax',
        line: 3,
        traceback: ['  File "Cell 2", line 3', '    second = = 2', '             ^', 'SyntaxError: invalid syntax', ''].join('\n'),
      },
      leaks: [],
      streams: [],
    });
  });

  // CellError.traceback is "formatted like Python's": an IndentationError keeps its name,
  // and the quoted line is shown without its indentation, as Python prints it.
  it('reports an IndentationError by its name and in Python\'s layout', async () => {
    await k.load([py('ind-ok', 'fine = 1'), py('ind', 'if True:\n  a = 1\n   b = 2')]);
    const error = k.error('ind');
    expect({ error, leaks: leaks(error) }).toEqual({
      error: {
        kind: 'python',
        ename: 'IndentationError',
        evalue: 'unexpected indent',
        line: 3,
        traceback: ['  File "Cell 2", line 3', '    b = 2', 'IndentationError: unexpected indent', ''].join('\n'),
      },
      leaks: [],
    });
  });

  it('runs a top-level `await asyncio.sleep(0.01)`', async () => {
    const mark = k.events.length;
    await k.load([py('sleep', 'import asyncio\nawait asyncio.sleep(0.01)\n"slept"')]);
    expect({ status: k.status('sleep'), outputs: outputsOf('sleep', mark) }).toEqual({
      status: 'done',
      outputs: [{ type: 'text', text: "'slept'" }],
    });
  });

  it('names the cell in the traceback of an error raised after a top-level await', async () => {
    // The cell's labels are asked for from Python once the call that started it has returned.
    await k.load([py('aw-setup', 'zero = 0'), py('aw', 'import asyncio\nawait asyncio.sleep(0.01)\n1 / zero')]);
    const error = k.error('aw');
    expect({ status: k.status('aw'), ename: error?.kind === 'python' ? error.ename : error, file: error?.kind === 'python' ? /File "([^"]+)", line 3/.exec(error.traceback)?.[1] : undefined }).toEqual({
      status: 'error',
      ename: 'ZeroDivisionError',
      file: 'Cell 2',
    });
  });

  it('imports stdlib modules (json, re, datetime) as names other cells use', async () => {
    const mark = k.events.length;
    await k.load([
      py('imp', 'import json, re, datetime'),
      py('imp-use', '(json.dumps({"a": [1]}), re.findall(r"\\d", "a1b2"), datetime.date(2024, 2, 29).isoformat())'),
    ]);
    expect({ status: [k.status('imp'), k.status('imp-use')], outputs: outputsOf('imp-use', mark) }).toEqual({
      status: ['done', 'done'],
      outputs: [{ type: 'text', text: `('{"a": [1]}', ['1', '2'], '2024-02-29')` }],
    });
  });

  it('shares one namespace: a function defined in one cell is callable from another', async () => {
    const mark = k.events.length;
    await k.load([py('ns-def', 'def double(v):\n    return v * 2'), py('ns-base', 'base = 21'), py('ns-use', 'double(base)')]);
    expect({ status: k.status('ns-use'), outputs: outputsOf('ns-use', mark) }).toEqual({
      status: 'done',
      outputs: [{ type: 'text', text: '42' }],
    });
  });
});
