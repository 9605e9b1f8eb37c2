import type { DatabaseConfig, PgliteDatabaseConfig } from '../../workers/protocol';

export const STORAGE_LABELS: Record<PgliteDatabaseConfig['storage'], string> = {
  auto: 'In this browser (fastest durable storage: OPFS, else IndexedDB)',
  'opfs-ahp': 'In this browser, OPFS',
  idb: 'In this browser, IndexedDB (slower writes)',
  memory: 'In memory (lost on reload)',
};

/**
 * What a configuration points at, in words and without secrets, before any kernel has
 * opened it (the kernel's own description comes with DatabaseInfo once it has): e.g. the
 * database a notebook from a file asks for, shown while it waits for the user's consent.
 * Every kind of DatabaseConfig needs its branch here; a remote one describes itself as
 * `postgresql://user@host:port/db`, through redactConnectionString (src/files/redact.ts).
 */
export function describeDatabaseConfig(config: DatabaseConfig): string {
  switch (config.kind) {
    case 'pglite':
      return `PGlite: ${STORAGE_LABELS[config.storage]}`;
  }
}
