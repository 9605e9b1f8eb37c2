import type { loadPyodide as LoadPyodideFn } from 'pyodide';
import type { LoadPyodide } from './runtime';
import { timed } from '../timeline';

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

/**
 * Starts Pyodide from the memory snapshot built with the app (an interpreter that has
 * already started and imported the stdlib modules the kernel uses), which skips most
 * of the start-up. Any failure falls back to a normal start: slower, never broken.
 */
export function loadWithSnapshot(load: typeof LoadPyodideFn, snapshotURL: URL): LoadPyodide {
  return async (options) => {
    try {
      const snapshot = await timed('python: snapshot fetch', () => fetchGunzipped(snapshotURL));
      if (snapshot) return await timed('python: interpreter from snapshot', () => load({ ...options, _loadSnapshot: snapshot }));
    } catch (error) {
      console.warn('Ripple: the Pyodide snapshot could not be used; starting Python normally.', error);
    }
    return timed('python: interpreter start', () => load(options));
  };
}
