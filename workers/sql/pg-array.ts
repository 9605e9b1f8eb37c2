/**
 * PostgreSQL array text format (the `{...}` literal). Encoding quotes every element
 * so that no element content (commas, braces, spaces, the word NULL) can be
 * misread; parsing follows array_in's rules so it accepts anything Postgres prints.
 */

export type PgArrayItem = string | null | PgArrayItem[];

/** Characters array_in treats as whitespace (scanner_isspace). */
const SPACE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);
const DIMENSIONS = /^\s*((?:\[\s*[+-]?\d+\s*(?::\s*[+-]?\d+\s*)?\])+)\s*=/;

function checkDelimiter(delimiter: string): void {
  if (delimiter.length !== 1 || '{}"\\'.includes(delimiter) || SPACE.has(delimiter)) {
    throw new Error(`Invalid array delimiter ${JSON.stringify(delimiter)}: it must be one character other than braces, quotes, backslash or whitespace`);
  }
}

/** The delimiter only matters for element types like box whose typdelim is ';'. */
export function encodePgArray(items: readonly PgArrayItem[], delimiter = ','): string {
  checkDelimiter(delimiter);
  const parts = items.map((item): string => {
    if (item === null) return 'NULL';
    if (Array.isArray(item)) return encodePgArray(item, delimiter);
    return `"${item.replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${parts.join(delimiter)}}`;
}

class ArrayParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
  ) {}

  fail(problem: string): never {
    const shown = this.text.length > 80 ? `${this.text.slice(0, 77)}...` : this.text;
    throw new Error(`Malformed array literal ${JSON.stringify(shown)}: ${problem} at position ${this.pos + 1}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && SPACE.has(this.text[this.pos] ?? '')) this.pos += 1;
  }

  parseTop(): PgArrayItem[] {
    const dims = DIMENSIONS.exec(this.text);
    if (dims) this.pos = dims[0].length;
    this.skipSpace();
    if (this.text[this.pos] !== '{') this.fail('expected "{"');
    const result = this.parseArray();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text after the closing "}"');
    if (dims?.[1] !== undefined && result.length > 0) {
      const declared = [...dims[1].matchAll(/\[\s*([+-]?\d+)\s*(?::\s*([+-]?\d+)\s*)?\]/g)].map((m) =>
        m[2] === undefined ? Number(m[1]) : Number(m[2]) - Number(m[1]) + 1,
      );
      const actual = shapeOf(result);
      if (declared.join('x') !== actual.join('x')) this.fail(`the dimension prefix declares ${declared.join('x')} elements but the value has ${actual.join('x')}`);
    }
    return result;
  }

  /** Called with pos on '{'; returns with pos just past the matching '}'. */
  parseArray(): PgArrayItem[] {
    this.pos += 1;
    const items: PgArrayItem[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return items;
    }
    for (;;) {
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('missing closing "}"');
      if (ch === '{') items.push(this.parseArray());
      else if (ch === '"') items.push(this.parseQuoted());
      else items.push(this.parseUnquoted());
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === undefined) this.fail('missing closing "}"');
      this.pos += 1;
      if (sep === '}') break;
      if (sep !== this.delimiter) {
        this.pos -= 1;
        this.fail(`expected "${this.delimiter}" or "}" but found ${JSON.stringify(sep)}`);
      }
    }
    const nested = items.filter(Array.isArray).length;
    if (nested !== 0 && nested !== items.length) this.fail('elements and sub-arrays are mixed at the same level');
    if (nested > 0) shapeOf(items, (problem) => this.fail(problem));
    return items;
  }

  parseQuoted(): string {
    this.pos += 1;
    let out = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('unterminated quoted element');
      this.pos += 1;
      if (ch === '"') return out;
      if (ch === '\\') {
        const escaped = this.text[this.pos];
        if (escaped === undefined) this.fail('unterminated quoted element');
        out += escaped;
        this.pos += 1;
      } else {
        out += ch;
      }
    }
  }

  parseUnquoted(): string | null {
    let out = '';
    // Trailing whitespace is dropped, but not if it was backslash-escaped.
    let keep = 0;
    let escapedAny = false;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || ch === this.delimiter || ch === '}') break;
      if (ch === '{' || ch === '"') this.fail(`unexpected ${JSON.stringify(ch)} inside an unquoted element`);
      this.pos += 1;
      if (ch === '\\') {
        const escaped = this.text[this.pos];
        if (escaped === undefined) this.fail('backslash at end of input');
        out += escaped;
        this.pos += 1;
        keep = out.length;
        escapedAny = true;
      } else {
        out += ch;
        if (!SPACE.has(ch)) keep = out.length;
      }
    }
    out = out.slice(0, keep);
    if (out === '' && !escapedAny) this.fail('empty element');
    return !escapedAny && out.toUpperCase() === 'NULL' ? null : out;
  }
}

/** Lengths per dimension; reports ragged sub-arrays, which Postgres rejects. */
function shapeOf(items: readonly PgArrayItem[], fail?: (problem: string) => never): number[] {
  const first = items[0];
  if (!Array.isArray(first)) return [items.length];
  const inner = shapeOf(first, fail);
  for (const item of items) {
    const shape = Array.isArray(item) ? shapeOf(item, fail) : [];
    if (fail && shape.join(',') !== inner.join(',')) fail('sub-arrays must have matching dimensions');
  }
  return [items.length, ...inner];
}

export function parsePgArray(text: string, delimiter = ','): PgArrayItem[] {
  checkDelimiter(delimiter);
  return new ArrayParser(text, delimiter).parseTop();
}
