import { Show, type JSX } from 'solid-js';
import type { DatabaseConfig, PgliteDatabaseConfig } from '../../workers/protocol';

const STORAGE_LABELS: Record<string, string> = {
  auto: 'In this browser (fastest durable storage: OPFS, else IndexedDB)',
  'opfs-ahp': 'In this browser, OPFS',
  idb: 'In this browser, IndexedDB (slower writes)',
  memory: 'In memory (lost on reload)',
};

/** Where the notebook's SQL runs. Remote PostgreSQL arrives with the proxy. */
export function DatabaseSettings(props: { config: DatabaseConfig; description: string; onChange: (config: DatabaseConfig) => void }): JSX.Element {
  const pglite = (): PgliteDatabaseConfig | undefined => (props.config.kind === 'pglite' ? props.config : undefined);
  return (
    <section class="database-settings" role="region" aria-label="Database settings">
      <p aria-label="Current database">{props.description}</p>
      <Show when={pglite()}>
        {(config) => (
          <label>
            PGlite storage{' '}
            <select
              aria-label="PGlite storage"
              value={config().storage}
              onChange={(e) => props.onChange({ ...config(), storage: e.currentTarget.value as PgliteDatabaseConfig['storage'] })}
            >
              {Object.entries(STORAGE_LABELS).map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
            </select>
          </label>
        )}
      </Show>
      <p class="muted">Remote PostgreSQL through the Ripple proxy: not available yet.</p>
    </section>
  );
}
