import { Show, type JSX } from 'solid-js';
import type { DatabaseConfig, PgliteDatabaseConfig } from '../../workers/protocol';
import { STORAGE_LABELS } from './database-description';

export interface DatabaseSettingsProps {
  config: DatabaseConfig;
  description: string;
  onChange: (config: DatabaseConfig) => void;
  /** Set while the settings came with a file and wait for the user's consent (trust.ts). */
  onConfirm?: (() => void) | undefined;
}

/** Where the notebook's SQL runs. Remote PostgreSQL arrives with the proxy. */
export function DatabaseSettings(props: DatabaseSettingsProps): JSX.Element {
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
      <Show when={props.onConfirm}>
        {(confirm) => (
          <p>
            These settings came with the file and are not applied yet.{' '}
            <button type="button" onClick={() => confirm()()}>
              Apply these settings
            </button>
          </p>
        )}
      </Show>
      <p class="muted">Remote PostgreSQL through the Ripple proxy: not available yet.</p>
    </section>
  );
}
