import { describe, expect, it } from 'vitest';
import { readPythonOutput } from '../../workers/python/outputs';

// What crosses from Python is checked field by field: a malformed output (a bug, or a
// value user code forged) becomes a visible note, never a cast the UI trusts.

const valid: [string, unknown, unknown][] = [
  ['text', { type: 'text', text: 'x' }, { type: 'text', text: 'x' }],
  ['html', { type: 'html', html: '<b>' }, { type: 'html', html: '<b>' }],
  ['svg', { type: 'svg', svg: '<svg/>' }, { type: 'svg', svg: '<svg/>' }],
  ['markdown', { type: 'markdown', markdown: '# h' }, { type: 'markdown', markdown: '# h' }],
  ['latex', { type: 'latex', latex: '$x$' }, { type: 'latex', latex: '$x$' }],
  ['image', { type: 'image', mime: 'image/png', base64: 'iVBO+/==' }, { type: 'image', mime: 'image/png', base64: 'iVBO+/==' }],
  ['json is parsed', { type: 'json', json: '{"a": [1, null]}' }, { type: 'json', json: { a: [1, null] } }],
  ['vegalite', { type: 'vegalite', spec: '{"mark": "bar"}' }, { type: 'vegalite', spec: '{"mark": "bar"}' }],
  [
    'table: int8 numbers become bigint',
    { type: 'table', columns: [{ name: 'n', typeOid: 20, typeName: 'int8' }, { name: 'x', typeOid: 701, typeName: 'float8' }], rows: [[1, 1], [null, 2.5]], rowCount: 9, command: 'c' },
    { type: 'table', table: { columns: [{ name: 'n', typeOid: 20, typeName: 'int8' }, { name: 'x', typeOid: 701, typeName: 'float8' }], rows: [[1n, 1], [null, 2.5]], rowCount: 9, command: 'c' } },
  ],
  ['none', null, null],
];

const malformed: [string, unknown][] = [
  ['unknown type', { type: 'javascript', javascript: 'alert(1)' }],
  ['text not a string', { type: 'text', text: 5 }],
  ['image of another type', { type: 'image', mime: 'image/svg+xml', base64: 'PHN2Zz4=' }],
  ['image data not base64', { type: 'image', mime: 'image/png', base64: '"><script>' }],
  ['json not JSON', { type: 'json', json: '{' }],
  ['vegalite spec not an object', { type: 'vegalite', spec: '[1]' }],
  ['table row of the wrong width', { type: 'table', columns: [{ name: 'a', typeOid: 23, typeName: 'int4' }], rows: [[1, 2]], rowCount: 1, command: 'c' }],
  ['table column without a name', { type: 'table', columns: [{ typeOid: 23, typeName: 'int4' }], rows: [], rowCount: 0, command: 'c' }],
  ['a list', ['text', 'x']],
];

describe('readPythonOutput', () => {
  it.each(valid)('%s', (_name, input, expected) => {
    expect(readPythonOutput(input)).toEqual(expected);
  });
  it.each(malformed)('%s becomes a note', (_name, input) => {
    expect(readPythonOutput(input)).toEqual({ type: 'text', text: expect.stringMatching(/^\(Ripple could not show this (".*" )?output: it was malformed\.\)$/) });
  });
});
