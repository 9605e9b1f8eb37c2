import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseCommandLine, parseSize, ProxyConfigError, resolveSettings, type CommandLine, type ProxyOptions } from '../../proxy/options';

const TOKEN = 'a'.repeat(32);

describe('parseCommandLine', () => {
  const cases: readonly [string, string[], Record<string, string>, CommandLine][] = [
    ['no options', [], {}, { kind: 'run', options: {} }],
    ['help', ['--port', '1', '--help'], {}, { kind: 'help' }],
    ['host and port', ['--host', '0.0.0.0', '--port=6000'], {}, { kind: 'run', options: { host: '0.0.0.0', port: 6000 } }],
    [
      'repeatable allowlists',
      ['--allow-target', 'db:5432', '--allow-target=10.0.0.5:5432', '--allow-origin', 'https://n.example'],
      {},
      { kind: 'run', options: { allowTargets: ['db:5432', '10.0.0.5:5432'], allowOrigins: ['https://n.example'] } },
    ],
    ['switches', ['--allow-no-origin', '--no-token'], {}, { kind: 'run', options: { allowNoOrigin: true, token: null } }],
    ['token from the environment', [], { RIPPLE_PROXY_TOKEN: TOKEN }, { kind: 'run', options: { token: TOKEN } }],
    ['--no-token wins over the environment', ['--no-token'], { RIPPLE_PROXY_TOKEN: TOKEN }, { kind: 'run', options: { token: null } }],
    [
      'seconds and sizes',
      ['--connect-timeout', '2.5', '--idle-timeout', '0', '--ping-interval', '15', '--grace', '3', '--startup-timeout', '1', '--max-frame', '1MiB'],
      {},
      { kind: 'run', options: { connectTimeoutMs: 2500, idleTimeoutMs: 0, pingIntervalMs: 15000, graceMs: 3000, startupTimeoutMs: 1000, maxFrameBytes: 1048576 } },
    ],
    ['limits', ['--max-connections', '10', '--max-connections-per-client', '2'], {}, { kind: 'run', options: { maxConnections: 10, maxConnectionsPerClient: 2 } }],
    ['public URL', ['--public-url', 'wss://db.example/ripple'], {}, { kind: 'run', options: { publicUrl: 'wss://db.example/ripple' } }],
    ['trusted reverse proxies', ['--trusted-proxy', '127.0.0.1', '--trusted-proxy=::1'], {}, { kind: 'run', options: { trustedProxies: ['127.0.0.1', '::1'] } }],
    ['unknown option', ['--listen', 'x'], {}, { kind: 'error', message: 'unknown option --listen (see --help)' }],
    ['missing value', ['--port'], {}, { kind: 'error', message: '--port needs a value' }],
    ['bad number', ['--port', '80a'], {}, { kind: 'error', message: '--port: expected a whole number' }],
    ['negative seconds', ['--grace', '-1'], {}, { kind: 'error', message: '--grace: expected a number of seconds' }],
    ['bad size', ['--max-frame', 'lots'], {}, { kind: 'error', message: '--max-frame: expected a size such as 16MiB, 512KiB or 1048576' }],
    ['switch with a value', ['--no-token=yes'], {}, { kind: 'error', message: '--no-token takes no value' }],
  ];
  it.each(cases)('%s', (_name, argv, env, expected) => {
    expect(parseCommandLine(argv, env)).toEqual(expected);
  });

  it.each([
    ['16MiB', 16 * 1024 * 1024],
    ['512k', 512 * 1024],
    ['100', 100],
    ['2 mb', 2 * 1024 * 1024],
    ['1.5MiB', undefined],
    ['1GiB', undefined],
  ])('parseSize(%s) = %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));
});

describe('resolveSettings', () => {
  const generate = (): string => 'g'.repeat(64);
  const resolve = (options: ProxyOptions) => resolveSettings(options, generate);

  it('fills in the secure defaults and generates a token', () => {
    const settings = resolve({});
    expect(settings).toMatchObject({ host: '127.0.0.1', port: 5480, token: 'g'.repeat(64), allowNoOrigin: false, idleTimeoutMs: DEFAULTS.idleTimeoutMs });
    expect(settings.allowTargets).toEqual([
      { host: '127.0.0.1', port: 5432 },
      { host: 'localhost', port: 5432 },
    ]);
    expect(settings.allowOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173']);
  });

  it('normalises origins and drops repeated targets', () => {
    const settings = resolve({ allowOrigins: ['HTTPS://Notebook.Example:443'], allowTargets: ['127.0.0.1:5432', '127.0.0.1:5432'] });
    expect(settings.allowOrigins).toEqual(['https://notebook.example']);
    expect(settings.allowTargets).toEqual([{ host: '127.0.0.1', port: 5432 }]);
  });

  it.each<[string, ProxyOptions, string]>([
    ['no token off loopback', { host: '0.0.0.0', token: null }, '--no-token is allowed only on a loopback address; 0.0.0.0 is reachable from other machines'],
    ['no token on a LAN address', { host: '192.0.2.10', token: null }, '--no-token is allowed only on a loopback address; 192.0.2.10 is reachable from other machines'],
    ['short token', { token: 'abc' }, 'the token must have at least 32 characters (128 bits)'],
    ['token with a space', { token: `${TOKEN} x` }, 'the token may contain only letters, digits and . _ ~ -'],
    ['empty target list', { allowTargets: [] }, 'at least one --allow-target is needed'],
    ['malformed target', { allowTargets: ['db'] }, 'not a host:port target: db'],
    ['origin with a path', { allowOrigins: ['https://n.example/app'] }, 'not an origin (scheme://host[:port]): https://n.example/app'],
    ['zero connections', { maxConnections: 0 }, '--max-connections must be a whole number ≥ 1'],
    ['port out of range', { port: 70000 }, '--port must be a whole number ≥ 0'],
    ['zero connect timeout', { connectTimeoutMs: 0 }, '--connect-timeout must be a number of seconds above 0'],
    ['public URL over http', { publicUrl: 'https://x.example' }, '--public-url must start with ws:// or wss://'],
    ['a trusted proxy by name', { trustedProxies: ['caddy'] }, '--trusted-proxy takes an IP address, not caddy'],
  ])('refuses %s', (_name, options, message) => {
    expect(() => resolve(options)).toThrow(new ProxyConfigError(message));
  });

  it('trusts no reverse proxy unless told, and spells a trusted one canonically', () => {
    expect({ none: resolve({}).trustedProxies, mapped: resolve({ trustedProxies: ['::FFFF:127.0.0.1'] }).trustedProxies }).toEqual({ none: [], mapped: ['127.0.0.1'] });
  });

  it('allows no token on loopback, and any host with a token', () => {
    expect(resolve({ host: '127.0.0.1', token: null }).token).toBeNull();
    expect(resolve({ host: '::1', token: null }).token).toBeNull();
    expect(resolve({ host: '0.0.0.0' }).token).toBe('g'.repeat(64));
  });
});
