import { describe, expect, it } from 'vitest';
import { markdownReferences } from '../../workers/markdown/references';
import { markdownHeadings, notebookOutline } from '../../src/markdown/outline';

describe('markdownReferences: the {name}s a Markdown cell reads', () => {
  const table: [string, string, string[]][] = [
    ['plain text', 'Hello {user}, you have {count} items; again {user}', ['user', 'count']],
    ['not an identifier', '{1x} {a-b} { spaced } {}', []],
    ['escaped brace', 'literal \\{x} but {y}', ['y']],
    ['code span', 'run `print({x})` with {y}', ['y']],
    ['double-backtick code span', '``a `{x}` b`` and {y}', ['y']],
    ['code span across a line break', '`a\n{x}` {y}', ['y']],
    ['unclosed backtick is text', '`{x}', ['x']],
    ['fenced code', '```python\nprint({x})\n```\n{y}', ['y']],
    ['tilde fence, longer closing', '~~~\n{x}\n~~~~\n{y}', ['y']],
    ['a shorter fence does not close', '````\n{x}\n```\n{z}\n````\n{y}', ['y']],
    ['unclosed fence runs to the end', '```\n{x}\n', []],
    ['indented code after a blank line', 'para\n\n    {x}\n\n{y}', ['y']],
    ['indented continuation of a paragraph is prose', 'para\n    {x}', ['x']],
    ['inline math', 'area $\\frac{a}{b}$ is {y}', ['y']],
    ['display math inside a line', 'see $$\\sqrt{a}$$ {y}', ['y']],
    ['a line opening with $$ opens a block to its closing line', '$$\\sqrt{a}$$ {x}\nmore $$\n{y}', ['y']],
    ['block math', '$$\n\\frac{a}{b}\n$$\n{y}', ['y']],
    ['prices are not math', 'costs $5 and {y} or $6', ['y']],
    ['CRLF lines', '```\r\n{x}\r\n```\r\n{y}', ['y']],
  ];
  it.each(table)('%s', (_what, source, names) => {
    expect(markdownReferences(source)).toEqual(names);
  });
});

describe('outline: headings of Markdown cells', () => {
  it('reads ATX headings, not those in fenced code, and drops closing #s', () => {
    expect(markdownHeadings('# Title\ntext\n## Part *one* ##\n```\n# not a heading\n```\n####### seven\n#nospace')).toEqual([
      { level: 1, text: 'Title' },
      { level: 2, text: 'Part *one*' },
    ]);
  });
  it('reads setext headings (=== level 1, --- level 2), not thematic breaks or list items', () => {
    expect(markdownHeadings('Quarterly\nreport\n=========\n\ntext\n\n---\n\nSection \\*two\\*\n---\n- item\n---\n```\nfenced\n===\n```')).toEqual([
      { level: 1, text: 'Quarterly report' },
      { level: 2, text: 'Section *two*' },
    ]);
  });
  it('lists only Markdown cells, in notebook order', () => {
    const cells = [
      { id: 'a', kind: 'markdown', code: '# Intro' },
      { id: 'b', kind: 'python', code: '# a comment' },
      { id: 'c', kind: 'markdown', code: 'text\n### Details' },
    ];
    expect(notebookOutline(cells)).toEqual([
      { cellId: 'a', level: 1, text: 'Intro' },
      { cellId: 'c', level: 3, text: 'Details' },
    ]);
  });
});
