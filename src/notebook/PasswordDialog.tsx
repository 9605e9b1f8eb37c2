import { createSignal, onMount, Show, type JSX } from 'solid-js';
import { PROXY_URL_PLACEHOLDER } from './remote-form';
import type { CredentialsAnswer, CredentialsRequest, DatabaseOutcome } from './session-database';

export interface PasswordDialogProps {
  request: CredentialsRequest;
  onConnect: (answer: CredentialsAnswer) => Promise<DatabaseOutcome>;
  onDismiss: () => void;
}

/**
 * Asks for what the notebook's remote database lacks before it connects: the password
 * (not remembered, or the notebook came from a file) and, for a notebook from a file, the
 * proxy URL. A modal dialog: it takes focus, Escape dismisses it. It closes once the
 * database opened; a failure (a wrong password) is shown here, without the password.
 */
export function PasswordDialog(props: PasswordDialogProps): JSX.Element {
  let dialog!: HTMLDialogElement;
  let password: HTMLInputElement | undefined;
  let proxyUrl: HTMLInputElement | undefined;
  const [remember, setRemember] = createSignal(props.request.rememberPassword);
  const [problem, setProblem] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  onMount(() => {
    if (!dialog.open) dialog.showModal();
  });

  const connect = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const outcome = await props.onConnect({
      ...(password ? { password: password.value } : {}),
      ...(proxyUrl ? { proxyUrl: proxyUrl.value } : {}),
      rememberPassword: remember(),
    });
    setBusy(false);
    if (outcome.ok) return;
    // A password that did not work is not kept anywhere, the field included.
    if (password) password.value = '';
    setProblem(outcome.message);
    (password ?? proxyUrl)?.focus();
  };

  return (
    <dialog
      ref={dialog}
      class="password-dialog"
      aria-label={props.request.password ? 'Database password' : 'Database proxy URL'}
      onCancel={(e) => {
        e.preventDefault();
        props.onDismiss();
      }}
    >
      <form onSubmit={(e) => void connect(e)}>
        <p>
          This notebook's SQL runs on <code>{props.request.connectionString}</code>.{' '}
          {props.request.password ? 'Its password is needed to connect.' : 'The proxy URL is needed to connect.'}
        </p>
        <Show when={props.request.proxyUrl}>
          <label>
            Proxy URL
            <input ref={proxyUrl} type="text" autocomplete="off" spellcheck={false} placeholder={PROXY_URL_PLACEHOLDER} />
          </label>
        </Show>
        <Show when={props.request.password}>
          <label>
            Password
            <input ref={password} type="password" autocomplete="current-password" />
          </label>
          <label class="checkbox">
            <input type="checkbox" checked={remember()} onChange={(e) => setRemember(e.currentTarget.checked)} />
            Remember password
          </label>
        </Show>
        <Show when={problem()}>
          {(text) => (
            <p role="alert" class="error">
              {text()}
            </p>
          )}
        </Show>
        <Show when={busy()}>
          <p role="status">Connecting…</p>
        </Show>
        <div class="password-dialog-actions">
          <button type="submit" disabled={busy()}>
            Connect
          </button>
          <button type="button" onClick={() => props.onDismiss()}>
            Not now
          </button>
        </div>
      </form>
    </dialog>
  );
}
