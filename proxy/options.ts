import { MIN_TOKEN_LENGTH, normaliseOrigin, tokenProblem } from './auth';
import { canonicalAddress, formatTarget, isLoopback, parseTarget, type Resolver, type Target } from './targets';
import type { Log } from './log';

/**
 * Everything the proxy can be told, with the reason for each default. Pure:
 * the command line is parsed here (table-tested) and the server gets settings
 * that are complete and checked.
 */
export interface ProxySettings {
  /** Loopback by default: only programs on this machine can reach the proxy. */
  readonly host: string;
  readonly port: number;
  /** `null` only with `--no-token`, which is allowed on loopback alone. */
  readonly token: string | null;
  /** The database next to the proxy, and nothing else, unless told. */
  readonly allowTargets: readonly Target[];
  /** The app's own dev and preview origins: other sites' pages are refused. */
  readonly allowOrigins: readonly string[];
  /** Non-browser clients send no Origin; refused unless asked for. */
  readonly allowNoOrigin: boolean;
  /** Bounds file descriptors, memory and database backends (PostgreSQL's default max_connections is 100). */
  readonly maxConnections: number;
  /** One client cannot take every slot. Behind a reverse proxy every client shares its address, unless that proxy is trusted. */
  readonly maxConnectionsPerClient: number;
  /**
   * Reverse proxies whose `X-Forwarded-For` names the client (client-address.ts). None by
   * default: from any other peer the header is the client's own word, and ignored.
   */
  readonly trustedProxies: readonly string[];
  /** A dead or filtered database address fails in seconds, not after the OS's minutes. */
  readonly connectTimeoutMs: number;
  /** A client that opens a WebSocket must say it speaks PostgreSQL promptly. */
  readonly startupTimeoutMs: number;
  /** A session between queries with no traffic for this long is closed (0: never). Running queries are never cut. */
  readonly idleTimeoutMs: number;
  /** Pings find peers that vanished without closing (sleeping laptops, dropped networks). */
  readonly pingIntervalMs: number;
  /** `ws` holds a whole message in memory before handing it over: this bounds it. */
  readonly maxFrameBytes: number;
  /** On SIGTERM, sessions get this long to finish their query before they are closed. */
  readonly graceMs: number;
  /** Printed instead of ws://host:port/ (a `wss://` URL of the reverse proxy in front). */
  readonly publicUrl: string | undefined;
}

export interface ProxyOptions extends Partial<Omit<ProxySettings, 'allowTargets' | 'token'>> {
  /** `undefined`: generate one. `null`: no token (loopback only). */
  readonly token?: string | null;
  /** `host:port` strings. */
  readonly allowTargets?: readonly string[];
  readonly resolver?: Resolver;
  readonly log?: Log;
}

export const DEFAULT_PORT = 5480;

export const DEFAULTS = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  allowTargets: ['127.0.0.1:5432', 'localhost:5432'],
  allowOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'],
  allowNoOrigin: false,
  maxConnections: 64,
  maxConnectionsPerClient: 32,
  trustedProxies: [],
  connectTimeoutMs: 10_000,
  startupTimeoutMs: 10_000,
  idleTimeoutMs: 30 * 60_000,
  pingIntervalMs: 30_000,
  maxFrameBytes: 16 * 1024 * 1024,
  graceMs: 10_000,
} as const;

export class ProxyConfigError extends Error {
  override name = 'ProxyConfigError';
}

