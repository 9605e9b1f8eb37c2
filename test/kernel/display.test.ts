import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellOutput, KernelEvent } from '../../workers/protocol';
import { py, sql, startTestKernel, type TestKernel } from './harness';

// Rich Python output through a real kernel (real Pyodide): the IPython display protocol,
// display() in order with printed text, the IPython.display helpers, and tables.

/** The smallest valid PNG (1×1, transparent), as Python bytes and as base64. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG_BYTES = `__import__('base64').b64decode('${PNG_BASE64}')`;

describe('rich Python output', () => {
  let k: TestKernel;
  beforeAll(async () => {
    k = await startTestKernel();
  }, 120_000);
  afterAll(async () => {
    await k.kernel.shutdown();
  });

  /** The output of a cell whose last line is `expression`, after `setup`. */
  const outputOf = async (setup: string, expression: string): Promise<CellOutput | undefined> => {
    await k.load([py('c', `${setup}\n${expression}`)]);
    return k.output('c');
  };

  const reprs: [string, string, string, CellOutput][] = [
    ['_repr_svg_', 'class S:\n    def _repr_svg_(self): return "<svg/>"', 'S()', { type: 'svg', svg: '<svg/>' }],
    ['_repr_png_ bytes', `class P:\n    def _repr_png_(self): return ${PNG_BYTES}`, 'P()', { type: 'image', mime: 'image/png', base64: PNG_BASE64 }],
    ['_repr_jpeg_ base64 text', 'class J:\n    def _repr_jpeg_(self): return "/9j/\\n4AA="', 'J()', { type: 'image', mime: 'image/jpeg', base64: '/9j/4AA=' }],
    ['_repr_markdown_', 'class M:\n    def _repr_markdown_(self): return "# Hi"', 'M()', { type: 'markdown', markdown: '# Hi' }],
    ['_repr_latex_', 'class L:\n    def _repr_latex_(self): return "$x^2$"', 'L()', { type: 'latex', latex: '$x^2$' }],
    ['_repr_json_', 'class D:\n    def _repr_json_(self): return {"a": [1, None]}', 'D()', { type: 'json', json: { a: [1, null] } }],
    ['HTML beats Markdown', 'class B:\n    def _repr_html_(self): return "<b>b</b>"\n    def _repr_markdown_(self): return "**b**"', 'B()', { type: 'html', html: '<b>b</b>' }],
    [
      '_repr_mimebundle_ with (data, metadata), Vega-Lite first',
      'class A:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n        return ({"application/vnd.vegalite.v5+json": {"mark": "bar"}, "text/html": "<i>x</i>"}, {})',
      'A()',
      { type: 'vegalite', spec: '{"mark": "bar"}' },
    ],
    ['a broken _repr_html_ falls back', 'class X:\n    def _repr_html_(self): raise ValueError("no")\n    def __repr__(self): return "X!"', 'X()', { type: 'text', text: 'X!' }],
    ['a broken __repr__ does not lose the run', 'class R:\n    def __repr__(self): raise KeyError("k")', 'R()', { type: 'text', text: "<R object: repr() raised KeyError: 'k'>" }],
    ['an Altair-like dict is a chart', '', '{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point"}', { type: 'vegalite', spec: '{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point"}' }],
    ['a class is not its instances', 'class S:\n    def _repr_svg_(self): return "<svg/>"', 'S', { type: 'text', text: "<class '__main__.S'>" }],
  ];
  it.each(reprs)('%s', async (_name, setup, expression, expected) => {
    expect(await outputOf(setup, expression)).toEqual(expected);
  });

  it('IPython.display helpers work as in Jupyter', async () => {
    const mark = k.events.length;
    await k.load([
      py(
        'h',
        [
          'from IPython.display import display, Markdown, HTML, SVG, Image, JSON, Latex',
          `display(Markdown("*m*"), HTML("<p>h</p>"), SVG("<svg/>"), Image(data=${PNG_BYTES}, format="png"), JSON({"k": 1}), Latex("$y$"))`,
        ].join('\n'),
      ),
    ]);
    expect({ status: k.status('h'), displays: displaysOf(k.since(mark), 'h') }).toEqual({
      status: 'done',
      displays: [
        { type: 'markdown', markdown: '*m*' },
        { type: 'html', html: '<p>h</p>' },
        { type: 'svg', svg: '<svg/>' },
        { type: 'image', mime: 'image/png', base64: PNG_BASE64 },
        { type: 'json', json: { k: 1 } },
        { type: 'latex', latex: '$y$' },
      ],
    });
  });

  it('display() outputs arrive in order with printed text, before the cell’s own output', async () => {
    const mark = k.events.length;
    await k.load([py('o', 'print("a")\ndisplay(1)\nprint("b", end="")\ndisplay([2])\n"last"')]);
    const sequence = k
      .since(mark)
      .filter((e) => 'cellId' in e && e.cellId === 'o' && (e.type === 'stream' || e.type === 'display' || e.type === 'output'))
      .map((e) => (e.type === 'stream' ? `stream ${e.text}` : e.type === 'display' || e.type === 'output' ? `${e.type} ${JSON.stringify(e.output)}` : ''));
    expect(sequence).toEqual(['stream a\n', 'display {"type":"text","text":"1"}', 'stream b', 'display {"type":"text","text":"[2]"}', 'output {"type":"text","text":"\'last\'"}']);
  });

  it('display is a builtin: a cell using it waits for no other cell', async () => {
    await k.load([py('d1', 'display("x")'), py('d2', 'n = 1')]);
    expect([k.status('d1'), k.status('d2')]).toEqual(['done', 'done']);
  });

  it('a list of dicts is a table, typed by its values', async () => {
    const output = await outputOf(
      'import datetime, decimal',
      '[{"n": 1, "x": 1.5, "s": "a", "d": datetime.date(2024, 2, 29), "j": {"k": [1]}, "m": decimal.Decimal("1.10")}, {"n": 2**70, "x": 2, "s": None, "extra": True}]',
    );
    expect(output).toEqual({
      type: 'table',
      table: {
        columns: [
          { name: 'n', typeOid: 20, typeName: 'int8' },
          { name: 'x', typeOid: 701, typeName: 'float8' },
          { name: 's', typeOid: 25, typeName: 'text' },
          { name: 'd', typeOid: 1082, typeName: 'date' },
          { name: 'j', typeOid: 3802, typeName: 'jsonb' },
          { name: 'm', typeOid: 1700, typeName: 'numeric' },
          { name: 'extra', typeOid: 16, typeName: 'bool' },
        ],
        rows: [
          [1n, 1.5, 'a', '2024-02-29', { k: [1] }, '1.10', null],
          [2n ** 70n, 2, null, null, null, null, true],
        ],
        rowCount: 2,
        command: '2 dicts',
      },
    });
  });

  it('a SqlResult is a table', async () => {
    await k.load([sql('q', "SELECT 1 AS a, 'x'::text AS b, current_date - current_date AS days", 'r'), py('show', 'r')]);
    const output = k.output('show');
    expect(output?.type === 'table' ? { columns: output.table.columns, rows: output.table.rows, rowCount: output.table.rowCount } : output).toEqual({
      columns: [
        { name: 'a', typeOid: 23, typeName: 'int4' },
        { name: 'b', typeOid: 25, typeName: 'text' },
        { name: 'days', typeOid: 23, typeName: 'int4' },
      ],
      rows: [[1, 'x', 0]],
      rowCount: 1,
    });
  });
});

function displaysOf(events: readonly KernelEvent[], id: string): CellOutput[] {
  return events.flatMap((e) => (e.type === 'display' && e.cellId === id ? [e.output] : []));
}
