// PGlite's wasm as the app ships it (scripts/pglite-wasm-patch.ts): Emscripten's mmap no
// longer clears memory that was never used. Run on the real PGlite, patched and not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchPgliteWasm } from '../../scripts/pglite-wasm-patch';
import { pgliteTemplate } from '../../scripts/pglite-template';
import { rewritePgliteWasmUrls } from '../../scripts/vite-kernel-assets';

const packageWasm = createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm');
const original = new Uint8Array(readFileSync(packageWasm));
const patched = patchPgliteWasm(original);

interface MmapExports {
  readonly emscripten_get_sbrk_ptr: () => number;
  readonly mmap: (addr: number, length: number, prot: number, flags: number, fd: number, offset: bigint) => number;
  readonly malloc: (size: number) => number;
  readonly free: (ptr: number) => void;
}

/** A PGlite started on the patched wasm, with its instance's exports (caught as it is instantiated). */
async function startPatched(): Promise<{ db: PGlite; exports: MmapExports; memory: () => Uint8Array }> {
  const instantiate = WebAssembly.instantiate;
  let instance: WebAssembly.Instance | undefined;
  WebAssembly.instantiate = (async (...args: Parameters<typeof WebAssembly.instantiate>) => {
    const result: unknown = await instantiate(...args);
    instance ??= result instanceof WebAssembly.Instance ? result : (result as WebAssembly.WebAssemblyInstantiatedSource).instance;
    return result;
  }) as typeof WebAssembly.instantiate;
  try {
    const db = await PGlite.create({ pgliteWasmModule: new WebAssembly.Module(patched), loadDataDir: new Blob([new Uint8Array(await pgliteTemplate())]) });
    if (!instance) throw new Error('PGlite was not instantiated through WebAssembly.instantiate');
    const exports = instance.exports as unknown as MmapExports;
    const memory = instance.exports.memory instanceof WebAssembly.Memory ? instance.exports.memory : undefined;
    const mod = (db as unknown as { mod: { HEAPU8: Uint8Array } }).mod;
    return { db, exports, memory: () => (memory ? new Uint8Array(memory.buffer) : new Uint8Array(mod.HEAPU8.buffer)) };
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

const PROT_READ_WRITE = 3;
const MAP_PRIVATE_ANONYMOUS = 0x22;

function firstNonZero(bytes: Uint8Array, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return i;
  return undefined;
}

describe('the patch', () => {
  it('keeps every export, grows by the new function, and refuses a module it does not fit', () => {
    const functions = (bytes: Uint8Array<ArrayBuffer>) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).length;
    expect(functions(patched)).toBe(functions(original));
    expect(patched.length - original.length).toBeGreaterThan(40);
    // Patched once already: its mmap no longer clears anything.
    expect(() => patchPgliteWasm(patched)).toThrow(/mmap does not look as expected/);
    const empty = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);
    expect(() => patchPgliteWasm(empty)).toThrow(/expected one section/);
  });
});

describe('PGlite on the patched wasm', () => {
  let started: Awaited<ReturnType<typeof startPatched>>;
  beforeAll(async () => {
    started = await startPatched();
  });
  afterAll(async () => {
    await started?.db.close();
  });

  const heapBreak = () => new Uint32Array(started.memory().buffer)[started.exports.emscripten_get_sbrk_ptr() >>> 2]!;

  it('runs statements, and the memory above the heap break is still zero after them', async () => {
    await started.db.exec('CREATE TABLE big AS SELECT g, md5(g::text) AS m FROM generate_series(1, 100000) g');
    const sum = await started.db.query<{ n: number; s: string }>('SELECT count(*)::int AS n, sum(g)::text AS s FROM big');
    await started.db.exec('DROP TABLE big');
    expect(sum.rows).toEqual([{ n: 100000, s: '5000050000' }]);
    // What the patch relies on: Emscripten's heap never gives memory back, so nothing above it was ever written.
    const memory = started.memory();
    expect(firstNonZero(memory, heapBreak(), memory.length)).toBeUndefined();
  });

  it('still clears an anonymous mapping made from memory used before', () => {
    for (const size of [256 * 1024, 8 << 20, 48 << 20]) {
      const breakBefore = heapBreak();
      const dirty = started.exports.malloc(size);
      started.memory().fill(0xab, dirty, dirty + size);
      started.exports.free(dirty);
      const mapped = started.exports.mmap(0, size, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0n);
      const memory = started.memory();
      // The mapping reuses that memory (in part at least): the case the patch must still clear.
      expect({ size, reused: mapped < breakBefore || mapped < dirty + size, firstNonZero: firstNonZero(memory, mapped, mapped + size) }).toEqual({
        size,
        reused: true,
        firstNonZero: undefined,
      });
    }
  });
});

