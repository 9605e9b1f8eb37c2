import { describe, expect, it } from 'vitest';
import { lex } from '../../workers/sql/lexer';

/** Non-whitespace tokens as `kind:text`, so each case pins where every span starts and ends. */
function tokens(source: string): string[] {
  return lex(source)
    .filter((t) => t.kind !== 'whitespace')
    .map((t) => `${t.kind}:${source.slice(t.start, t.end)}`);
}

const cases: [string, string[]][] = [
  ["E'a\\'b'", ["string:E'a\\'b'"]],
  ["type'x'", ['word:type', "string:'x'"]],
  ["mode'\\' x", ['word:mode', "string:'\\'", 'word:x']],
  ["U&'x' u&\"y\"", ["string:U&'x'", 'word:u', 'other:&', 'quotedIdent:"y"']],
  ['$1$$ a $$', ['param:$1', 'dollarString:$$ a $$']],
  ['$1a', ['param:$1', 'word:a']],
  ['a$b$c', ['word:a$b$c']],
  ['$_t1$ x $_t1$', ['dollarString:$_t1$ x $_t1$']],
  ['1$$x$$', ['word:1', 'dollarString:$$x$$']],
  ['/* a /* b */ c */d', ['blockComment:/* a /* b */ c */', 'word:d']],
  ['--x\r\ny', ['lineComment:--x', 'word:y']],
  ['{a}{b c}', ['placeholder:{a}', 'other:{', 'word:b', 'word:c', 'other:}']],
  ['(a;b)', ['openParen:(', 'word:a', 'semicolon:;', 'word:b', 'closeParen:)']],
  ['"a""b"', ['quotedIdent:"a""b"']],
];

describe('lex', () => {
  it.each(cases)('%j', (source, expected) => {
    expect(tokens(source)).toEqual(expected);
  });

  it.each(["'abc", 'E\'a\\', '"abc', '$$abc', '$t$abc $$', '/* /* */', '--'])('unterminated %j covers the whole input', (source) => {
    const all = lex(source);
    expect(all.map((t) => [t.start, t.end])).toEqual([[0, source.length]]);
  });
});
