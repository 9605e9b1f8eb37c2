/**
 * An open notebook's database connection: its secrets, the password prompt, and what the
 * settings panel tests and applies. Part of the notebook session (create-notebook-session.ts).
 *
 * The notebook's `database` holds no secret; its `secrets` (database-secrets.ts) live here,
 * out of the Solid store the UI renders. They are joined only into the config handed to
 * the kernel (or tested), which stays inside the kernel client. A password the user chose
 * not to remember is kept in {@link PasswordMemory}, for the page's life.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { DatabaseConfig, DatabaseTestResult, RemoteDatabaseConfig } from '../../workers/protocol';
import { secretsOf } from '../../workers/database-config';
import { redactConnectionString, redactMessage } from '../../workers/redact';
import type { KernelClient } from '../kernel-client';
import { joinSecrets, splitSecrets } from '../store/database-secrets';
import type { DatabaseSecrets } from '../store/types';
import { configFromForm, remembersPassword, type RemoteForm, type SavedRemote } from './remote-form';

/** Passwords not remembered (Remember password unticked): in this page's memory only, by notebook id. One per app. */
export interface PasswordMemory {
  get(notebookId: string): string | undefined;
  set(notebookId: string, password: string): void;
  delete(notebookId: string): void;
}

export function createPasswordMemory(): PasswordMemory {
  const passwords = new Map<string, string>();
  return {
    get: (id) => passwords.get(id),
    set: (id, password) => void passwords.set(id, password),
    delete: (id) => void passwords.delete(id),
  };
}

/** `invalid`: the settings did not validate, so nothing was applied or stored. */
export type DatabaseOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly invalid?: true };

/** What the password prompt asks for, before the notebook's remote database can connect. */
export interface CredentialsRequest {
  /** Without its password: which login the password is for. */
  readonly connectionString: string;
  readonly password: boolean;
  /** The proxy URL with its token (a notebook from a file has none). */
  readonly proxyUrl: boolean;
  /** How Remember password starts. */
  readonly rememberPassword: boolean;
}

export interface CredentialsAnswer {
  readonly password?: string;
  readonly proxyUrl?: string;
  readonly rememberPassword: boolean;
}

/** How the password is kept, in words for the settings panel; undefined for PGlite. */
export type PasswordState = 'remembered' | 'this-session' | 'none' | 'not-given';

export interface SessionDatabase {
  readonly description: Accessor<string>;
  setDescription(text: string): void;
  readonly request: Accessor<CredentialsRequest | undefined>;
  readonly passwordState: Accessor<PasswordState | undefined>;
  /** The secrets to store with the notebook. */
  secrets(): DatabaseSecrets | undefined;
  /** Opens the notebook's database in the kernel; asks for what is missing first (settles once answered or dismissed). */
  connect(): Promise<DatabaseOutcome>;
  /** Whether Remember password starts ticked in the settings. */
  readonly rememberPassword: Accessor<boolean>;
  /**
   * Before a run: waits for the prompt if it is open, and asks again if it was dismissed,
   * so SQL cells do not run without the database the notebook is set to. Undefined when
   * there is nothing to wait for, so the run can be sent in the key's own task.
   */
  beforeRun(): Promise<void> | undefined;
  /** Applies a full config (with its secrets), stored as `rememberPassword` says. */
  apply(config: DatabaseConfig, rememberPassword: boolean): Promise<DatabaseOutcome>;
  applyForm(form: RemoteForm): Promise<DatabaseOutcome>;
  testForm(form: RemoteForm): Promise<DatabaseTestResult>;
  /** The prompt's answer: stored only once the database opened with it. */
  provide(answer: CredentialsAnswer): Promise<DatabaseOutcome>;
  dismiss(): void;
}

