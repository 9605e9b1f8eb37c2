import type { View } from './load-vega';

function save(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** The drawn chart as an SVG file. */
export async function downloadSvg(view: View, baseName: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([await view.toSVG()], { type: 'image/svg+xml' }));
  save(url, `${baseName}.svg`);
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The drawn chart as a PNG at twice its size, sharp on high-density screens. */
export async function downloadPng(view: View, baseName: string): Promise<void> {
  save(await view.toImageURL('png', 2), `${baseName}.png`);
}
