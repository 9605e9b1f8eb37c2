/// <reference lib="webworker" />
// The database worker's entry, started by the kernel worker: PGlite on its own thread,
// behind the DatabaseHost protocol (protocol.ts). All logic lives in host.ts and the executor.
import * as Comlink from 'comlink';
import { PgliteExecutor } from '../sql/pglite-executor';
import { opfsVersionMarks } from '../sql/data-dir-version';
import { measureWasmCompiles, timed, timelineEntries } from '../timeline';
import { createDatabaseHost } from './host';
import { pgliteTemplate as templatePath, postgresMajor } from 'virtual:ripple-kernel-assets';

measureWasmCompiles();

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

Comlink.expose(
  createDatabaseHost({
    open: (config) => PgliteExecutor.open(config, pgliteTemplate, guard),
    timeline: () => ({ origin: performance.timeOrigin, entries: timelineEntries() }),
  }),
);
