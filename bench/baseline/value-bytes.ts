/**
 * The size of a result's values as decoded, the yardstick of the memory target
 * (the page's heap for a large result within 2× of it): each value at its smallest
 * natural size in a JavaScript engine, with nothing around it. A number, a bigint or a
 * date is 8 bytes (a double); a boolean 1; a string 1 byte per character when all are
 * Latin-1 (as V8 stores such a string) and 2 otherwise; bytes their length; an array or
 * object its members; NULL nothing.
 */
export function valueBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'string':
      return latin1(value) ? value.length : 2 * value.length;
    case 'object':
      if (value instanceof Date) return 8;
      if (ArrayBuffer.isView(value)) return value.byteLength;
      if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + valueBytes(item), 0);
      return Object.values(value).reduce((sum: number, item) => sum + valueBytes(item), 0);
    default:
      return 0;
  }
}

function latin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}