/** Fills in defaults and checks everything; throws {@link ProxyConfigError}. */
export function resolveSettings(options: ProxyOptions, generateToken: () => string): ProxySettings {
  const targets = (options.allowTargets ?? DEFAULTS.allowTargets).map((text) => {
    const target = parseTarget(text);
    if (!target) throw new ProxyConfigError(`not a host:port target: ${text}`);
    return target;
  });
  const settings: ProxySettings = {
    host: options.host ?? DEFAULTS.host,
    port: options.port ?? DEFAULTS.port,
    token: options.token === undefined ? generateToken() : options.token,
    allowTargets: uniqueTargets(targets),
    allowOrigins: (options.allowOrigins ?? DEFAULTS.allowOrigins).map((origin) => {
      if (origin !== 'null' && !/^https?:\/\/[^/?#]+\/?$/i.test(origin)) throw new ProxyConfigError(`not an origin (scheme://host[:port]): ${origin}`);
      return normaliseOrigin(origin);
    }),
    allowNoOrigin: options.allowNoOrigin ?? DEFAULTS.allowNoOrigin,
    maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
    maxConnectionsPerClient: options.maxConnectionsPerClient ?? DEFAULTS.maxConnectionsPerClient,
    trustedProxies: (options.trustedProxies ?? DEFAULTS.trustedProxies).map((text) => {
      const address = canonicalAddress(text);
      if (!address) throw new ProxyConfigError(`--trusted-proxy takes an IP address, not ${text}`);
      return address;
    }),
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    startupTimeoutMs: options.startupTimeoutMs ?? DEFAULTS.startupTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    maxFrameBytes: options.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
    graceMs: options.graceMs ?? DEFAULTS.graceMs,
    publicUrl: options.publicUrl,
  };
  const problem = settingsProblem(settings);
  if (problem) throw new ProxyConfigError(problem);
  return settings;
}

function uniqueTargets(targets: readonly Target[]): Target[] {
  const seen = new Map(targets.map((t) => [formatTarget(t), t]));
  return [...seen.values()];
}

export function settingsProblem(s: ProxySettings): string | undefined {
  if (s.token === null && !isLoopback(s.host)) {
    return `--no-token is allowed only on a loopback address; ${s.host} is reachable from other machines`;
  }
  if (s.token !== null) {
    const problem = tokenProblem(s.token);
    if (problem) return problem;
  }
  if (s.allowTargets.length === 0) return 'at least one --allow-target is needed';
  const counts: [string, number][] = [
    ['--port', s.port],
    ['--max-connections', s.maxConnections],
    ['--max-connections-per-client', s.maxConnectionsPerClient],
    ['--max-frame', s.maxFrameBytes],
  ];
  for (const [name, value] of counts) {
    const min = name === '--port' ? 0 : 1;
    if (!Number.isInteger(value) || value < min || (name === '--port' && value > 65535)) return `${name} must be a whole number ≥ ${min}`;
  }
  const times: [string, number, number][] = [
    ['--connect-timeout', s.connectTimeoutMs, 1],
    ['--startup-timeout', s.startupTimeoutMs, 1],
    ['--idle-timeout', s.idleTimeoutMs, 0],
    ['--ping-interval', s.pingIntervalMs, 1],
    ['--grace', s.graceMs, 0],
  ];
  for (const [name, ms, min] of times) {
    if (!Number.isFinite(ms) || ms < min) return `${name} must be a number of seconds${min === 0 ? ' (0 or more)' : ' above 0'}`;
  }
  if (s.publicUrl !== undefined && !/^wss?:\/\/[^/?#]+/.test(s.publicUrl)) return '--public-url must start with ws:// or wss://';
  return undefined;
}

export type CommandLine =
  | { readonly kind: 'run'; readonly options: ProxyOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

type Flag = { readonly kind: 'value'; readonly apply: (o: MutableOptions, value: string) => string | undefined } | { readonly kind: 'switch'; readonly apply: (o: MutableOptions) => void };
type MutableOptions = { -readonly [K in keyof ProxyOptions]: ProxyOptions[K] };

const seconds = (key: 'connectTimeoutMs' | 'startupTimeoutMs' | 'idleTimeoutMs' | 'pingIntervalMs' | 'graceMs'): Flag => ({
  kind: 'value',
  apply: (o, value) => {
    if (!/^\d+(\.\d+)?$/.test(value)) return 'a number of seconds';
    o[key] = Math.round(Number(value) * 1000);
    return undefined;
  },
});

const count = (key: 'port' | 'maxConnections' | 'maxConnectionsPerClient'): Flag => ({
  kind: 'value',
  apply: (o, value) => {
    if (!/^\d+$/.test(value)) return 'a whole number';
    o[key] = Number(value);
    return undefined;
  },
});

const appendTo = (key: 'allowTargets' | 'allowOrigins' | 'trustedProxies'): Flag => ({
  kind: 'value',
  apply: (o, value) => {
    o[key] = [...(o[key] ?? []), value];
    return undefined;
  },
});

const FLAGS: Record<string, Flag> = {
  '--host': { kind: 'value', apply: (o, v) => void (o.host = v) },
  '--port': count('port'),
  '--token': { kind: 'value', apply: (o, v) => void (o.token = v) },
  '--no-token': { kind: 'switch', apply: (o) => void (o.token = null) },
  '--allow-target': appendTo('allowTargets'),
  '--allow-origin': appendTo('allowOrigins'),
  '--allow-no-origin': { kind: 'switch', apply: (o) => void (o.allowNoOrigin = true) },
  '--max-connections': count('maxConnections'),
  '--max-connections-per-client': count('maxConnectionsPerClient'),
  '--trusted-proxy': appendTo('trustedProxies'),
  '--connect-timeout': seconds('connectTimeoutMs'),
  '--startup-timeout': seconds('startupTimeoutMs'),
  '--idle-timeout': seconds('idleTimeoutMs'),
  '--ping-interval': seconds('pingIntervalMs'),
  '--grace': seconds('graceMs'),
  '--max-frame': {
    kind: 'value',
    apply: (o, value) => {
      const bytes = parseSize(value);
      if (bytes === undefined) return 'a size such as 16MiB, 512KiB or 1048576';
      o.maxFrameBytes = bytes;
      return undefined;
    },
  },
  '--public-url': { kind: 'value', apply: (o, v) => void (o.publicUrl = v) },
};

/**
 * `--flag value` or `--flag=value`. The token may also come from the
 * environment (RIPPLE_PROXY_TOKEN), which keeps it out of `ps` listings.
 */
export function parseCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CommandLine {
  const options: MutableOptions = {};
  const envToken = env.RIPPLE_PROXY_TOKEN;
  if (envToken !== undefined && envToken !== '') options.token = envToken;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const flag = FLAGS[name];
    if (!flag) return { kind: 'error', message: `unknown option ${name} (see --help)` };
    if (flag.kind === 'switch') {
      if (eq !== -1 && name !== arg) return { kind: 'error', message: `${name} takes no value` };
      flag.apply(options);
      continue;
    }
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      i += 1;
      value = argv[i];
    }
    if (value === undefined) return { kind: 'error', message: `${name} needs a value` };
    const problem = flag.apply(options, value);
    if (problem) return { kind: 'error', message: `${name}: expected ${problem}` };
  }
  return { kind: 'run', options };
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, kb: 1024, m: 1024 ** 2, mib: 1024 ** 2, mb: 1024 ** 2 };

export function parseSize(text: string): number | undefined {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  return match && unit !== undefined ? Number(match[1]) * unit : undefined;
}

export const HELP = `Usage: npm run proxy -- [options]     (or: npx ripple-proxy [options])

Relays WebSocket connections from Ripple notebooks to PostgreSQL.
Prints the URL to paste into the notebook's database settings.

  --host ADDR                    listen address (default 127.0.0.1)
  --port N                       listen port (default ${DEFAULT_PORT}; 0 = any free port)
  --allow-target HOST:PORT       a database the proxy may dial; repeatable; replaces
                                 the default 127.0.0.1:5432 and localhost:5432.
                                 A host name must resolve to an allowed address too.
  --allow-origin ORIGIN          a page origin allowed to connect, e.g. https://notebook.example;
                                 repeatable; replaces the defaults (the app's dev and
                                 preview origins on localhost/127.0.0.1, ports 5173 and 4173)
  --allow-no-origin              also accept clients that send no Origin (non-browser tools)
  --token TOKEN                  use this token (≥ ${MIN_TOKEN_LENGTH} characters) instead of a random one;
                                 RIPPLE_PROXY_TOKEN in the environment does the same
                                 and keeps it out of process listings
  --no-token                     no token (only when listening on loopback)
  --max-connections N            sessions in total (default ${DEFAULTS.maxConnections})
  --max-connections-per-client N sessions per client address (default ${DEFAULTS.maxConnectionsPerClient})
  --trusted-proxy ADDR           a reverse proxy in front (e.g. 127.0.0.1): for connections
                                 from it, the client address is the last X-Forwarded-For
                                 entry; repeatable; none by default
  --connect-timeout SECONDS      to reach the database (default ${DEFAULTS.connectTimeoutMs / 1000})
  --startup-timeout SECONDS      for the client's first PostgreSQL message (default ${DEFAULTS.startupTimeoutMs / 1000})
  --idle-timeout SECONDS         close a session idle between queries this long (default ${DEFAULTS.idleTimeoutMs / 1000}; 0 = never)
  --ping-interval SECONDS        WebSocket ping period; no pong by the next ping closes (default ${DEFAULTS.pingIntervalMs / 1000})
  --max-frame SIZE               largest WebSocket message (default 16MiB)
  --grace SECONDS                on SIGTERM, time for running queries to finish (default ${DEFAULTS.graceMs / 1000})
  --public-url URL               the ws:// or wss:// URL clients use, when a reverse proxy is in front
  -h, --help                     this text
`;
