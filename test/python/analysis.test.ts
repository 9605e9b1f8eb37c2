import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { analyzePython, installAnalysis, type PythonAnalysis } from '../../workers/python/analysis';
import { kernelModules } from '../../workers/python/kernel-modules';
import { installPythonModules } from '../../workers/python/modules';

let py: PyodideAPI;

beforeAll(async () => {
  py = await loadPyodide();
  installAnalysis(py);
}, 120_000);

const code = (...lines: string[]): string => lines.join('\n') + '\n';

/** [title, cell source, expected analysis] */
const cases: ReadonlyArray<readonly [string, string, PythonAnalysis]> = [
  // ---- basics -------------------------------------------------------------
  ['a cell that only prints', 'print(x)', { defines: [], references: ['x'] }],
  ['empty cell', '', { defines: [], references: [] }],
  ['comments and blank lines only', code('# just a note', '', '   # indented comment'), { defines: [], references: [] }],
  ['x = x + 1: a define, never a self-reference', 'x = x + 1', { defines: ['x'], references: [] }],
  ['simple assignment reads another cell', 'y = x * 2', { defines: ['y'], references: ['x'] }],
  [
    'tuple, list and starred unpacking',
    code('a, *b = load()', '[c, (d, e)] = pairs'),
    { defines: ['a', 'b', 'c', 'd', 'e'], references: ['load', 'pairs'] },
  ],
  ['augmented assignment defines its target', 'total += step', { defines: ['total'], references: ['step'] }],
  [
    'annotated assignment with and without value; annotations are read',
    code('x: int = start', 'y: Config'),
    { defines: ['x', 'y'], references: ['Config', 'start'] },
  ],
  ['del is a read of the global, not a definition', 'del old_frame', { defines: [], references: ['old_frame'] }],
  [
    'attribute access references only the base name',
    code('result = df.col.mean()', 'df.other.attr = 1'),
    { defines: ['result'], references: ['df'] },
  ],
  [
    'subscript/attribute assignment mutates, it does not define',
    'df["total"] = prices * qty',
    { defines: [], references: ['df', 'prices', 'qty'] },
  ],
  [
    'names inside strings and docstrings are not references',
    code('"""Uses df and model."""', 'label = "df.col + model"'),
    { defines: ['label'], references: [] },
  ],
  [
    'f-string expressions (incl. nested format spec) are references',
    'msg = f"{name!r}: {value:{width}.2f} {\'df\'}"',
    { defines: ['msg'], references: ['name', 'value', 'width'] },
  ],
  ['t-string interpolations (3.14) are references', 'tpl = t"{user} has {count:{w}}"', { defines: ['tpl'], references: ['count', 'user', 'w'] }],
  [
    'builtins are not references',
    code('n = len(range(10)) + max([1, 2])', 'print(sorted(set()), isinstance(n, int))'),
    { defines: ['n'], references: [] },
  ],
  [
    'module dunders like __name__ are not references',
    code('if __name__ == "__main__":', '    main(__doc__)'),
    { defines: [], references: ['main'] },
  ],
  [
    'code is passed as data: quotes, backslashes and triple quotes are harmless',
    'q = """\'\'\' \\"\\"\\" \\\\ ${x}""" + suffix',
    { defines: ['q'], references: ['suffix'] },
  ],
  // ---- defs, classes, decorators -------------------------------------------
  [
    'def, async def and class define their names',
    code('def f(a):', '    return a', 'async def g():', '    pass', 'class C:', '    pass'),
    { defines: ['C', 'f', 'g'], references: [] },
  ],
  [
    'decorators are references',
    code('@cache', '@app.route("/")', 'def handler():', '    pass'),
    { defines: ['handler'], references: ['app', 'cache'] },
  ],
  [
    'parameters and locals are not references; default values are',
    code('def f(a, /, b, *args, c=limit, d=fallback(), **kw):', '    tmp = a + b + offset', '    return tmp'),
    { defines: ['f'], references: ['fallback', 'limit', 'offset'] },
  ],
  [
    'a name assigned anywhere in a function is local there, even if read first',
    code('def f():', '    print(value)', '    value = 1'),
    { defines: ['f'], references: [] },
  ],
  [
    'nested function closing over an enclosing local is not a reference',
    code('def make():', '    factor = 2', '    def scale(v):', '        return v * factor * gain', '    return scale'),
    { defines: ['make'], references: ['gain'] },
  ],
  [
    'lambda parameters are local; lambda defaults and free names are references',
    'key = lambda item, w=weight: item * w + bias',
    { defines: ['key'], references: ['bias', 'weight'] },
  ],
  [
    'class attribute referencing a global',
    code('class Settings:', '    rate = base_rate * 2', '    name = "x"'),
    { defines: ['Settings'], references: ['base_rate'] },
  ],
  [
    'class body reading its own name after binding it is not a reference',
    code('class K:', '    size = 3', '    doubled = size * 2', '    def m(self, n=size):', '        return n'),
    { defines: ['K'], references: [] },
  ],
  [
    'class body reading a name before binding it reads the global',
    code('class K:', '    scale = scale * 2', '    unit: str', '    label = unit'),
    { defines: ['K'], references: ['scale', 'unit'] },
  ],
  [
    'class scope is not visible in methods: the class attribute name is a global reference',
    code('class Counter:', '    step = 1', '    def inc(self, v):', '        return v + step'),
    { defines: ['Counter'], references: ['step'] },
  ],
  [
    'class scope is not visible in comprehension bodies (only the first iterable)',
    code('class Grid:', '    n = 3', '    k = 2', '    cells = [i * k for i in range(n)]'),
    { defines: ['Grid'], references: ['k'] },
  ],
  [
    'super() and __class__ in a method; bases are references',
    code('class A(Base, metaclass=Meta):', '    def m(self):', '        return super().m(), __class__'),
    { defines: ['A'], references: ['Base', 'Meta'] },
  ],
  // ---- imports ---------------------------------------------------------------
  [
    'import forms',
    code('import a.b.c', 'import os.path as osp', 'from x import y', 'from x import y2 as z', 'from . import sibling'),
    { defines: ['a', 'osp', 'sibling', 'y', 'z'], references: [] },
  ],
  [
    'from m import * defines nothing (its names cannot be known statically)',
    code('from math import *', 'r = sqrt(2)'),
    { defines: ['r'], references: ['sqrt'] },
  ],
  // ---- other binding statements ------------------------------------------------
  [
    'for targets, including nested tuples',
    code('for i, (k, v) in enumerate(items):', '    acc = k'),
    { defines: ['acc', 'i', 'k', 'v'], references: ['items'] },
  ],
  [
    'with ... as targets, including tuples',
    code('with open(path) as fh, ctx() as (a, b):', '    data = fh.read()'),
    { defines: ['a', 'b', 'data', 'fh'], references: ['ctx', 'path'] },
  ],
  [
    'except ... as and except* ... as',
    code('try:', '    run()', 'except ValueError as err:', '    pass', 'try:', '    run()', 'except* OSError as group:', '    pass'),
    { defines: ['err', 'group'], references: ['run'] },
  ],
  [
    'walrus at top level',
    code('if (n := len(items)) > limit:', '    big = True'),
    { defines: ['big', 'n'], references: ['items', 'limit'] },
  ],
  [
    'walrus inside a top-level comprehension binds in the cell (PEP 572)',
    'flags = [y := f(x) for x in data if x]',
    { defines: ['flags', 'y'], references: ['data', 'f'] },
  ],
  [
    'walrus inside a comprehension in a function binds a function local',
    code('def f(data):', '    hits = [y := v for v in data]', '    return hits, y'),
    { defines: ['f'], references: [] },
  ],
  [
    'match capture patterns; class patterns and value patterns are references',
    code(
      'match shape:',
      '    case Point(x=a, y=0):',
      '        pass',
      '    case [first, *rest]:',
      '        pass',
      '    case {"k": v, **kw}:',
      '        pass',
      '    case Color.RED if a > threshold:',
      '        pass',
      '    case _ as other:',
      '        pass',
    ),
    { defines: ['a', 'first', 'kw', 'other', 'rest', 'v'], references: ['Color', 'Point', 'shape', 'threshold'] },
  ],
  [
    'type alias (3.12) with type parameters',
    'type Pair[T] = tuple[T, Scalar]',
    { defines: ['Pair'], references: ['Scalar'] },
  ],
  [
    'generic function: type params are not references, bounds are',
    code('def first[T: Bound](items: list[T]) -> T:', '    return items[0]'),
    { defines: ['first'], references: ['Bound'] },
  ],
  [
    'generic class: type params visible in bases and body',
    code('class Box[T](Base[T]):', '    item: T', '    def get(self) -> T:', '        return self.item'),
    { defines: ['Box'], references: ['Base'] },
  ],
  [
    'annotation scopes (annotations, type param bounds, type alias values) see class names',
    code(
      'class Outer:',
      '    Alias = int',
      '    def m[T: Alias](self, x: T, y: Alias) -> Other:',
      '        return x',
      '    type B = list[Alias]',
    ),
    { defines: ['Outer'], references: ['Other'] },
  ],
  [
    'bindings inside if/while/try blocks at top level are definitions',
    code('if flag:', '    a = 1', 'else:', '    b = 2', 'while cond():', '    c = 3', 'try:', '    d = 4', 'finally:', '    e = 5'),
    { defines: ['a', 'b', 'c', 'd', 'e'], references: ['cond', 'flag'] },
  ],
  // ---- global / nonlocal ------------------------------------------------------
  [
    'global declared and assigned in a function defines it for the cell',
    code('def setup():', '    global config', '    config = load()'),
    { defines: ['config', 'setup'], references: ['load'] },
  ],
  [
    'global statement used read-only is a reference, not a definition',
    code('def show():', '    global config', '    return config'),
    { defines: ['show'], references: ['config'] },
  ],
  [
    'global bound by import inside a function',
    code('def load_np():', '    global np', '    import numpy as np'),
    { defines: ['load_np', 'np'], references: [] },
  ],
  [
    'nonlocal names are neither definitions nor references',
    code('def outer():', '    count = 0', '    def bump():', '        nonlocal count', '        count += 1', '    return bump'),
    { defines: ['outer'], references: [] },
  ],
  [
    'a nested function sees the global declared by its enclosing function',
    code('def outer():', '    global g', '    def inner():', '        return g', '    return inner'),
    { defines: ['outer'], references: ['g'] },
  ],
  // ---- comprehensions / async ---------------------------------------------------
  [
    'comprehension variables are not references',
    'squares = {k: v ** 2 for k, v in pairs.items() if v > cutoff}',
    { defines: ['squares'], references: ['cutoff', 'pairs'] },
  ],
  [
    'nested generator loops',
    'total = sum(x * y for xs in matrix for x in xs for y in weights)',
    { defines: ['total'], references: ['matrix', 'weights'] },
  ],
  [
    'async comprehension and top-level await',
    code('rows = [r async for r in fetch(url)]', 'data = await download(rows)'),
    { defines: ['data', 'rows'], references: ['download', 'fetch', 'url'] },
  ],
  // ---- try/except NameError ------------------------------------------------------
  [
    'try/except NameError probing another cell\'s name',
    code('try:', '    cache', 'except NameError:', '    print("no cache yet")'),
    { defines: [], references: ['cache'] },
  ],
  [
    'try/except NameError defining the name itself',
    code('try:', '    counter', 'except NameError:', '    counter = 0'),
    { defines: ['counter'], references: [] },
  ],
  // ---- annotations ------------------------------------------------------------------
  [
    'function annotations are references',
    code('def area(s: Shape, *rest: Extra) -> Number:', '    return s.area()'),
    { defines: ['area'], references: ['Extra', 'Number', 'Shape'] },
  ],
  [
    'annotations of function locals are never evaluated',
    code('def f():', '    x: Unused = 1', '    return x'),
    { defines: ['f'], references: [] },
  ],
  [
    'from __future__ import annotations makes annotations strings (and defines nothing)',
    code('from __future__ import annotations', 'def f(x: Later) -> Other:', '    return x', 'v: Also = 1'),
    { defines: ['f', 'v'], references: [] },
  ],
  // ---- syntax errors ---------------------------------------------------------------
  [
    'syntax error: line and column as written in the cell',
    code('x = 1', 'y = (2,'),
    { defines: [], references: [], syntaxError: { message: "'(' was never closed", line: 2, column: 5, ename: 'SyntaxError', formatted: '  File "<cell>", line 2\n    y = (2,\n        ^\nSyntaxError: \'(\' was never closed\n' } },
  ],
  [
    'syntax error: columns count characters, not UTF-8 bytes',
    's = "é" + )',
    { defines: [], references: [], syntaxError: { message: "unmatched ')'", line: 1, column: 11, ename: 'SyntaxError', formatted: '  File "<cell>", line 1\n    s = "é" + )\n              ^\nSyntaxError: unmatched \')\'\n' } },
  ],
  [
    'compile-time error the parser alone accepts',
    code('x = 1', 'return x'),
    { defines: [], references: [], syntaxError: { message: "'return' outside function", line: 2, column: 1, ename: 'SyntaxError', formatted: '  File "<cell>", line 2\nSyntaxError: \'return\' outside function\n' } },
  ],
];

