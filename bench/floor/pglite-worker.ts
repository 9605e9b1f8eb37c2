/// <reference lib="webworker" />
// The floor's PGlite: the PGlite worker's own open (workers/pglite-browser.ts: the patched
// wasm and the file bundle loaded ahead, the template, OPFS through sync access handles),
// without the kernel's wire protocol around it.
import { openBrowserPglite } from '../../workers/pglite-browser';
import { measureWasmCompiles } from '../../workers/timeline';
import type { FromFloorWorker, ToFloorWorker } from './protocol';

// For the timeline, as in the kernel's workers.
measureWasmCompiles();

const post = (message: FromFloorWorker): void => self.postMessage(message);

const opened = openBrowserPglite({ kind: 'pglite', storage: 'opfs-ahp', name: 'ripple-bench-floor' });
opened.then(
  () => post({ type: 'ready', engine: 'pglite', at: performance.timeOrigin + performance.now() }),
  (error: unknown) => post({ type: 'failed', engine: 'pglite', message: String(error) }),
);

self.onmessage = async (event: MessageEvent<ToFloorWorker>) => {
  const { db } = await opened;
  const result = await db.query<{ y: number }>('select $1::int + 1 as y', [event.data.x]);
  post({ type: 'value', engine: 'pglite', value: result.rows[0]?.y ?? NaN });
};
