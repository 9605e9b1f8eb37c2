import { describe, expect, it } from 'vitest';
import { encodePgArray, parsePgArray, type PgArrayItem } from '../../workers/sql/pg-array';

describe('encodePgArray', () => {
  const cases: [PgArrayItem[], string][] = [
    [[], '{}'],
    [['a', null, 'b c'], '{"a",NULL,"b c"}'],
    [['NULL'], '{"NULL"}'],
    [['say "hi"', 'C:\\dir'], '{"say \\"hi\\"","C:\\\\dir"}'],
    [[['1', '2'], ['3', null]], '{{"1","2"},{"3",NULL}}'],
    [[''], '{""}'],
  ];
  it.each(cases)('%j', (items, expected) => {
    expect(encodePgArray(items)).toEqual(expected);
  });

  it('uses the given delimiter (box[] uses ;)', () => {
    expect(encodePgArray(['(1,2),(3,4)', '(0,0),(1,1)'], ';')).toEqual('{"(1,2),(3,4)";"(0,0),(1,1)"}');
  });
});

describe('parsePgArray', () => {
  const cases: [string, PgArrayItem[]][] = [
    ['{}', []],
    ['{1,2,NULL}', ['1', '2', null]],
    ['{null,Null,nULl}', [null, null, null]],
    ['{"NULL",NULL}', ['NULL', null]],
    ['{"a b","c\\"d",""}', ['a b', 'c"d', '']],
    ['{{1,2},{3,4}}', [['1', '2'], ['3', '4']]],
    ['{{{1},{2}},{{3},{4}}}', [[['1'], ['2']], [['3'], ['4']]]],
    ['[0:1]={1,2}', ['1', '2']],
    ['[0:1][1:2]={{1,2},{3,4}}', [['1', '2'], ['3', '4']]],
    ['[-3:-2]={a,b}', ['a', 'b']],
    ['[3]={a,b,c}', ['a', 'b', 'c']],
    ['  { 1 ,  a b  , "x" }  ', ['1', 'a b', 'x']],
    ['{a\\,b,\\NULL,c\\ }', ['a,b', 'NULL', 'c ']],
    ['{"\\\\",\\\\}', ['\\', '\\']],
    ['{ü,"😀 x"}', ['ü', '😀 x']],
    ['{{"{x}",NULL}}', [['{x}', null]]],
    ['{"",""}', ['', '']],
    ['{t,f}', ['t', 'f']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parsePgArray(text)).toEqual(expected);
  });

  it.each([
    ['{"(3,4),(1,2)";(1,1),(0,0)}', ';', ['(3,4),(1,2)', '(1,1),(0,0)']],
    ['{a,b;c}', ';', ['a,b', 'c']],
  ] satisfies [string, string, PgArrayItem[]][])('%s with delimiter %j', (text, delimiter, expected) => {
    expect(parsePgArray(text, delimiter)).toEqual(expected);
  });
});

describe('parsePgArray rejects malformed input', () => {
  const cases: [string, RegExp][] = [
    ['', /expected "\{"/],
    ['1,2', /expected "\{"/],
    ['{1,2', /missing closing "\}"/],
    ['{1,}', /empty element/],
    ['{,1}', /empty element/],
    ['{"abc}', /unterminated quoted element/],
    ['{"a"b}', /expected "," or "\}"/],
    ['{a"b"}', /unexpected "\\"" inside an unquoted element/],
    ['{1,{2}}', /mixed at the same level/],
    ['{{1,2},{3}}', /matching dimensions/],
    ['{1} x', /unexpected text after/],
    ['[0:1][0:1]={1,2}', /declares 2x2 elements but the value has 2/],
    ['[0:1]={1}', /declares 2 elements but the value has 1/],
    ['{a\\', /backslash at end of input/],
  ];
  it.each(cases)('%j', (text, message) => {
    expect(() => parsePgArray(text)).toThrow(message);
  });

  it.each(['', ';;', '"', '\\', '{', ' '])('rejects delimiter %j', (delimiter) => {
    expect(() => parsePgArray('{}', delimiter)).toThrow(/Invalid array delimiter/);
  });
});

describe('encode then parse round-trips hostile strings', () => {
  const cases: PgArrayItem[][] = [
    ['"', '\\', ',', '{', '}', ' ', '', 'NULL', 'null'],
    [' leading and trailing ', '\t\n', 'a\\"b', '\\\\"'],
    ['ü', '😀', '日本語', 'e\u0301'],
    ['"; DROP TABLE t; --', "O'Reilly", '$$', '}{', '{"a":1}'],
    [null, '', null],
    [[['a', null], ['"', '\\']], [['{', '}'], [',', 'NULL']]],
    [],
  ];
  it.each(cases.map((items) => [items]))('%j', (items) => {
    expect(parsePgArray(encodePgArray(items))).toEqual(items);
  });

  it('round-trips with the ; delimiter', () => {
    const items = ['a;b', 'c,d', null];
    expect(parsePgArray(encodePgArray(items, ';'), ';')).toEqual(items);
  });
});
