import type { loadPyodide as LoadPyodideFn } from 'pyodide';
import type { LoadPyodide } from './runtime';
import { timed } from '../timeline';
import type { SnapshotCopies } from './snapshot-copies';

/**
 * Some static servers send a `.gz` file with `Content-Encoding: gzip` (the browser then
 * inflates it), others as bytes: inflate only when the gzip magic number is there.
 */
async function fetchGunzipped(url: URL): Promise<Uint8Array | undefined> {
  const response = await fetch(url);
  if (!response.ok) return undefined;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The kept copy, or undefined: a failure to read it is only a miss. */
async function readCopy(copies: SnapshotCopies | undefined, url: URL): Promise<Uint8Array | undefined> {
  if (!copies) return undefined;
  try {
    return await timed('python: snapshot copy read', () => copies.read(url.href));
  } catch {
    return undefined;
  }
}

/**
 * Starts Pyodide from the memory snapshot built with the app (an interpreter that has
 * already started and imported the stdlib modules the kernel uses), which skips most
 * of the start-up. Any failure falls back to a normal start: slower, never broken.
 * `copies`: where the inflated snapshot is kept between starts (snapshot-copies.ts); a
 * copy Python cannot start from is dropped, and the shipped snapshot used instead.
 * `keepAfter`: the copy is written once it settles (the kernel's start-up over, see
 * startup-over.ts), so the write never delays a first result.
 */
export function loadWithSnapshot(load: typeof LoadPyodideFn, snapshotURL: URL, copies?: SnapshotCopies, keepAfter: Promise<unknown> = Promise.resolve()): LoadPyodide {
  const fromSnapshot = (options: Parameters<LoadPyodide>[0], snapshot: Uint8Array) =>
    timed('python: interpreter from snapshot', () => load({ ...options, _loadSnapshot: snapshot }));
  return async (options) => {
    const copy = await readCopy(copies, snapshotURL);
    if (copy) {
      try {
        return await fromSnapshot(options, copy);
      } catch (error) {
        console.warn('Ripple: the kept copy of the Pyodide snapshot could not be used; dropping it.', error);
        await copies?.drop(snapshotURL.href).catch(() => undefined);
      }
    }
    try {
      const snapshot = await timed('python: snapshot fetch', () => fetchGunzipped(snapshotURL));
      if (snapshot) {
        const python = await fromSnapshot(options, snapshot);
        // Python has copied the snapshot into its memory; these bytes are ours to keep.
        if (copies) void keepAfter.then(() => timed('python: snapshot copy kept', () => copies.keep(snapshotURL.href, snapshot))).catch(() => undefined);
        return python;
      }
    } catch (error) {
      console.warn('Ripple: the Pyodide snapshot could not be used; starting Python normally.', error);
    }
    return timed('python: interpreter start', () => load(options));
  };
}