/** A child Node's resident memory growth, in MB, across a PGlite create from the template on `wasm`. */
function createGrowthMb(dir: string, wasm: Uint8Array): number {
  const wasmFile = join(dir, `pglite-${wasm === patched ? 'patched' : 'original'}.wasm`);
  writeFileSync(wasmFile, wasm);
  const script = join(dir, 'create.mjs');
  writeFileSync(
    script,
    [
      "import { readFileSync } from 'node:fs';",
      `import { PGlite } from ${JSON.stringify(join(dirname(packageWasm), 'index.js'))};`,
      'const [wasmFile, templateFile] = process.argv.slice(2);',
      'const pgliteWasmModule = new WebAssembly.Module(readFileSync(wasmFile));',
      'const loadDataDir = new Blob([readFileSync(templateFile)]);',
      'const before = process.memoryUsage().rss;',
      'const db = await PGlite.create({ pgliteWasmModule, loadDataDir });',
      'const after = process.memoryUsage().rss;',
      "await db.query('SELECT 1');",
      'await db.close();',
      'console.log(JSON.stringify({ growth: (after - before) / 1e6 }));',
      'process.exit(0);',
    ].join('\n'),
  );
  const out = execFileSync(process.execPath, [script, wasmFile, join(dir, 'template.tar.gz')], { encoding: 'utf8', timeout: 60_000 });
  return (JSON.parse(out.trim().split('\n').pop()!) as { growth: number }).growth;
}

describe('memory', () => {
  it('a start leaves the shared buffers untouched: about 130 MB less resident memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-patch-'));
    try {
      writeFileSync(join(dir, 'template.tar.gz'), await pgliteTemplate());
      const growth = { original: createGrowthMb(dir, original), patched: createGrowthMb(dir, patched) };
      // Measured here: +219-232 MB with the package's wasm, +89-90 MB patched.
      expect(growth.original - growth.patched, JSON.stringify(growth)).toBeGreaterThan(80);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the build', () => {
  it("rewrites every reference of PGlite's modules to its wasm", () => {
    const dist = dirname(packageWasm);
    const modules = readdirSync(dist).filter((file) => file.endsWith('.js') && readFileSync(join(dist, file), 'utf8').includes('pglite.wasm'));
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules) {
      const code = readFileSync(join(dist, file), 'utf8');
      const rewritten = rewritePgliteWasmUrls(code, '/pglite/0123456789ab/pglite.wasm');
      expect(rewritten, file).not.toMatch(/pglite\.wasm["'`],\s*import\.meta\.url/);
      expect(rewritten.split('/pglite/0123456789ab/pglite.wasm').length - 1, file).toBe(code.split(/pglite\.wasm["'`],\s*import\.meta\.url/).length - 1);
    }
    expect(rewritePgliteWasmUrls('f(new URL("./pglite.wasm", import.meta.url))', '/a/pglite.wasm')).toBe('f(new URL("/a/pglite.wasm", self.location.origin))');
    expect(() => rewritePgliteWasmUrls('new URL("../dist/pglite.wasm", import.meta.url)', '/a')).toThrow(/left unrewritten/);
  });
});