describe('analyzePython', () => {
  it.each(cases)('%s', (_title, source, expected) => {
    expect(analyzePython(py, source)).toEqual(expected);
  });

  it('installAnalysis is idempotent and the module is importable by name', () => {
    installAnalysis(py);
    installAnalysis(py);
    expect(py.runPython('import sys; "ripple_analysis" in sys.modules')).toBe(true);
  });

  it('looks its Python function up once, not on every edit', () => {
    analyzePython(py, 'x = 1');
    const pyimport = vi.spyOn(py, 'pyimport');
    try {
      for (const source of ['x = 2', 'y = x', 'z = y + 1']) analyzePython(py, source);
      expect(pyimport).not.toHaveBeenCalled();
    } finally {
      pyimport.mockRestore();
    }
  });

  it('looks its function up again once the modules were imported again, from the app\'s own sources', () => {
    analyzePython(py, 'x = 1');
    const other = kernelModules(['ripple_nesting', 'ripple_scopes', 'ripple_analysis']).map((m) => (m.name === 'ripple_analysis' ? { ...m, source: `${m.source}\n# other\n` } : m));
    expect(installPythonModules(py, other)).toBe(true);
    const pyimport = vi.spyOn(py, 'pyimport');
    try {
      expect(analyzePython(py, 'y = x')).toEqual({ defines: ['y'], references: ['x'] });
      expect(pyimport).toHaveBeenCalledTimes(1);
    } finally {
      pyimport.mockRestore();
    }
    expect(py.runPython('import sys; sys.modules["ripple_analysis"].__ripple_source__.endswith("# other\\n")')).toBe(false);
  });

  it('never executes the cell', () => {
    const source = code('import sys', 'ripple_marker = 1', 'raise SystemExit(3)');
    expect(analyzePython(py, source)).toEqual({ defines: ['ripple_marker', 'sys'], references: [] });
    expect(py.runPython('"ripple_marker" in globals()')).toBe(false);
  });

  it('reports absurdly deep nesting as an error instead of crashing Pyodide', () => {
    const deep = `x = y${'+1'.repeat(5000)}`;
    expect(analyzePython(py, deep)).toEqual({
      defines: [],
      references: [],
      syntaxError: { message: 'code is nested too deeply to analyze (more than 1000 levels)', line: 1, column: 2002, ename: 'SyntaxError' },
    });
    // ...while a deep-but-reasonable expression is analysed normally, and freed safely.
    expect(analyzePython(py, `x = y${'+1'.repeat(900)}`)).toEqual({ defines: ['x'], references: ['y'] });
    const elifs = `if a:\n    pass\n${'elif b:\n    pass\n'.repeat(900)}`;
    expect(analyzePython(py, elifs)).toEqual({ defines: [], references: ['a', 'b'] });
  });
});
