// Renders the app icons (public/icons/*.png) from SVG in Chromium. Run after changing the
// artwork: `node bench/run-node.mjs /scripts/make-icons.ts`. The PNGs are committed.
import { writeFileSync } from 'node:fs';
import { launchChromium } from '../test/e2e/browser.ts';

const ACCENT = '#2563eb';

/** The favicon's three rings; `scale` is the rings' outer radius as a fraction of the icon. */
function rings(color: string, scale: number): string {
  const r = (fraction: number) => (50 * scale * fraction).toFixed(2);
  return `<g fill="none" stroke="${color}" stroke-width="${(50 * scale * 0.2).toFixed(2)}">
    <circle cx="50" cy="50" r="${r(1)}"/><circle cx="50" cy="50" r="${r(0.57)}"/></g>
    <circle cx="50" cy="50" r="${r(0.22)}" fill="${color}"/>`;
}

const ICONS: readonly { file: string; size: number; svg: string }[] = [
  // "any": rings on a white rounded square, so the icon reads on light and dark launchers.
  ...[192, 512].map((size) => ({
    file: `icon-${size}.png`,
    size,
    svg: `<rect x="2" y="2" width="96" height="96" rx="22" fill="#ffffff"/>${rings(ACCENT, 0.8)}`,
  })),
  // "maskable": full-bleed background; the rings stay inside the 80 % safe circle.
  { file: 'icon-maskable-512.png', size: 512, svg: `<rect width="100" height="100" fill="${ACCENT}"/>${rings('#ffffff', 0.62)}` },
  // The tab's icon (the rings of the header's logo), as a PNG: the page decodes a favicon on its
  // main thread during start-up, an SVG one as a document of its own (4-17 ms in a trace
  // of a reload, before the notebook's first frame), a PNG one in well under a millisecond.
  { file: 'favicon-32.png', size: 32, svg: rings(ACCENT, 0.875) },
];

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="${icon.size}" height="${icon.size}">${icon.svg}</svg></body></html>`,
    );
    writeFileSync(`public/icons/${icon.file}`, await page.screenshot({ omitBackground: true }));
  }
} finally {
  await browser.close();
}