export interface SessionDatabaseOptions {
  readonly notebookId: string;
  readonly kernel: KernelClient;
  readonly initialSecrets: DatabaseSecrets | undefined;
  readonly passwords: PasswordMemory;
  /** The notebook's config, without secrets. */
  readonly database: () => DatabaseConfig;
  /**
   * Stores a new config (without secrets) in the notebook, and saves it with `secrets()`.
   * `chosen`: the user set it in the settings (which confirms a file's settings, trust.ts).
   */
  readonly store: (database: DatabaseConfig, chosen: boolean) => void;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createSessionDatabase(options: SessionDatabaseOptions): SessionDatabase {
  const { notebookId, kernel, passwords } = options;
  const [description, setDescription] = createSignal('Opening…');
  const [secrets, setSecrets] = createSignal<DatabaseSecrets | undefined>(options.initialSecrets);
  const [request, setRequest] = createSignal<CredentialsRequest>();
  // Bumped when the page's own memory of the password changes (it is not a signal).
  const [memoryVersion, setMemoryVersion] = createSignal(0);
  let waiters: ((outcome: DatabaseOutcome) => void)[] = [];
  let pending: Promise<DatabaseOutcome> | undefined;
  let dismissed = false;

  const saved = (): SavedRemote | undefined => {
    const database = options.database();
    if (database.kind !== 'remote') return undefined;
    const stored = secrets()?.password;
    const password = stored?.kind === 'remembered' ? stored.value : stored?.kind === 'none' ? '' : passwords.get(notebookId);
    return { database, token: secrets()?.proxyToken, password };
  };

  const answered = (outcome: DatabaseOutcome): void => {
    setRequest(undefined);
    pending = undefined;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake(outcome);
  };

  /** Hands a full config to the kernel. Every message shown goes through the one redaction function. */
  let opens = 0;
  async function open(config: DatabaseConfig): Promise<DatabaseOutcome> {
    // Only the latest open describes the database: an earlier one may settle after it.
    const seq = ++opens;
    setDescription('Opening…');
    try {
      const info = await kernel.setDatabaseConfig(config);
      if (seq === opens) setDescription(`${info.description} · PostgreSQL ${info.serverVersion}`);
      return { ok: true };
    } catch (error) {
      // The kernel's message says what failed ("Could not open the database: …").
      const text = redactMessage(message(error), secretsOf(config));
      if (seq === opens) setDescription(text);
      return { ok: false, message: text };
    }
  }

  function keep(config: DatabaseConfig, rememberPassword: boolean, chosen: boolean): void {
    const split = splitSecrets(config, rememberPassword);
    if (split.unremembered !== undefined) passwords.set(notebookId, split.unremembered);
    else passwords.delete(notebookId);
    setMemoryVersion((v) => v + 1);
    setSecrets(split.secrets);
    options.store(split.database, chosen);
  }

  async function apply(config: DatabaseConfig, rememberPassword: boolean): Promise<DatabaseOutcome> {
    keep(config, rememberPassword, true);
    dismissed = false;
    const opened = await open(config);
    // Settings applied meanwhile answer a pending prompt.
    answered(opened);
    return opened;
  }

  async function test(config: RemoteDatabaseConfig): Promise<DatabaseTestResult> {
    try {
      return await (await kernel.api()).testDatabase(config);
    } catch (error) {
      return { ok: false, message: redactMessage(message(error), secretsOf(config)) };
    }
  }

  async function connect(): Promise<DatabaseOutcome> {
    dismissed = false;
    const database = options.database();
    const joined = joinSecrets(database, secrets(), passwords.get(notebookId));
    if (joined.ok) return open(joined.config);
    setRequest({
      connectionString: database.kind === 'remote' ? redactConnectionString(database.connectionString) : '',
      password: joined.missing.password,
      proxyUrl: joined.missing.proxyUrl,
      rememberPassword: remembersPassword(secrets()),
    });
    setDescription(`Not connected: waiting for the ${joined.missing.password ? 'password' : 'proxy URL'}.`);
    pending = new Promise<DatabaseOutcome>((resolve) => waiters.push(resolve));
    return pending;
  }

  return {
    description,
    setDescription,
    request,
    passwordState: () => {
      memoryVersion();
      const stored = secrets()?.password;
      if (options.database().kind !== 'remote' || !stored) return undefined;
      if (stored.kind === 'remembered') return 'remembered';
      if (stored.kind === 'none') return 'none';
      return passwords.get(notebookId) === undefined ? 'not-given' : 'this-session';
    },
    secrets,
    connect,
    rememberPassword: () => remembersPassword(secrets()),
    beforeRun() {
      if (pending) return pending.then(() => undefined);
      if (dismissed) return connect().then(() => undefined);
      return undefined;
    },
    apply,
    async applyForm(form) {
      const checked = configFromForm(form, saved());
      return checked.ok ? apply(checked.value, form.rememberPassword) : { ...checked, invalid: true };
    },
    async testForm(form) {
      const checked = configFromForm(form, saved());
      return checked.ok ? test(checked.value) : checked;
    },
    async provide(answer) {
      const current = saved();
      if (!current) return { ok: false, message: 'This notebook has no remote database.' };
      const timeout = current.database.statementTimeoutMs;
      const checked = configFromForm(
        {
          proxyUrl: answer.proxyUrl ?? current.database.proxyUrl,
          connectionString: current.database.connectionString,
          newPassword: answer.password ?? current.password,
          statementTimeoutSeconds: timeout ? String(timeout / 1000) : '',
          rememberPassword: answer.rememberPassword,
        },
        current,
      );
      if (!checked.ok) return { ...checked, invalid: true };
      // Tried on a throwaway connection first, so a mistyped password never becomes the
      // kernel's database: SQL cells would retry it on every run, and after Not now they
      // would fail with it instead of saying that no database is connected.
      const tried = await test(checked.value);
      if (!tried.ok) return { ok: false, message: tried.message };
      const opened = await open(checked.value);
      // Kept only once it worked: a mistyped password is not remembered.
      if (opened.ok) {
        keep(checked.value, answer.rememberPassword, false);
        answered(opened);
      }
      return opened;
    },
    dismiss() {
      dismissed = true;
      setDescription('Not connected: no password given. Running a cell asks again; or enter it in Database settings.');
      answered({ ok: false, message: 'No password given.' });
    },
  };
}
