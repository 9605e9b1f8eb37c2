import { render, waitFor } from '@solidjs/testing-library';
import { expect, it, vi } from 'vitest';

// The renderer is a lazy chunk; offline before it was cached it cannot load. The cell then
// shows its own text (escaped) and says why, instead of nothing.
vi.mock('../../src/markdown/load', () => ({ loadMarkdownRenderer: () => Promise.reject(new Error('Failed to fetch dynamically imported module')) }));

it('shows the cell’s text, escaped, when the renderer cannot load', async () => {
  const { MarkdownView } = await import('../../src/notebook/MarkdownView');
  const screen = render(() => (
    <MarkdownView code={'# Title\n<img src=x onerror="globalThis.pwned=3">'} label="Cell 1" output={undefined} onChange={() => {}} onRender={() => {}} ref={() => {}} />
  ));
  const article = await screen.findByRole('article', { name: 'Markdown of cell 1' });
  await waitFor(() => expect(article.querySelector('[role="note"]')).not.toBeNull());
  expect({ note: article.querySelector('[role="note"]')?.textContent, text: article.querySelector('pre')?.textContent, images: article.querySelectorAll('img').length }).toEqual({
    note: 'The Markdown renderer could not load, so this is the cell’s text as written.'.replace('’', "'"),
    text: '# Title\n<img src=x onerror="globalThis.pwned=3">',
    images: 0,
  });
});
