/// <reference lib="webworker" />
// Opening PGlite in the browser: openPglite with the app's template and the OPFS version
// marks. Used by the PGlite worker, and by the kernel worker itself where a nested
// worker cannot be started.
import type { PgliteDatabaseConfig } from './protocol';
import { openPglite, type OpenedPglite, type PgliteEngine } from './sql/pglite-open';
// PGlite's file bundle as a hashed build asset (its package exports it); its wasm is a
// kernel asset, patched (scripts/pglite-wasm-patch.ts), and PGlite's own references to
// its wasm point there too (scripts/vite-kernel-assets.ts).
import pgliteDataURL from '@electric-sql/pglite/pglite.data?url';
import { opfsVersionMarks } from './sql/data-dir-version';
import { opfsCreationMarks } from './sql/creation-marks';
import { pgliteTemplate as templatePath, pgliteWasm as wasmPath, postgresMajor } from 'virtual:ripple-kernel-assets';
import { timed } from './timeline';

const assets = new URL(import.meta.env.BASE_URL, self.location.origin);

/** A new notebook database starts from this initialised data directory (no initdb). */
async function pgliteTemplate(): Promise<Blob | undefined> {
  try {
    return await timed('pglite: template fetch', async () => {
      const response = await fetch(new URL(templatePath, assets));
      return response.ok ? await response.blob() : undefined;
    });
  } catch {
    return undefined; // offline before the first visit cached it: initdb still works
  }
}

// Databases are opened only by the PostgreSQL major that wrote them (see data-dir-version.ts).
const marks = opfsVersionMarks();
const guard = marks ? { postgresMajor, marks } : undefined;
const creation = opfsCreationMarks();

/**
 * PGlite's wasm is fetched and compiled, and its file bundle fetched, as soon as this
 * module runs: the kernel starts the PGlite worker before it knows which database to
 * open, so these ~15 MB are ready when it does (they took ~250 ms on the critical path of
 * a reload). A failure here only means PGlite loads them itself, as it would anyway.
 */
function prepareEngine(): Promise<PgliteEngine> {
  const wasm = timed('pglite: wasm ahead', () => WebAssembly.compileStreaming(fetch(new URL(wasmPath, assets)))).catch(() => undefined);
  const data = fetch(pgliteDataURL).then((response) => (response.ok ? response.blob() : undefined)).catch(() => undefined);
  return Promise.all([wasm, data]).then(([pgliteWasmModule, fsBundle]) => ({ ...(pgliteWasmModule ? { pgliteWasmModule } : {}), ...(fsBundle ? { fsBundle } : {}) }));
}
let engine: Promise<PgliteEngine> | undefined;

/** Starts loading PGlite's engine now (idempotent); openBrowserPglite uses it. */
export function preparePglite(): void {
  engine ??= prepareEngine();
}

export function openBrowserPglite(config: PgliteDatabaseConfig): Promise<OpenedPglite> {
  preparePglite();
  const ready = engine;
  return openPglite(config, {
    template: pgliteTemplate,
    ...(guard ? { guard } : {}),
    ...(creation ? { creation } : {}),
    ...(ready ? { engine: () => ready } : {}),
  });
}
