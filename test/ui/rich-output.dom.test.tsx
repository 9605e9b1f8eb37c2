import { render, waitFor } from '@solidjs/testing-library';
import { expect, it } from 'vitest';
import { CellOutput } from '../../src/notebook/CellOutput';
import { emptyRunState, type CellRunState } from '../../src/notebook/cell-state';
import { JSON_CHILDREN_SHOWN } from '../../src/notebook/outputs/JsonTree';
import { texOf } from '../../src/notebook/outputs/LatexOutput';
import type { CellOutput as Output } from '../../workers/protocol';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function show(run: Partial<CellRunState>): HTMLElement {
  const { container } = render(() => <CellOutput run={{ ...emptyRunState(), status: 'done', ...run }} label="Output of Cell 2" />);
  return container;
}
const only = (output: Output): HTMLElement => show({ output });

it('display() outputs render in order between the printed text', () => {
  const container = show({
    streams: [
      { name: 'stdout', text: 'before' },
      { name: 'display', output: { type: 'image', mime: 'image/png', base64: PNG } },
      { name: 'stdout', text: 'after' },
    ],
  });
  const region = container.querySelector('[role="region"]')!;
  expect([...region.children].map((el) => (el.tagName === 'IMG' ? `img ${el.getAttribute('alt')}` : el.textContent))).toEqual(['before', 'img Image output of Cell 2', 'after']);
});

it('an image is a data: URL with an accessible name', () => {
  const img = only({ type: 'image', mime: 'image/jpeg', base64: PNG }).querySelector('img')!;
  expect({ src: img.getAttribute('src'), alt: img.getAttribute('alt') }).toEqual({ src: `data:image/jpeg;base64,${PNG}`, alt: 'Image output of Cell 2' });
});

it('SVG is shown in the sandboxed frame, never inline in the page', () => {
  const container = only({ type: 'svg', svg: '<svg onload="globalThis.pwned=1"><script>globalThis.pwned=1</script></svg>' });
  const frame = container.querySelector('iframe')!;
  expect({ sandbox: frame.getAttribute('sandbox'), title: frame.getAttribute('title'), inlineSvg: container.querySelector('svg'), pwned: (globalThis as { pwned?: number }).pwned }).toEqual({
    sandbox: 'allow-scripts',
    title: 'SVG output of Cell 2',
    inlineSvg: null,
    pwned: undefined,
  });
});

it('JSON is a tree of disclosures: the first level open, keys and strings as text', () => {
  const container = only({ type: 'json', json: { '<b>k</b>': ['<script>x</script>', 1, null, { deep: true }] } });
  const group = container.querySelector('[role="group"]')!;
  const details = [...group.querySelectorAll('details')];
  expect({
    name: group.getAttribute('aria-label'),
    open: details.map((d) => d.open),
    summaries: [...group.querySelectorAll('summary')].map((s) => s.textContent),
    leaves: [...group.querySelectorAll('.json-leaf')].map((l) => l.textContent),
    noMarkup: group.querySelector('b, script'),
  }).toEqual({
    name: 'JSON output of Cell 2',
    open: [true, false, false],
    summaries: ['{1 key}', '<b>k</b>: [4 items]', '3: {1 key}'],
    leaves: ['0: "<script>x</script>"', '1: 1', '2: null', 'deep: true'],
    noMarkup: null,
  });
});

it(`a long JSON array draws its first ${JSON_CHILDREN_SHOWN} items and counts the rest`, () => {
  const container = only({ type: 'json', json: Array.from({ length: 5000 }, (_, i) => i) });
  expect({ leaves: container.querySelectorAll('.json-leaf').length, more: container.querySelector('.json-more')?.textContent }).toEqual({
    leaves: JSON_CHILDREN_SHOWN,
    more: `… ${(5000 - JSON_CHILDREN_SHOWN).toLocaleString('en-US')} more`,
  });
});

it('TeX: the delimiters IPython writes decide display or inline math', () => {
  expect(['$$x^2$$', '$x$', '\\[a\\]', '\\(b\\)', '\\begin{align}c\\end{align}'].map(texOf)).toEqual([
    { tex: 'x^2', display: true },
    { tex: 'x', display: false },
    { tex: 'a', display: true },
    { tex: 'b', display: false },
    { tex: '\\begin{align}c\\end{align}', display: true },
  ]);
});

it('LaTeX renders through KaTeX, loaded when first needed; \\href makes no link', async () => {
  const container = only({ type: 'latex', latex: '$$\\frac{a}{b} + \\href{https://example.com/}{x}$$' });
  await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull(), { timeout: 10_000 });
  const math = container.querySelector('[role="math"]')!;
  expect({ name: math.getAttribute('aria-label'), fraction: math.querySelector('.mfrac') !== null, links: math.querySelectorAll('[href]').length }).toEqual({
    name: 'Math output of Cell 2',
    fraction: true,
    links: 0,
  });
});

// Markdown output (sanitized with DOMPurify, which happy-dom does not run faithfully) is
// tested in Chromium: test/e2e/rich-output.e2e.ts.
