/**
 * The notebook's outline: ATX headings (`# Title` … `###### Title`) of its Markdown cells,
 * outside fenced code. Pure and without markdown-it, so the outline shows before the
 * renderer has loaded.
 */
export interface OutlineEntry {
  readonly cellId: string;
  readonly level: number;
  readonly text: string;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function markdownHeadings(source: string): { level: number; text: string }[] {
  const headings: { level: number; text: string }[] = [];
  let fence: string | undefined;
  for (const line of source.split(/\r\n?|\n/)) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    const heading = HEADING.exec(line);
    const text = (heading?.[2] ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1').trim();
    if (heading && text !== '') headings.push({ level: heading[1]!.length, text });
  }
  return headings;
}

export function notebookOutline(cells: readonly { readonly id: string; readonly kind: string; readonly code: string }[]): OutlineEntry[] {
  return cells.filter((c) => c.kind === 'markdown').flatMap((c) => markdownHeadings(c.code).map((h) => ({ cellId: c.id, ...h })));
}
