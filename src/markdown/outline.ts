/**
 * The notebook's outline: the headings of its Markdown cells, ATX (`# Title` … `###### Title`)
 * and setext (a paragraph underlined with `===` or `---`), outside fenced code. Pure and without markdown-it, so the outline shows before the
 * renderer has loaded.
 */
export interface OutlineEntry {
  readonly cellId: string;
  readonly level: number;
  readonly text: string;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that start another block, so they are not a paragraph a setext underline could make a heading. */
const NOT_PARAGRAPH = /^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>)|^(?: {4}|\t)/;

const unescape = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1').trim();

export function markdownHeadings(source: string): { level: number; text: string }[] {
  const headings: { level: number; text: string }[] = [];
  let fence: string | undefined;
  let paragraph: string[] = [];
  for (const line of source.split(/\r\n?|\n/)) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      paragraph = [];
      continue;
    }
    const underline = UNDERLINE.exec(line)?.[1];
    if (underline !== undefined && paragraph.length > 0) {
      const text = unescape(paragraph.join(' '));
      if (text !== '') headings.push({ level: underline[0] === '=' ? 1 : 2, text });
      paragraph = [];
      continue;
    }
    const heading = HEADING.exec(line);
    const text = unescape(heading?.[2] ?? '');
    if (heading && text !== '') headings.push({ level: heading[1]!.length, text });
    if (heading || line.trim() === '' || NOT_PARAGRAPH.test(line)) paragraph = [];
    else paragraph.push(line.trim());
  }
  return headings;
}

export function notebookOutline(cells: readonly { readonly id: string; readonly kind: string; readonly code: string }[]): OutlineEntry[] {
  return cells.filter((c) => c.kind === 'markdown').flatMap((c) => markdownHeadings(c.code).map((h) => ({ cellId: c.id, ...h })));
}
