/// <reference lib="webworker" />
/**
 * The Python snapshot, kept inflated between starts. The app ships it gzipped (6.6 MB
 * instead of 31 MB to download and to store for offline use); inflating it took 150-170
 * ms of every start on the kernel's thread, on the way to Python being ready, after
 * fetching it through the service worker.
 *
 * The first start keeps the inflated bytes in a file of the origin's private file system
 * (OPFS), named after the snapshot's content-addressed URL, so a copy is never stale;
 * copies of other snapshots are removed when one is kept. Read back with a sync access
 * handle (this is a dedicated worker): one read straight into memory, without the
 * browser process's round trips. Measured on the bench host, 31 MB: 150-200 ms from
 * OPFS, 340-390 ms from Cache Storage (mostly the host's cost of fresh memory).
 */

export interface SnapshotCopies {
  /** The copy of `url`'s snapshot, inflated, or undefined when none is kept. */
  read(url: string): Promise<Uint8Array | undefined>;
  /** Keeps `bytes` as `url`'s copy, in place of any other. */
  keep(url: string, bytes: Uint8Array): Promise<void>;
  /** Drops `url`'s copy (Python could not start from it). */
  drop(url: string): Promise<void>;
}

/** The OPFS directory; notebooks' databases live in directories of their own names. */
export const SNAPSHOT_DIRECTORY = 'ripple-python-snapshot';

/** `pyodide/<hash>/snapshot.bin.gz` → `<hash>.bin`: one file per snapshot. */
export function copyName(url: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  return `${parts.at(-2) ?? 'snapshot'}.bin`.replace(/[^\w.-]/g, '_');
}

/**
 * Copies in OPFS; undefined where sync access handles are missing (Node, a page's own
 * thread). A copy is written under a temporary name and renamed once complete, so a
 * start never reads half a copy; one being written by another tab is simply not there.
 */
export function opfsCopies(storage: StorageManager | undefined = globalThis.navigator?.storage): SnapshotCopies | undefined {
  if (!storage?.getDirectory || typeof FileSystemFileHandle === 'undefined' || !('createSyncAccessHandle' in FileSystemFileHandle.prototype)) return undefined;
  const directory = async (create: boolean): Promise<FileSystemDirectoryHandle> => (await storage.getDirectory()).getDirectoryHandle(SNAPSHOT_DIRECTORY, { create });
  return {
    async read(url) {
      let file: FileSystemFileHandle;
      try {
        file = await (await directory(false)).getFileHandle(copyName(url));
      } catch {
        return undefined; // none kept (NotFoundError)
      }
      const handle = await file.createSyncAccessHandle();
      try {
        const bytes = new Uint8Array(handle.getSize());
        return handle.read(bytes, { at: 0 }) === bytes.length && bytes.length > 0 ? bytes : undefined;
      } finally {
        handle.close();
      }
    },
    async keep(url, bytes) {
      const dir = await directory(true);
      const name = copyName(url);
      const partial = await dir.getFileHandle(`${name}.partial`, { create: true });
      const handle = await partial.createSyncAccessHandle();
      try {
        handle.truncate(0);
        if (handle.write(bytes, { at: 0 }) !== bytes.length) throw new Error('short write');
        handle.flush();
      } finally {
        handle.close();
      }
      await (partial as FileSystemFileHandle & { move(name: string): Promise<void> }).move(name);
      const others: string[] = [];
      for await (const entry of (dir as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) if (entry !== name) others.push(entry);
      await Promise.all(others.map((entry) => dir.removeEntry(entry).catch(() => undefined)));
    },
    async drop(url) {
      await (await directory(false)).removeEntry(copyName(url));
    },
  };
}
