/**
 * Run-time facts about the cell kinds. The kinds themselves are `CellKind` in protocol.ts;
 * this record must name each of them (TypeScript checks it), so a new kind cannot be
 * forgotten by validation, menus or file formats that iterate over CELL_KINDS.
 */
import type { CellKind } from './protocol';

const LABELS: Readonly<Record<CellKind, string>> = { python: 'Python', sql: 'SQL', markdown: 'Markdown' };

export const CELL_KINDS = Object.keys(LABELS) as readonly CellKind[];

export function isCellKind(value: unknown): value is CellKind {
  return typeof value === 'string' && Object.hasOwn(LABELS, value);
}

/** The name users see, e.g. in "Add Markdown cell". */
export function cellKindLabel(kind: CellKind): string {
  return LABELS[kind];
}
