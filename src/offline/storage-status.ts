import { createSignal, type Accessor } from 'solid-js';

export interface StorageFacts {
  readonly usage: number;
  readonly quota: number;
  readonly persisted: boolean;
  /** Set once persistence was asked for and refused. */
  readonly refused: boolean;
}

export interface StorageStatus {
  readonly facts: Accessor<StorageFacts | undefined>;
  /** Asks once for persistent storage; call when the user first creates or edits a notebook. */
  requestPersistence(): void;
  refresh(): Promise<void>;
}

/**
 * The origin's storage: used bytes and quota, and whether the browser keeps it under
 * storage pressure. Without persistence the browser may evict notebooks and databases
 * when space runs low, silently; asking is the only defence a web app has.
 */
export function createStorageStatus(storage: StorageManager | undefined = globalThis.navigator?.storage): StorageStatus {
  const [facts, setFacts] = createSignal<StorageFacts>();
  let asked: Promise<void> | undefined;
  let refused = false;

  async function refresh(): Promise<void> {
    if (!storage?.estimate) return;
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)]);
    setFacts({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted, refused: refused && !persisted });
  }

  return {
    facts,
    refresh,
    requestPersistence() {
      if (asked || !storage?.persist) return;
      asked = (async () => {
        if (!(await storage.persisted())) refused = !(await storage.persist());
        await refresh();
      })().catch(() => {});
    },
  };
}

export function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
