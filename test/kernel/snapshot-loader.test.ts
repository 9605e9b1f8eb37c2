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

beforeAll(async () => {
  gz = await pyodideSnapshot();
  server = createServer((request, response) => {
    if (request.url === '/snapshot.bin.gz') response.end(gz);
    else response.writeHead(404).end();
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
