import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPyodide } from 'pyodide';
import { gunzipSync } from 'node:zlib';
import { loadWithSnapshot } from '../../workers/python/snapshot-loader';
import type { SnapshotCopies } from '../../workers/python/snapshot-copies';
import { pyodideSnapshot } from '../../scripts/pyodide-snapshot';

// The kernel worker's Python loader against a real Pyodide and the snapshot the app
// ships, served over loopback HTTP as the browser fetches it.
let server: Server;
let base: string;
let gz: Buffer;
let requests = 0;

beforeAll(async () => {
  gz = await pyodideSnapshot();
  server = createServer((request, response) => {
    requests += 1;
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

/** Copies in memory: the loader's side of the contract (the browser's OPFS copies are tested end to end). */
function memoryCopies(): SnapshotCopies & { readonly kept: Map<string, Uint8Array>; readonly dropped: string[] } {
  const kept = new Map<string, Uint8Array>();
  const dropped: string[] = [];
  return {
    kept,
    dropped,
    read: async (url) => kept.get(url),
    keep: async (url, bytes) => {
      kept.clear();
      kept.set(url, bytes.slice());
    },
    drop: async (url) => {
      dropped.push(url);
      kept.delete(url);
    },
  };
}

it('keeps the snapshot inflated after a start from the shipped one, and starts from that copy without fetching', async () => {
  const url = new URL('/snapshot.bin.gz', base);
  const copies = memoryCopies();
  const load = loadWithSnapshot(loadPyodide, url, copies);
  requests = 0;
  performance.clearMeasures('ripple:python: snapshot copy kept');
  const first = await load({});
  await expect.poll(() => copies.kept.size).toBe(1);
  // The bench's start-up timeline shows the write (it runs beside the rest of a first visit).
  await expect.poll(() => performance.getEntriesByName('ripple:python: snapshot copy kept').length).toBe(1);
  const fetchedFirst = requests;
  const second = await load({});
  expect({
    restored: [restored(first), restored(second)],
    kept: Buffer.from(copies.kept.get(url.href)!).equals(gunzipSync(gz)),
    fetches: [fetchedFirst, requests - fetchedFirst],
  }).toEqual({ restored: [true, true], kept: true, fetches: [1, 0] });
}, 60_000);

it('drops a kept copy Python cannot start from, and starts from the shipped snapshot', async () => {
  const url = new URL('/snapshot.bin.gz', base);
  const copies = memoryCopies();
  copies.kept.set(url.href, new Uint8Array(4096).fill(7)); // not a snapshot (its magic number is wrong)
  const py = await loadWithSnapshot(loadPyodide, url, copies)({});
  await expect.poll(() => copies.kept.get(url.href)?.length).toBe(gunzipSync(gz).length);
  expect({ restored: restored(py), dropped: copies.dropped }).toEqual({ restored: true, dropped: [url.href] });
}, 60_000);

it('writes the copy only once the promise it is given settles (the kernel start-up over)', async () => {
  const url = new URL('/snapshot.bin.gz', base);
  const held = memoryCopies();
  const free = memoryCopies();
  let over!: () => void;
  const startupOver = new Promise<void>((resolve) => (over = resolve));
  const py = await loadWithSnapshot(loadPyodide, url, held, startupOver)({});
  // A second start without the hold, after the first: once its copy is written, the
  // first one's would have been too, had it not been held.
  await loadWithSnapshot(loadPyodide, url, free)({});
  await expect.poll(() => free.kept.size).toBe(1);
  const before = held.kept.size;
  over();
  await expect.poll(() => held.kept.size).toBe(1);
  expect({ restored: restored(py), before }).toEqual({ restored: true, before: 0 });
}, 60_000);
