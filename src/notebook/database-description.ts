import type { DatabaseConfig, PgliteDatabaseConfig } from '../../workers/protocol';
import { redactConnectionString } from '../../workers/redact';

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
 * `postgresql://user@host:port/db via proxy host:port`, through redactConnectionString
 * (workers/redact.ts); the proxy's token is never shown.
 */
export function describeDatabaseConfig(config: DatabaseConfig): string {
  switch (config.kind) {
    case 'pglite':
      return `PGlite: ${STORAGE_LABELS[config.storage]}`;
    case 'remote':
      return `Remote PostgreSQL: ${redactConnectionString(config.connectionString)} via proxy ${proxyHost(config.proxyUrl)}`;
  }
}

function proxyHost(proxyUrl: string): string {
  // A notebook from a file: files carry no proxy URL; the user gives it before connecting.
  if (proxyUrl === '') return '(not given yet)';
  try {
    return new URL(proxyUrl).host || '(no host)';
  } catch {
    return '(an invalid URL)';
  }
}
