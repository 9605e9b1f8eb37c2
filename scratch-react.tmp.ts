import { buildIfNeeded, serve } from './bench/build';
import { launchChromium } from './test/e2e/browser';
import { importNotebook, freshPage } from './bench/app';
import { timeEdit } from './bench/edit';
import { editor, setCode } from './test/e2e/notebook-page';

await buildIfNeeded(process.cwd(), false);
const server = await serve(process.cwd());
const browser = await launchChromium();
const { page } = await freshPage(browser);
await page.addInitScript(() => {
  const log: [string, number, number][] = [];
  (window as any).__log = log;
  const wrap = (fn: (e: MessageEvent) => void) => function (this: unknown, e: MessageEvent) { const t0 = performance.now(); const r = fn.call(this, e); log.push(['msg', t0, performance.now() - t0]); return r; };
  const desc = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
  Object.defineProperty(MessagePort.prototype, 'onmessage', { set(f) { desc.set!.call(this, f ? wrap(f) : f); }, get() { return desc.get!.call(this); } });
  const add = MessagePort.prototype.addEventListener;
  MessagePort.prototype.addEventListener = function (type: string, f: any, o?: any) { return add.call(this, type, type === 'message' && typeof f === 'function' ? wrap(f) : f, o); } as any;
  const raf = window.requestAnimationFrame.bind(window);
  const rafs: [number, string][] = [];
  (window as any).__rafs = rafs;
  window.requestAnimationFrame = (cb) => { rafs.push([performance.now(), (new Error().stack ?? '').split('\n').slice(2, 5).map((l) => l.trim().replace(/https?:\/\/[^/]+\//, '')).join(' < ')]); return raf(cb); };
  const muts: [number, string][] = [];
  (window as any).__muts = muts;
  new MutationObserver((records) => { const t = performance.now(); for (const r of records) muts.push([t, `${r.type}:${(r.target as Element).className ?? r.target.nodeName}:${r.attributeName ?? ''}`]); }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const frame = () => { log.push(['frame', performance.now(), 0]); raf(frame); };
  if ((window as any).FRAMES) raf(frame);
});
await page.goto(server.url);
await page.locator('[aria-label="Output of cell 4"] .text-output').waitFor({ timeout: 300_000 });
const cells: any[] = [{ kind: 'python', code: 'x = 1' }, { kind: 'sql', code: 'select {x} + 1 as y', resultName: 'r' }];
for (let i = 1; i <= 10; i++) cells.push({ kind: 'python', code: i === 10 ? `v${i} = v${i - 1} + 1\nv${i}` : `v${i} = ${i === 1 ? "r[0]['y']" : `v${i - 1}`} + 1` });
await importNotebook(page, 'Bench: reactive chain', cells);
await page.locator(`[aria-label="Output of cell 12"] .text-output`).filter({ hasText: '12' }).waitFor({ timeout: 180_000 });
for (let i = 0; i < 40; i++) {
  const x = 1000 + i;
  await setCode(page, 1, `x = ${x}`);
  await editor(page, 1).focus();
  await page.evaluate(() => { (window as any).__log.length = 0; (window as any).__rafs.length = 0; (window as any).__muts.length = 0; });
  const r = await timeEdit(page, { cell: 12, text: String(x + 11) }, async () => {});
  const log: [string, number, number][] = await page.evaluate(() => (window as any).__log.slice());
  const rel = log.filter(([, t]) => t >= r.keydownAt - 20 && t <= r.outputAt + 5).map(([k, t, d]) => `${k === 'msg' ? 'M' : 'F'}${(t - r.keydownAt).toFixed(1)}${k === 'msg' ? `(${d.toFixed(1)})` : ''}`);
  console.log(`${(r.outputAt - r.keydownAt).toFixed(1)} ms: ${rel.join(' ')}`);
  const rafs: [number, string][] = await page.evaluate(() => (window as any).__rafs.slice());
  const muts: [number, string][] = await page.evaluate(() => (window as any).__muts.slice());
  if (r.outputAt - r.keydownAt > 16) {
    for (const [t, s] of rafs.filter(([t]) => t >= r.keydownAt - 5 && t < r.keydownAt + 40)) console.log('  raf', (t - r.keydownAt).toFixed(1), s);
    for (const [t, s] of muts.filter(([t]) => t >= r.keydownAt - 5 && t < r.keydownAt + 40).filter(([, s]) => !s.includes('stale') && !s.startsWith('characterData')).slice(0, 12)) console.log('  mut', (t - r.keydownAt).toFixed(1), s);
  }
}
await browser.close();
await server.close();
