import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { generateToken, originAllowed, parseSubprotocols, requestToken, TOKEN_SUBPROTOCOL_PREFIX } from './auth';
import { clientAddress } from './client-address';
import { createConnectionLimits } from './limits';
import { clip, stderrLog, type Log } from './log';
import { resolveSettings, type ProxyOptions, type ProxySettings } from './options';
import { ENDED, HTTP_REFUSED } from './refusals';
import type { RelayHooks } from './relay';
import { startSession, type Session } from './session';
import { createTargetPolicy, formatTarget, systemResolver } from './targets';
import { pasteUrl } from './url';

/**
 * The proxy: an HTTP server that answers `GET /healthz`, checks Origin before any
 * WebSocket upgrade, and hands each upgraded connection to a session.
 * See url.ts for the URL contract and refusals.ts for every refusal.
 */
export interface RunningProxy {
  /** The line to paste into the notebook: `ws://host:port/?token=…`. Holds the token: never log it. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `null` with `--no-token`. */
  readonly token: string | null;
  readonly settings: ProxySettings;
  /** Sessions open now. */
  sessions(): number;
  /**
   * Stops accepting, closes sessions between queries at once and the others when
   * their query ends or the grace period is over, then resolves. Safe to call twice.
   */
  close(): Promise<void>;
}

/** After the grace period: how long clients get to answer our close frame. */
const CLOSE_HANDSHAKE_MS = 2_000;

export interface ProxyTestHooks {
  readonly onFlow?: RelayHooks['onFlow'];
}

export async function startProxy(options: ProxyOptions = {}, hooks: ProxyTestHooks = {}): Promise<RunningProxy> {
  const settings = resolveSettings(options, generateToken);
  const log: Log = options.log ?? stderrLog;
  const policy = createTargetPolicy(settings.allowTargets, options.resolver ?? systemResolver);
  const limits = createConnectionLimits(settings.maxConnections, settings.maxConnectionsPerClient);
  const trustedProxies = new Set(settings.trustedProxies);
  const sessions = new Set<Session>();
  let nextId = 1;
  let draining = false;

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: settings.maxFrameBytes,
    clientTracking: false,
    // A browser that offers `ripple-token.<t>` must get it back, or it drops the connection.
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) ?? false,
  });

  const http = createServer((request, response) => answerHttp(request, response, draining, sessions.size));
  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const client = clientAddress(socket.remoteAddress, request.headers['x-forwarded-for'], trustedProxies);
    const origin = request.headers.origin;
    const httpRefusal = draining
      ? HTTP_REFUSED.shuttingDown
      : originAllowed(origin, settings.allowOrigins, settings.allowNoOrigin)
        ? undefined
        : HTTP_REFUSED.originNotAllowed;
    if (httpRefusal) {
      log({
        event: 'refused',
        client,
        code: httpRefusal.status,
        reason: httpRefusal.reason,
        ...(httpRefusal === HTTP_REFUSED.originNotAllowed ? { detail: origin === undefined ? 'no Origin header' : clip(origin) } : {}),
      });
      refuseHttp(socket, httpRefusal.status, httpRefusal.reason);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (draining) {
        ws.close(ENDED.shuttingDown.code, ENDED.shuttingDown.reason);
        return;
      }
      // Parsed here and dropped: the URL holds the token and is never stored or logged.
      const search = new URL(request.url ?? '/', 'http://proxy.invalid').searchParams;
      const session = startSession(
        ws,
        {
          client,
          token: requestToken(search, parseSubprotocols(request.headers['sec-websocket-protocol'])),
          address: search.get('address') ?? undefined,
        },
        { settings, policy, limits, log, id: nextId++, ...(hooks.onFlow ? { onFlow: hooks.onFlow } : {}) },
      );
      if (!session) return;
      sessions.add(session);
      void session.closed.then(() => sessions.delete(session));
    });
  });
  http.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(settings.port, settings.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (error) => log({ event: 'error', where: 'listener', detail: error.name }));
  const port = (http.address() as AddressInfo).port;
  log({
    event: 'listening',
    host: settings.host,
    port,
    targets: settings.allowTargets.map(formatTarget),
    origins: [...settings.allowOrigins, ...(settings.allowNoOrigin ? ['(none)'] : [])],
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    draining = true;
    const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections();
    log({ event: 'draining', sessions: sessions.size, graceMs: settings.graceMs });
    for (const session of sessions) session.drain();
    const all = Promise.all([...sessions].map((s) => s.closed));
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, settings.graceMs)));
    await Promise.race([all, graceOver]);
    clearTimeout(graceTimer);
    for (const session of sessions) session.close(ENDED.shuttingDown);
    // A client that does not answer the close handshake is cut shortly after.
    let killTimer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => (killTimer = setTimeout(resolve, CLOSE_HANDSHAKE_MS)));
    await Promise.race([all, killed]);
    clearTimeout(killTimer);
    for (const session of sessions) session.kill();
    await all;
    http.closeAllConnections();
    await stopped;
    log({ event: 'stopped' });
  };

  return {
    url: pasteUrl(settings.publicUrl ?? `ws://${urlHost(settings.host)}:${port}/`, settings.token),
    host: settings.host,
    port,
    token: settings.token,
    settings,
    sessions: () => sessions.size,
    close: () => (closing ??= close()),
  };
}

function answerHttp(request: IncomingMessage, response: ServerResponse, draining: boolean, sessions: number): void {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
    const body = JSON.stringify(draining ? { status: 'draining', sessions } : { status: 'ok', sessions });
    response.writeHead(draining ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }
  response.writeHead(path === '/healthz' ? 405 : 426, { 'content-type': 'text/plain' });
  response.end(path === '/healthz' ? 'GET only\n' : 'This is a Ripple PostgreSQL proxy: connect with a WebSocket.\n');
}

function refuseHttp(socket: Socket, status: number, reason: string): void {
  const text = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Service Unavailable'}\r\n` +
      `Connection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

function urlHost(host: string): string {
  // Listening on every interface: loopback is one of them, and the only one we can name for sure.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
