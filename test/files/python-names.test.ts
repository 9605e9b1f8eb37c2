import { describe, expect, it } from 'vitest';
import { pythonDefinedNames, pythonTextNames } from '../../src/files/python-names';

const defined: readonly [string, string, string[]][] = [
  ['plain assignment', 'x = 1', ['x']],
  ['tuple and starred targets', 'a, (b, c) = 1, (2, 3)\n*rest, last = xs', ['a', 'b', 'c', 'rest', 'last']],
  ['chained', 'i = j = 0', ['i']],
  ['annotated', 'n: int = 3', ['n']],
  ['augmented', 'total += 1\nmask <<= 2\nq //= 2', ['total', 'mask', 'q']],
  ['comparisons are not assignments', 'a == b\nc <= d\ne >= f\ng != h', []],
  ["a call's keyword argument is not an assignment", 'f(a=1)\nprint(x, sep="")', []],
  ['an attribute is not a name', 'obj.attr = 1', []],
  ['a subscript binds its container name', 'd[k] = 1', ['d', 'k']],
  ['for targets', 'for i, (k, v) in enumerate(d.items()):\n    pass', ['i', 'k', 'v']],
  ['def and class, not their parameters', 'def f(x):\n    return x\nclass C:\n    pass', ['f', 'C']],
  ['imports', 'import os, numpy as np\nfrom a.b import (c, d as e)', ['os', 'np', 'c', 'e']],
  ['with … as and walrus', 'with open(p) as fh:\n    if (n := len(fh.read())) > 0:\n        pass', ['fh', 'n']],
  ['SQL in a %%sql cell defines nothing', '%%sql\ncreate table w (a text, b int)\nselect a, b from w where a = 1', []],
];

describe('pythonDefinedNames', () => {
  it.each(defined)('%s', (_name, source, names) => {
    expect([...pythonDefinedNames(source)].sort()).toEqual([...names].sort());
  });
});

const text: readonly [string, string, string[]][] = [
  ['string literals of every quoting', `a = 'x'\nb = "y"\nc: str = r'z'\nd = f"{a}"\ne = """doc"""`, ['a', 'b', 'c', 'd', 'e']],
  ['not strings', "n = 1\nm = len('x')\nb = b'bytes'\nl = ['x']", []],
];

describe('pythonTextNames', () => {
  it.each(text)('%s', (_name, source, names) => {
    expect([...pythonTextNames(source)].sort()).toEqual([...names].sort());
  });
});

/** CPU milliseconds per call, repeated for at least 30 ms of CPU (once, if one call takes longer). */
function msPerCall(source: string): number {
  const start = process.cpuUsage();
  let calls = 0;
  let spent = 0;
  do {
    pythonDefinedNames(source);
    calls += 1;
    const { user, system } = process.cpuUsage(start);
    spent = (user + system) / 1000;
  } while (spent < 30);
  return spent / calls;
}

// The importer scans every code cell, `%%sql` cells too. A pattern with nested quantifiers
// (`(\(?\s*IDENT\s*,?\s*\)?\s*)+`) backtracked exponentially on this line: 8.8 s for one
// table definition of two columns, and a notebook with a wider table never imported.
// Timed as a ratio against an ordinary line of the same length, in one run.
describe('pythonDefinedNames does not backtrack on lines that are not assignments', () => {
  // Only shapes the old pattern finished at all (wider ones ran for hours), so that this
  // test goes red, not silent, if such a pattern comes back.
  it.each(['create table w (a text, b int)'])('%s', (line) => {
    const plain = `v = '${'x'.repeat(Math.max(0, line.length - 6))}'`;
    msPerCall(plain); // warms up the JIT
    const ratio = Math.min(...[0, 1, 2].map(() => msPerCall(line) / msPerCall(plain)));
    expect(ratio).toBeLessThan(20);
  });
});
