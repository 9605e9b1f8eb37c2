import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPyodide } from 'pyodide';
import { loadWithSnapshot } from '../../workers/python/snapshot-loader';
import { pyodideSnapshot } from '../../scripts/pyodide-snapshot';

// The kernel worker's Python loader against a real Pyodide and the snapshot the app
// ships, served over loopback HTTP as the browser fetches it.
let server: Server;
let base: string;
let gz: Buffer;
/** `/held.bin.gz` is answered only once this resolves (or after HOLD_LIMIT_MS, so a failing test ends). */
let release: Promise<'released' | 'gave up'> = Promise.resolve('released');
let held: 'released' | 'gave up' | undefined;
const HOLD_LIMIT_MS = 10_000;

beforeAll(async () => {
  gz = await pyodideSnapshot();
  server = createServer((request, response) => {
    if (request.url === '/snapshot.bin.gz') response.end(gz);
    else if (request.url === '/held.bin.gz') {
      const limit = new Promise<'gave up'>((resolve) => setTimeout(() => resolve('gave up'), HOLD_LIMIT_MS));
      void Promise.race([release, limit]).then((how) => {
        held = how;
        response.end(gz);
      });
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// `symtable` is imported by the snapshot's preload list only: in sys.modules means restored.
const restored = (py: Awaited<ReturnType<typeof loadPyodide>>) => py.runPython("import sys; 'symtable' in sys.modules") as boolean;

it('starts Python from the snapshot', async () => {
  const py = await loadWithSnapshot(loadPyodide, new URL('/snapshot.bin.gz', base))({});
  expect(restored(py)).toBe(true);
}, 60_000);

it('starts Python normally when the snapshot cannot be fetched', async () => {
  const py = await loadWithSnapshot(loadPyodide, new URL('/missing.bin.gz', base))({});
  expect({ restored: restored(py), sum: py.runPython('1 + 1') }).toEqual({ restored: false, sum: 2 });
}, 60_000);

it('starts loading Pyodide while the snapshot is still on its way', async () => {
  // The snapshot is answered only once Pyodide's loader has been called: a loader that
  // waited for the whole snapshot first would wait for the limit instead.
  let called!: () => void;
  release = new Promise((resolve) => (called = () => resolve('released')));
  const load: typeof loadPyodide = (options) => {
    called();
    return loadPyodide(options);
  };
  const py = await loadWithSnapshot(load, new URL('/held.bin.gz', base))({});
  expect({ held, restored: restored(py) }).toEqual({ held: 'released', restored: true });
}, 60_000);
