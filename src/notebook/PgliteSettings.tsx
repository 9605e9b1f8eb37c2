import { createSignal, Show, type JSX } from 'solid-js';
import type { DatabaseConfig, PgliteDatabaseConfig } from '../../workers/protocol';
import { STORAGE_LABELS } from './database-description';

export interface PgliteSettingsProps {
  notebookId: string;
  /** The applied config: while it is PGlite, a storage change applies at once. */
  config: DatabaseConfig;
  onApply: (config: PgliteDatabaseConfig) => void;
}

/** PGlite's storage; from a remote database, "Use PGlite" switches back to the notebook's own. */
export function PgliteSettings(props: PgliteSettingsProps): JSX.Element {
  const current = (): PgliteDatabaseConfig | undefined => (props.config.kind === 'pglite' ? props.config : undefined);
  const [chosen, setChosen] = createSignal<PgliteDatabaseConfig['storage']>(current()?.storage ?? 'auto');
  // The notebook's own database is named after it (as for a new notebook).
  const config = (storage: PgliteDatabaseConfig['storage']): PgliteDatabaseConfig => ({ kind: 'pglite', name: current()?.name ?? props.notebookId, storage });
  return (
    <div class="pglite-settings">
      <label>
        PGlite storage{' '}
        <select
          aria-label="PGlite storage"
          value={current()?.storage ?? chosen()}
          onChange={(e) => {
            const storage = e.currentTarget.value as PgliteDatabaseConfig['storage'];
            setChosen(storage);
            if (current()) props.onApply(config(storage));
          }}
        >
          {Object.entries(STORAGE_LABELS).map(([value, label]) => (
            <option value={value}>{label}</option>
          ))}
        </select>
      </label>
      <Show when={!current()}>
        <button type="button" onClick={() => props.onApply(config(chosen()))}>
          Use PGlite
        </button>
      </Show>
    </div>
  );
}
