/// <reference lib="webworker" />
// Opening PGlite in the browser: openPglite with the app's template and the OPFS version
// marks. Used by the PGlite worker, and by the kernel worker itself where a nested
// worker cannot be started.
import type { PgliteDatabaseConfig } from './protocol';
import { openPglite, type OpenedPglite } from './sql/pglite-open';
import { opfsVersionMarks } from './sql/data-dir-version';
import { opfsCreationMarks } from './sql/creation-marks';
import { pgliteTemplate as templatePath, postgresMajor } from 'virtual:ripple-kernel-assets';
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

export function openBrowserPglite(config: PgliteDatabaseConfig): Promise<OpenedPglite> {
  return openPglite(config, { template: pgliteTemplate, ...(guard ? { guard } : {}), ...(creation ? { creation } : {}) });
}
