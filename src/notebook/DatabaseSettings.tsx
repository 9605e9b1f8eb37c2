import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import type { DatabaseConfig, DatabaseTestResult, PgliteDatabaseConfig } from '../../workers/protocol';
import { PgliteSettings } from './PgliteSettings';
import type { RemoteForm } from './remote-form';
import { RemoteSettings } from './RemoteSettings';
import type { DatabaseOutcome, PasswordState } from './session-database';

export interface DatabaseSettingsProps {
  notebookId: string;
  /** The applied config, without secrets. */
  config: DatabaseConfig;
  description: string;
  passwordState: PasswordState | undefined;
  rememberPassword: boolean;
  onApplyPglite: (config: PgliteDatabaseConfig) => void;
  onApplyRemote: (form: RemoteForm) => Promise<DatabaseOutcome>;
  onTestRemote: (form: RemoteForm) => Promise<DatabaseTestResult>;
  /** Set while the settings came with a file and wait for the user's consent (trust.ts). */
  onConfirm?: (() => void) | undefined;
}

/** Where the notebook's SQL runs: PGlite in this browser, or a PostgreSQL server through the Ripple proxy. */
export function DatabaseSettings(props: DatabaseSettingsProps): JSX.Element {
  const [kind, setKind] = createSignal<DatabaseConfig['kind']>(props.config.kind);
  const choice = (value: DatabaseConfig['kind'], label: string): JSX.Element => (
    <label class="checkbox">
      <input type="radio" name="database-kind" value={value} checked={kind() === value} onChange={() => setKind(value)} />
      {label}
    </label>
  );
  return (
    <section class="database-settings" role="region" aria-label="Database settings">
      <p aria-label="Current database">{props.description}</p>
      <fieldset class="database-kind">
        <legend>Database</legend>
        {choice('pglite', 'PGlite, in this browser')}
        {choice('remote', 'Remote PostgreSQL, through the Ripple proxy')}
      </fieldset>
      <Switch>
        <Match when={kind() === 'pglite'}>
          <PgliteSettings notebookId={props.notebookId} config={props.config} onApply={props.onApplyPglite} />
        </Match>
        <Match when={kind() === 'remote'}>
          <RemoteSettings
            config={props.config}
            passwordState={props.passwordState}
            rememberPassword={props.rememberPassword}
            onApply={props.onApplyRemote}
            onTest={props.onTestRemote}
          />
        </Match>
      </Switch>
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
    </section>
  );
}
