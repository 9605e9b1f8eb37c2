import { beforeAll, describe, expect, it } from 'vitest';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { analyzePython, installAnalysis } from '../../workers/python/analysis';
import { onlyNumbersChanged } from '../../workers/python/number-edit';

const code = (...lines: string[]): string => lines.join('\n') + '\n';

/** [title, before, after]: edits that keep the analysis without asking Python. */
const kept: ReadonlyArray<readonly [string, string, string]> = [
  ['the same code', 'x = 1', 'x = 1'],
  ['the reactive edit', 'user_id = 42', 'user_id = 99'],
  ['int to float and back', 'rate = 3', 'rate = 3.25'],
  ['a longer and a shorter number', 'n = 7', 'n = 1000000'],
  ['zero', 'n = 5', 'n = 0'],
  ['several numbers, one line', 'box = (10, 20, 30)', 'box = (11, 20, 35)'],
  ['after unary minus and operators', 'y = -1 + x*2', 'y = -7 + x*9'],
  ['inside brackets and calls', 'f(a[1], {2: 3})', 'f(a[4], {5: 6})'],
  ['a number at the very start and end', '1', '2'],
  ['before a comment', 'x = 1  # one', 'x = 2  # one'],
  ['in an indented block', code('for i in range(3):', '    total += i * 2'), code('for i in range(30):', '    total += i * 5')],
  ['next to a string with digits, unchanged', 'label = "v1"; n = 1', 'label = "v1"; n = 2'],
];

/** [title, before, after]: analysed again. */
const refused: ReadonlyArray<readonly [string, string, string]> = [
  ['a name changes', 'x = 1', 'y = 1'],
  ['a digit inside a name', 'x1 = 1', 'x2 = 1'],
  ['a string changes', 's = "a"', 's = "b"'],
  ['a number inside a string changes', 's = "1"', 's = "2"'],
  ['a number inside an f-string changes', 'f"{x + 1}"', 'f"{x + 2}"'],
  ['a comment changes', 'x = 1  # 1', 'x = 1  # 2'],
  ['whitespace changes', 'x = 1', 'x =  1'],
  ['indentation changes', code('if a:', '    x = 1'), code('if a:', '  x = 1')],
  ['a number becomes two', 'x = 10', 'x = 1 0'],
  ['a number becomes a name', 'x = 1', 'x = y'],
  ['a leading zero (a syntax error in Python 3)', 'x = 1', 'x = 01'],
  ['an exponent', 'x = 1', 'x = 1e5'],
  ['a complex number', 'x = 1', 'x = 1j'],
  ['a hexadecimal number', 'x = 1', 'x = 0x1f'],
  ['an underscore', 'x = 1000', 'x = 1_000'],
  ['a trailing point', 'x = 1.5', 'x = 1.'],
  ['a leading point', 'x = 0.5', 'x = .5'],
  ['an attribute on a number (1.real is a syntax error)', 'x = 1.0.real', 'x = 1.real'],
  ['a number glued to a keyword', 'x = 1if c else 2', 'x = 3if c else 2'],
  ['16 digits', 'x = 1', 'x = 1234567890123456'],
  ['after a dot', 'x = a .1', 'x = a .2'],
  ['an unterminated string', 'x = 1; s = "abc', 'x = 2; s = "abc'],
  ['a digit after a combining mark continues a name', 'a\u03011 = 0', 'a\u03012 = 0'],
];

describe('onlyNumbersChanged', () => {
  it.each(kept)('keeps: %s', (_title, before, after) => expect(onlyNumbersChanged(before, after)).toBe(true));
  it.each(refused)('refuses: %s', (_title, before, after) => expect(onlyNumbersChanged(before, after)).toBe(false));
});

describe("a kept edit's analysis, by real Python", () => {
  let py: PyodideAPI;
  beforeAll(async () => {
    py = await loadPyodide();
    installAnalysis(py);
  }, 120_000);

  // Python itself agrees for every kept edit: the same names, and still compiling.
  it.each(kept)('%s: Python analyses both sides alike', (_title, before, after) => {
    const a = analyzePython(py, before);
    expect(a.syntaxError).toBeUndefined();
    expect(analyzePython(py, after)).toEqual(a);
  });

  // Why some are refused: there Python's analysis (or whether the cell compiles) differs.
  it.each([
    ['1.real', 'x = 1.0.real', 'x = 1.real'],
    ['a leading zero', 'x = 1', 'x = 01'],
    ['a digit inside a name', 'x1 = 1', 'x2 = 1'],
    ['a number glued to a name after a combining mark', 'a\u03011 = 0', 'a\u03012 = 0'],
  ])('%s: Python analyses the two sides differently', (_title, before, after) => {
    expect(analyzePython(py, after)).not.toEqual(analyzePython(py, before));
  });
});
