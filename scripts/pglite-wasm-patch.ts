/**
 * PGlite's wasm with one change to Emscripten's `mmap`: an anonymous mapping is zeroed only
 * where its memory may have been used before, not where it is fresh.
 *
 * Why: PostgreSQL asks for its whole shared memory (shared buffers, WAL buffers, locks:
 * about 150 MB with the 128 MB of shared buffers) as one anonymous `mmap` as it starts,
 * and Emscripten's `mmap` clears it with `memset(ptr, 0, len)`. That memory comes from
 * the top of the heap, never used, and WebAssembly memory is zero until written: the
 * `memset` only makes the browser give the worker every page of it at once. On the slow
 * kind of bench host that cost 0.4-0.6 s of every PGlite start (the profile of a create in
 * Node: `memset` 602 ms of 1,239), and the worker kept ~150 MB resident that a small
 * database never uses.
 *
 * How: the `memalign` call in `mmap` goes to a new function that reads the heap's break
 * (`emscripten_get_sbrk_ptr`) before it allocates and zeroes the block only below that
 * break; the `memset` after it becomes no-ops. Memory at or above the break has never been
 * handed out: Emscripten's heap only grows (its allocator never gives memory back with
 * `sbrk`, and nothing else writes above the break), so it is still zero. Every
 * assumption is checked on the bytes: the build fails rather than ship a patch that does
 * not fit (a new PGlite version gets a new look). Pure, so the build and the tests share
 * it.
 */

/** A section's id, and where its payload lies in the module's bytes. */
interface Section {
  readonly id: number;
  /** Where its id byte is. */
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

function readU32(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let p = at; ; p++) {
    const byte = bytes[p];
    if (byte === undefined || shift > 28) throw new Error('pglite.wasm: a malformed LEB128 number');
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value: value >>> 0, next: p + 1 };
  }
}

function u32(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

function sections(bytes: Uint8Array): Section[] {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('pglite.wasm: not a wasm module');
  const out: Section[] = [];
  for (let p = 8; p < bytes.length; ) {
    const id = bytes[p]!;
    const { value: size, next } = readU32(bytes, p + 1);
    out.push({ id, at: p, start: next, end: next + size });
    p = next + size;
  }
  return out;
}

function only(all: Section[], id: number): Section {
  const found = all.filter((s) => s.id === id);
  if (found.length !== 1) throw new Error(`pglite.wasm: expected one section ${id}, found ${found.length}`);
  return found[0]!;
}

/** The number of imported functions (they come first in the function index space). */
function importedFunctions(bytes: Uint8Array, section: Section): number {
  let { value: count, next: p } = readU32(bytes, section.start);
  let functions = 0;
  const skipName = (): void => {
    const { value, next } = readU32(bytes, p);
    p = next + value;
  };
  for (; count > 0; count--) {
    skipName();
    skipName();
    const kind = bytes[p++];
    if (kind === 0) {
      functions++;
      p = readU32(bytes, p).next;
    } else if (kind === 1) {
      p++; // reftype
      const flags = bytes[p++]!;
      p = readU32(bytes, p).next;
      if (flags & 1) p = readU32(bytes, p).next;
    } else if (kind === 2) {
      const flags = bytes[p++]!;
      p = readU32(bytes, p).next;
      if (flags & 1) p = readU32(bytes, p).next;
    } else if (kind === 3) {
      p += 2; // valtype, mutability
    } else {
      throw new Error(`pglite.wasm: an import of unknown kind ${kind}`);
    }
  }
  return functions;
}

function exportedFunctions(bytes: Uint8Array, section: Section): Map<string, number> {
  const decoder = new TextDecoder();
  let { value: count, next: p } = readU32(bytes, section.start);
  const out = new Map<string, number>();
  for (; count > 0; count--) {
    const name = readU32(bytes, p);
    const text = decoder.decode(bytes.subarray(name.next, name.next + name.value));
    p = name.next + name.value;
    const kind = bytes[p++];
    const index = readU32(bytes, p);
    p = index.next;
    if (kind === 0) out.set(text, index.value);
  }
  return out;
}

/** Where each defined function's body (after its size) starts and ends. */
function bodies(bytes: Uint8Array, section: Section): { start: number; end: number }[] {
  let { value: count, next: p } = readU32(bytes, section.start);
  const out: { start: number; end: number }[] = [];
  for (; count > 0; count--) {
    const size = readU32(bytes, p);
    out.push({ start: size.next, end: size.next + size.value });
    p = size.next + size.value;
  }
  return out;
}

/** The type index of each defined function (the function section). */
function functionTypes(bytes: Uint8Array, section: Section): number[] {
  let { value: count, next: p } = readU32(bytes, section.start);
  const out: number[] = [];
  for (; count > 0; count--) {
    const type = readU32(bytes, p);
    out.push(type.value);
    p = type.next;
  }
  return out;
}

function indexOf(haystack: Uint8Array, needle: readonly number[], from: number, to: number): number[] {
  const hits: number[] = [];
  for (let i = from; i + needle.length <= to; i++) {
    let match = true;
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) {
        match = false;
        break;
      }
    }
    if (match) hits.push(i);
  }
  return hits;
}

