/**
 * The Markdown parser's rules (before sanitizing; the sanitizer has its own tests in
 * sanitize.test.ts, in jsdom, and in Chromium through test/e2e/markdown.e2e.ts).
 */
import { describe, expect, it } from 'vitest';
import { createMarkdownParser } from '../../src/markdown/render';

const md = createMarkdownParser();

describe('Markdown rendering', () => {
  it('renders CommonMark headings and GFM tables', () => {
    const html = md.render('# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n', {});
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toMatch(/<table>[\s\S]*<td>1<\/td>\s*<td>2<\/td>/);
  });

  it('turns task list items into disabled checkboxes', () => {
    const html = md.render('- [ ] todo\n- [x] done\n- [y] not a task\n', {});
    expect(html.match(/<input[^>]*>/g)).toEqual(['<input type="checkbox" disabled>', '<input type="checkbox" disabled checked>']);
    expect(html).toContain('[y] not a task');
    expect(html.match(/class="task-list-item"/g)?.length).toBe(2);
  });

  it('highlights fenced Python and SQL with token classes, other languages are escaped', () => {
    const html = md.render('```python\ndef f(): return "<b>"\n```\n\n```sql\nSELECT 1\n```\n\n```js\n<b>\n```', {});
    expect(html).toContain('<span class="tok-keyword">def</span>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('<span class="tok-keyword">SELECT</span>');
    expect(html).not.toContain('<b>');
  });

  it('typesets $…$ and $$…$$ with KaTeX; braces in math are not variables', () => {
    const html = md.render('Inline $\\frac{a}{b}$ and\n\n$$\nx^{2}\n$$\n', {});
    expect(html.match(/class="katex"/g)?.length).toBe(2);
    expect(html).toContain('katex-display');
    expect(html).not.toContain('md-var');
  });

  it('KaTeX does not trust the source: no \\href, errors shown, not thrown', () => {
    const html = md.render('$\\href{javascript:alert(1)}{x}$ and $\\frac{$', {});
    expect(html).not.toMatch(/href="javascript/);
    expect(html).toContain('katex');
  });

  it('shows {name} values as escaped text, a missing name as a marker, not in code or escaped', () => {
    const html = md.render('Hi {user}, {gone}, {later}. `{user}` \\{user}\n\n```\n{user}\n```\n\n    {user}\n', {
      user: { text: 'Ada & <b>Bob</b>' },
      gone: { missing: true },
    });
    expect(html.match(/<span class="md-var[^"]*" data-name="\w+">[^<]*<\/span>/g)).toEqual([
      '<span class="md-var" data-name="user">Ada &amp; &lt;b&gt;Bob&lt;/b&gt;</span>',
      '<span class="md-var md-var-missing" data-name="gone">‹gone: not defined›</span>',
      '<span class="md-var md-var-pending" data-name="later">{later}</span>',
    ]);
    expect(html).toContain('<code>{user}</code>');
    expect(html).toContain(' {user}</p>');
    expect(html).toContain('<pre><code>{user}\n</code></pre>');
  });

  it('marks a truncated value', () => {
    expect(md.render('{x}', { x: { text: 'abc', truncated: true } })).toContain('>abc…</span>');
  });
});
