import { launchChromium } from './test/e2e/browser';
import { serveStatic } from './test/e2e/static-server';
import { waitForIsolation } from './test/e2e/offline-page';
const host = await serveStatic('dist');
const browser = await launchChromium();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(host.url);
await waitForIsolation(page);
const t0 = Date.now();
for (let i = 0; i < 30; i++) {
  const r = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const out: string[] = [];
    for await (const handle of root.values()) {
      if (handle.kind !== 'directory' || !handle.name.startsWith('ripple-')) continue;
      try {
        const t = await (await (await (handle as FileSystemDirectoryHandle).getFileHandle('state.txt')).getFile()).text();
        const ops: Record<string, number> = {};
        for (const m of t.matchAll(/"opp":"(\w+)"/g)) ops[m[1]!] = (ops[m[1]!] ?? 0) + 1;
        out.push(JSON.stringify(ops) + ' len ' + t.length + ' first ' + t.slice(0, 80));
      } catch (e) { out.push(String(e)); }
    }
    return out.join('; ') + ' | tables ' + document.querySelectorAll('[role=table]').length;
  });
  console.log(Date.now() - t0, r);
  await page.waitForTimeout(250);
}
await browser.close();
await host.close();
