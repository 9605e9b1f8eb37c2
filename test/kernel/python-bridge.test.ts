import { describe, expect, it } from 'vitest';
import { readParams, readRunResult, readStrings } from '../../workers/python/bridge';

// Python's records are keyed and checked on arrival: the old positional triples (with
// sentinel oids for "missing") are refused, as is anything else of the wrong shape.

describe('readParams', () => {
  it('reads each kind by name', () => {
    expect(
      readParams(
        [
          { kind: 'text', typeOid: 20, text: '42', preview: '42' },
          { kind: 'text', typeOid: 0, text: null, preview: 'None' },
          { kind: 'array', typeOid: 1016, items: [['1'], ['2']], preview: '[[1], [2]]' },
          { kind: 'missing' },
          { kind: 'unsupported', message: '`f` (function) has type function' },
        ],
        5,
      ),
    ).toEqual([
      { kind: 'text', typeOid: 20, text: '42', preview: '42' },
      { kind: 'text', typeOid: 0, text: null, preview: 'None' },
      { kind: 'array', typeOid: 1016, items: [['1'], ['2']], preview: '[[1], [2]]' },
      { kind: 'missing' },
      { kind: 'unsupported', message: '`f` (function) has type function' },
    ]);
  });

  const malformed: [string, unknown, number][] = [
    ['a positional triple', [[20, 'text', '42']], 1],
    ['a sentinel oid', [{ kind: 'text', typeOid: -1, text: 'x' }].map((p) => ({ ...p, typeOid: 1.5 })), 1],
    ['text that is not text', [{ kind: 'text', typeOid: 25, text: 5, preview: '5' }], 1],
    ['a value without its preview', [{ kind: 'text', typeOid: 25, text: 'x' }], 1],
    ['an unknown kind', [{ kind: 'guess' }], 1],
    ['fewer than asked', [{ kind: 'missing' }], 2],
    ['not a list', { kind: 'missing' }, 1],
  ];
  it.each(malformed)('refuses %s', (_name, value, count) => {
    expect(() => readParams(value, count)).toThrow(/^Ripple's Python runtime sent a malformed /);
  });
});

describe('readRunResult', () => {
  it('reads a success and checks its output', () => {
    expect(readRunResult({ ok: true, output: { type: 'text', text: '1' } })).toEqual({ ok: true, output: { type: 'text', text: '1' } });
    expect(readRunResult({ ok: true, output: null })).toEqual({ ok: true, output: null });
    // None: a success that shows nothing (ripple_runtime.py `_ran`).
    expect(readRunResult(null)).toEqual({ ok: true, output: null });
  });
  it('reads an error', () => {
    const error = { ok: false, ename: 'ValueError', evalue: 'x', traceback: 'T', line: 3, interrupted: false };
    expect(readRunResult(error)).toEqual(error);
  });
  it.each([
    ['no ok', { output: null }],
    ['an error without a traceback', { ok: false, ename: 'E', evalue: '', line: null, interrupted: false }],
    ['a line that is not a number', { ok: false, ename: 'E', evalue: '', traceback: '', line: '3', interrupted: false }],
  ])('refuses %s', (_name, value) => {
    expect(() => readRunResult(value)).toThrow(/malformed cell result/);
  });
});

it('readStrings refuses a list with a non-string', () => {
  expect(readStrings(['a', 'b'], 'names')).toEqual(['a', 'b']);
  expect(() => readStrings(['a', 1], 'names')).toThrow(/malformed names/);
});
