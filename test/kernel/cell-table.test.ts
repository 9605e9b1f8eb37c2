import { describe, expect, it } from 'vitest';
import { CellTable, type TableChange } from '../../workers/cell-table';
import type { CellSpec } from '../../workers/protocol';
import type { PythonAnalysis } from '../../workers/python/analysis';

// The kernel's cell table without Pyodide: Python analysis is a stand-in that reads
// `name = …` lines (real analysis is tested in test/python with real Pyodide).
const analyze = (code: string): PythonAnalysis => ({
  defines: [...code.matchAll(/^(\w+) =/gm)].map((m) => m[1]!),
  references: [...code.matchAll(/= (\w+)/gm)].map((m) => m[1]!).filter((n) => !/^\d/.test(n)),
});
const py = (id: string, code: string): CellSpec => ({ id, kind: 'python', code });
const sql = (id: string, code: string, resultName?: string): CellSpec => ({ id, kind: 'sql', code, ...(resultName ? { resultName } : {}) });
const md = (id: string, code: string): CellSpec => ({ id, kind: 'markdown', code });

type Step = { set: CellSpec[] } | { upsert: CellSpec; at: number } | { delete: string };

const apply = (table: CellTable, step: Step): TableChange =>
  'set' in step ? table.setAll(step.set) : 'upsert' in step ? table.upsert(step.upsert, step.at) : table.delete(step.delete);

const cases: [string, Step[], { change: TableChange; order: string[]; nodes?: [string, string[], string[]][] }][] = [
  [
    'a new notebook: nothing edited, nodes from each kind',
    [{ set: [py('a', 'x = 1'), sql('b', 'SELECT {x}', 'r'), md('c', '# {r} and `{not}`')] }],
    {
      change: { edited: [], removed: [], orphaned: [] },
      order: ['a', 'b', 'c'],
      nodes: [['a', ['x'], []], ['b', ['r'], ['x']], ['c', [], ['r']]],
    },
  ],
  [
    'an unchanged cell is not edited; a changed one is, and its dropped name is orphaned',
    [{ set: [py('a', 'x = 1'), py('b', 'y = 2')] }, { set: [py('a', 'x = 1'), py('b', 'z = 2')] }],
    { change: { edited: ['b'], removed: [], orphaned: ['y'] }, order: ['a', 'b'] },
  ],
  [
    'a removed cell orphans its names unless another cell defines them',
    [{ set: [py('a', 'x = 1'), py('b', 'x = 2\ny = 3'), py('c', 'q = 0')] }, { set: [py('a', 'x = 1'), py('c', 'q = 0')] }],
    { change: { edited: [], removed: ['b'], orphaned: ['y'] }, order: ['a', 'c'] },
  ],
  [
    'upsert inserts at a clamped index; a new cell is not edited',
    [{ set: [py('a', 'x = 1')] }, { upsert: py('b', 'y = 1'), at: 99 }, { upsert: py('c', 'z = 1'), at: -5 }],
    { change: { edited: [], removed: [], orphaned: [] }, order: ['c', 'a', 'b'] },
  ],
  [
    'upsert of a changed cell moves it and reports it edited',
    [{ set: [py('a', 'x = 1'), py('b', 'y = 1')] }, { upsert: py('a', 'w = 1'), at: 1 }],
    { change: { edited: ['a'], removed: [], orphaned: ['x'] }, order: ['b', 'a'] },
  ],
  [
    'a SQL result name changing is an edit',
    [{ set: [sql('s', 'SELECT 1', 'r')] }, { upsert: sql('s', 'SELECT 1', 'q'), at: 0 }],
    { change: { edited: ['s'], removed: [], orphaned: ['r'] }, order: ['s'] },
  ],
  [
    'deleting an unknown cell changes nothing',
    [{ set: [py('a', 'x = 1')] }, { delete: 'nope' }],
    { change: { edited: [], removed: [], orphaned: [] }, order: ['a'] },
  ],
  [
    'delete removes and orphans',
    [{ set: [py('a', 'x = 1'), py('b', 'y = x')] }, { delete: 'a' }],
    { change: { edited: [], removed: ['a'], orphaned: ['x'] }, order: ['b'] },
  ],
];

describe('CellTable', () => {
  it.each(cases)('%s', (_name, steps, expected) => {
    const table = new CellTable(analyze);
    let change: TableChange = { edited: [], removed: [], orphaned: [] };
    for (const step of steps) change = apply(table, step);
    expect({
      change,
      order: [...table.order],
      ...(expected.nodes ? { nodes: table.nodes().map((n) => [n.id, [...n.defines], [...n.references]]) } : {}),
    }).toEqual(expected);
  });

  it('labels by position, for tracebacks', () => {
    const table = new CellTable(analyze);
    table.setAll([py('a', ''), py('b', '')]);
    const files = ['<cell-a>', '<cell-b>', '<cell-gone>', '<exec>', 'cell-a'].map((name) => table.labelOfFile(name));
    expect({ label: table.labelOf('b'), files }).toEqual({ label: 'Cell 2', files: ['Cell 1', 'Cell 2', undefined, undefined, undefined] });
  });

  it('an edit of numbers only keeps the analysis without asking Python, and is still an edit', () => {
    const asked: string[] = [];
    const table = new CellTable((code) => (asked.push(code), analyze(code)));
    table.setAll([py('a', 'x = 1'), py('b', 'y = x')]);
    const steps = [
      table.upsert(py('a', 'x = 42'), 0), // numbers only: kept
      table.setAll([py('a', 'x = 43'), py('b', 'y = x')]), // the same through setAll
      table.upsert(py('a', 'z = 43'), 0), // a name: analysed
    ];
    expect({ asked, steps, nodes: table.nodes().map((n) => [n.id, [...n.defines], [...n.references]]) }).toEqual({
      asked: ['x = 1', 'y = x', 'z = 43'],
      steps: [
        { edited: ['a'], removed: [], orphaned: [] },
        { edited: ['a'], removed: [], orphaned: [] },
        { edited: ['a'], removed: [], orphaned: ['x'] },
      ],
      nodes: [['a', ['z'], []], ['b', ['y'], ['x']]],
    });
  });

  it('a cell that did not compile is analysed again after any edit', () => {
    const asked: string[] = [];
    const syntaxError = { message: 'invalid syntax', line: 1, column: 3, ename: 'SyntaxError' };
    const table = new CellTable((code) => (asked.push(code), { defines: [], references: [], syntaxError }));
    table.setAll([py('a', 'x = 1 +')]);
    table.upsert(py('a', 'x = 2 +'), 0);
    expect(asked).toEqual(['x = 1 +', 'x = 2 +']);
  });

  it('a Python cell with a syntax error keeps it in its record, so it never runs', () => {
    const table = new CellTable(() => ({ defines: [], references: [], syntaxError: { message: 'invalid syntax', line: 1, column: 3, ename: 'SyntaxError' } }));
    table.setAll([py('a', 'x =')]);
    expect(table.get('a')?.syntaxError?.message).toBe('invalid syntax');
  });
});
