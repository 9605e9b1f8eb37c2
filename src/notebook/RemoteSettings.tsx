import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { DatabaseConfig, DatabaseTestResult } from '../../workers/protocol';
import { formFromSaved, PROXY_URL_PLACEHOLDER, type RemoteForm } from './remote-form';
import type { DatabaseOutcome, PasswordState } from './session-database';

export interface RemoteSettingsProps {
  /** The applied config, without secrets. */
  config: DatabaseConfig;
  passwordState: PasswordState | undefined;
  rememberPassword: boolean;
  onApply: (form: RemoteForm) => Promise<DatabaseOutcome>;
  onTest: (form: RemoteForm) => Promise<DatabaseTestResult>;
}

const PASSWORD_STATES: Record<PasswordState, string> = {
  remembered: 'Password saved in this browser.',
  'this-session': 'Password kept in memory until this page closes; asked for again when the notebook reopens.',
  none: 'No password.',
  'not-given': 'Password not given yet: you are asked for it when the notebook connects.',
};

/** The store's copy is edited field by field. */
type EditableForm = { -readonly [K in keyof RemoteForm]: RemoteForm[K] };

type Result = { readonly kind: 'tested'; readonly text: string } | { readonly kind: 'failed'; readonly text: string } | { readonly kind: 'busy'; readonly text: string };

/**
 * The remote PostgreSQL form: proxy URL, connection string, statement timeout, Remember
 * password, Test connection and Apply. Once applied, the fields show the proxy URL
 * without its token and the connection string without its password (the session keeps
 * them, remote-form.ts): a password never shows again; "Change password" asks for a new one.
 */
export function RemoteSettings(props: RemoteSettingsProps): JSX.Element {
  const initial = (): EditableForm => formFromSaved(props.config, props.rememberPassword);
  const [form, setForm] = createStore<EditableForm>(initial());
  const [result, setResult] = createSignal<Result>();
  const applied = (): boolean => props.config.kind === 'remote';
  const textField = (label: string, key: 'proxyUrl' | 'connectionString' | 'statementTimeoutSeconds', placeholder: string): JSX.Element => (
    <label>
      {label}
      <input type="text" autocomplete="off" spellcheck={false} placeholder={placeholder} value={form[key]} onInput={(e) => setForm(key, e.currentTarget.value)} />
    </label>
  );

  const test = async (): Promise<void> => {
    setResult({ kind: 'busy', text: 'Testing the connection…' });
    const tested = await props.onTest({ ...form });
    setResult(
      tested.ok
        ? { kind: 'tested', text: `Connected: PostgreSQL ${tested.serverVersion} · round trip ${tested.roundTripMs.toFixed(2)} ms · connect ${Math.round(tested.connectMs)} ms.` }
        : { kind: 'failed', text: `Connection failed: ${tested.message}` },
    );
  };

  const apply = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setResult({ kind: 'busy', text: 'Applying…' });
    const outcome = await props.onApply({ ...form });
    // Applied (whether or not the server answered): the fields now show the stored form,
    // without password or token; invalid settings stay as typed, to be corrected.
    if (!(!outcome.ok && outcome.invalid)) setForm(initial());
    setResult(outcome.ok ? { kind: 'tested', text: 'Applied: the notebook now runs its SQL on this database.' } : { kind: 'failed', text: outcome.message });
  };

  return (
    <form class="remote-settings" aria-label="Remote PostgreSQL" onSubmit={(e) => void apply(e)}>
      {textField('Proxy URL', 'proxyUrl', PROXY_URL_PLACEHOLDER)}
      <Show when={applied() && form.proxyUrl !== ''}>
        <p class="muted">The proxy's token is saved. Paste a new line from the proxy to replace it.</p>
      </Show>
      {textField('Connection string', 'connectionString', 'postgresql://user:password@host:5432/database')}
      <Show when={applied() && props.passwordState}>
        {(state) => (
          <div class="password-state">
            <span class="muted">{PASSWORD_STATES[state()]}</span>{' '}
            <Show
              when={form.newPassword !== undefined}
              fallback={
                <button type="button" onClick={() => setForm('newPassword', '')}>
                  Change password
                </button>
              }
            >
              <label>
                New password
                <input type="password" autocomplete="new-password" value={form.newPassword ?? ''} onInput={(e) => setForm('newPassword', e.currentTarget.value)} />
              </label>{' '}
              <button type="button" onClick={() => setForm('newPassword', undefined)}>
                Keep the current password
              </button>
            </Show>
          </div>
        )}
      </Show>
      {textField('Statement timeout (seconds)', 'statementTimeoutSeconds', 'none')}
      <label class="checkbox">
        <input type="checkbox" checked={form.rememberPassword} onChange={(e) => setForm('rememberPassword', e.currentTarget.checked)} />
        Remember password
      </label>
      <p class="muted">Unticked, the password is kept in memory only and asked for each time the notebook opens.</p>
      <div class="remote-settings-actions">
        <button type="button" disabled={result()?.kind === 'busy'} onClick={() => void test()}>
          Test connection
        </button>
        <button type="submit" disabled={result()?.kind === 'busy'}>
          Apply
        </button>
      </div>
      <Switch>
        <Match when={result()?.kind === 'failed'}>
          <p role="alert" class="error">
            {result()?.text}
          </p>
        </Match>
        <Match when={result()}>
          <p role="status" aria-label="Connection status">
            {result()?.text}
          </p>
        </Match>
      </Switch>
    </form>
  );
}