const I32_CONST = 0x41;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const CALL = 0x10;
const DROP = 0x1a;
const NOP = 0x01;

export function patchPgliteWasm(input: Uint8Array): Uint8Array<ArrayBuffer> {
  const all = sections(input);
  const imports = importedFunctions(input, only(all, 2));
  const exports = exportedFunctions(input, only(all, 7));
  const functionSection = only(all, 3);
  const codeSection = only(all, 10);
  const index = (name: string): number => {
    const found = exports.get(name);
    if (found === undefined || found < imports) throw new Error(`pglite.wasm: no exported function ${name}`);
    return found;
  };
  const mmap = index('mmap');
  const memset = index('memset');
  const memalign = index('emscripten_builtin_memalign');
  const sbrkPtr = index('emscripten_get_sbrk_ptr');
  const types = functionTypes(input, functionSection);
  const code = bodies(input, codeSection);
  if (types.length !== code.length) throw new Error('pglite.wasm: function and code sections disagree');
  const body = code[mmap - imports]!;

  // In mmap: `ptr = memalign(WASM_PAGE_SIZE, len + sizeof(struct map))` kept in a local,
  // then `memset(ptr, 0, len)` with both from locals, its result dropped.
  const memsetCall = [CALL, ...u32(memset), DROP];
  const clears = indexOf(input, memsetCall, body.start, body.end).filter(
    (at) => input[at - 6] === LOCAL_GET && input[at - 4] === I32_CONST && input[at - 3] === 0 && input[at - 2] === LOCAL_GET,
  );
  const allocs = indexOf(input, [CALL, ...u32(memalign)], body.start, body.end);
  if (clears.length !== 1 || allocs.length !== 1) throw new Error(`pglite.wasm: mmap does not look as expected (${clears.length} memset, ${allocs.length} memalign)`);
  const clear = clears[0]! - 6;
  const alloc = allocs[0]!;
  const block = alloc + 1 + u32(memalign).length; // local.tee <the block's local>
  if (clear < alloc || input[block] !== LOCAL_TEE || input[clear + 1] !== input[block + 1]) throw new Error('pglite.wasm: mmap does not clear the block it allocates');

  const added = imports + code.length; // the new function's index
  const call = [CALL, ...u32(added)];
  if (call.length !== 1 + u32(memalign).length) throw new Error('pglite.wasm: the new call does not fit in place of the old one');

  // (align, size) -> ptr: the break before, the block, then zero [ptr, min(ptr + size, break)).
  const [ALIGN, SIZE, BREAK, PTR] = [0, 1, 2, 3];
  const I32_LOAD = [0x28, 0x02, 0x00];
  const newBody = [
    1, 2, 0x7f, // two i32 locals: the break, the block
    CALL, ...u32(sbrkPtr), ...I32_LOAD, LOCAL_SET, BREAK,
    LOCAL_GET, ALIGN, LOCAL_GET, SIZE, CALL, ...u32(memalign), LOCAL_SET, PTR,
    LOCAL_GET, PTR,
    0x04, 0x40, // if the block was allocated
    LOCAL_GET, PTR, LOCAL_GET, BREAK, 0x49, // i32.lt_u: and starts below the break
    0x04, 0x40, // if
    LOCAL_GET, PTR, I32_CONST, 0,
    LOCAL_GET, SIZE, LOCAL_GET, BREAK, LOCAL_GET, PTR, 0x6b, // break - ptr
    LOCAL_GET, SIZE, LOCAL_GET, BREAK, LOCAL_GET, PTR, 0x6b, 0x49, // size < break - ptr
    0x1b, // select: size when the block ends below the break, else break - ptr
    CALL, ...u32(memset), DROP,
    0x0b,
    0x0b,
    LOCAL_GET, PTR,
    0x0b,
  ];
  const memalignType = types[memalign - imports]!;

  const parts: Uint8Array[] = [input.subarray(0, 8)];
  const section = (id: number, count: number, rest: Uint8Array, tail: readonly number[]): void => {
    const head = u32(count);
    parts.push(Uint8Array.of(id, ...u32(head.length + rest.length + tail.length), ...head), rest, Uint8Array.from(tail));
  };
  for (const s of all) {
    if (s.id === 3) {
      section(3, types.length + 1, input.subarray(readU32(input, s.start).next, s.end), u32(memalignType));
    } else if (s.id === 10) {
      const first = readU32(input, s.start).next;
      const rest = new Uint8Array(input.subarray(first, s.end)); // a copy (a Buffer's slice is a view)
      // Same-length edits, so no body size changes: the memalign call goes to the new
      // function, and the memset (its arguments included) becomes no-ops.
      rest.set(call, alloc - first);
      rest.fill(NOP, clear - first, clear - first + 6 + memsetCall.length);
      section(10, code.length + 1, rest, [...u32(newBody.length), ...newBody]);
    } else {
      parts.push(input.subarray(s.at, s.end)); // byte for byte, header included
    }
  }
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  if (!WebAssembly.validate(out)) throw new Error('pglite.wasm: the patched module does not validate');
  return out;
}
