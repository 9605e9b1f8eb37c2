import type { BrowserContext } from 'playwright-core';
import { editor, setCode } from '../test/e2e/notebook-page';
import { watchedPage } from './app';
import { timeEdit } from './edit';

/**
 * The least a painted reaction can take in this browser: a page shaped like a notebook
 * to the edit probe (cell 1's editor, an output), whose Ctrl+Enter handler writes the
 * new value into the output at once. Nothing runs between the keydown and the change,
 * so the time to the change painted is the browser's own: the wait for a frame and the
 * frame itself. Measured here (slow kind of host), p50 4.9-8.2 ms and p95 12.5-13.8 ms.
 */
export const FLOOR_PAGE = `<!doctype html><meta charset="utf-8"><title>Frame floor</title>
<textarea aria-label="Code of cell 1" rows="3" cols="40"></textarea>
<div aria-label="Output of cell 2"><div class="text-output"></div></div>
<script>
  const code = document.querySelector('textarea');
  code.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    document.querySelector('.text-output').textContent = code.value.replace(/^x = /, '');
  });
</script>`;

/** `edits` timed edits on the floor page (the same typing, keys and probe as the app's), after `warmUp` unrecorded ones. */
export async function frameFloor(context: BrowserContext, edits: number, warmUp: number): Promise<{ painted: number[]; inDom: number[] }> {
  const { page } = await watchedPage(context);
  try {
    await page.setContent(FLOOR_PAGE);
    const painted: number[] = [];
    const inDom: number[] = [];
    for (let i = 0; i < warmUp + edits; i++) {
      const value = String(1000 + i);
      const result = await timeEdit(page, { cell: 2, text: value }, async () => {
        await setCode(page, 1, `x = ${value}`);
        await editor(page, 1).focus();
      });
      if (i < warmUp) continue;
      painted.push(result.outputAt - result.keydownAt);
      inDom.push(result.outputInDomAt - result.keydownAt);
    }
    return { painted, inDom };
  } finally {
    await page.close();
  }
}
