import { connect, type Socket } from 'node:net';
import type WebSocket from 'ws';
import { tokenMatches } from './auth';
import type { ConnectionLimits } from './limits';
import { clip, errorCode, type Log } from './log';
import type { ProxySettings } from './options';
import { checkFirstMessage, type FirstMessageKind } from './pg-startup';
import { ENDED, FRAME_TOO_LARGE, REFUSED, type CloseReason } from './refusals';
import { startRelay, type Relay, type RelayHooks } from './relay';
import { formatTarget, parseTarget, type Target, type TargetPolicy } from './targets';

/**
 * One client's WebSocket, from the upgrade to the close: token, target and
 * limits, then the first PostgreSQL message (buffered until complete, never
 * forwarded unless valid), then the dial, then the relay. Every refusal closes
 * the WebSocket with a code and reason from refusals.ts and logs one line.
 */
export interface SessionRequest {
  readonly client: string;
  readonly token: string | undefined;
  readonly address: string | undefined;
}

export interface SessionContext {
  readonly settings: ProxySettings;
  readonly policy: TargetPolicy;
  readonly limits: ConnectionLimits;
  readonly log: Log;
  readonly id: number;
  /** Test hook: flow changes of the relay. */
  readonly onFlow?: RelayHooks['onFlow'];
}

export interface Session {
  readonly id: number;
  /** Close now if between queries, else as soon as the running query ends. */
  drain(): void;
  /** Close now, whatever is running. */
  close(reason: CloseReason): void;
  /** Cut both connections without a closing handshake. */
  kill(): void;
  /** Resolves when the WebSocket and the database socket are closed. */
  readonly closed: Promise<void>;
}

type Phase = 'startup' | 'dialing' | 'relaying' | 'done';

/** Returns undefined when the request was refused before a session began. */
export function startSession(ws: WebSocket, request: SessionRequest, context: SessionContext): Session | undefined {
  const { settings, log } = context;
  const { client } = request;
  const refuse = (reason: CloseReason, detail?: string): void => {
    log({ event: 'refused', client, code: reason.code, reason: reason.reason, ...(detail ? { detail } : {}) });
    ws.close(reason.code, reason.reason);
  };

  if (settings.token !== null && !tokenMatches(settings.token, request.token)) {
    refuse(REFUSED.tokenMissingOrWrong);
    return undefined;
  }
  const target = request.address === undefined ? undefined : parseTarget(request.address);
  if (!target) {
    refuse(REFUSED.targetMalformed, request.address === undefined ? 'no address' : clip(request.address));
    return undefined;
  }
  if (!context.policy.allows(target)) {
    refuse(REFUSED.targetNotAllowed, formatTarget(target));
    return undefined;
  }
  const admission = context.limits.admit(client);
  if ('refused' in admission) {
    refuse(admission.refused);
    return undefined;
  }
  return runSession(ws, client, target, admission.release, context);
}

function runSession(ws: WebSocket, client: string, target: Target, release: () => void, context: SessionContext): Session {
  const { settings, log, id } = context;
  const started = performance.now();
  let phase: Phase = 'startup';
  let draining = false;
  let firstBytes: Buffer[] = [];
  let relay: Relay | undefined;
  let socket: Socket | undefined;
  let alive = true;
  const timers: NodeJS.Timeout[] = [];
  let idleTimer: NodeJS.Timeout | undefined;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let wsClosed = false;
  let socketClosed = true;

  const settle = (): void => {
    if (wsClosed && socketClosed) {
      for (const timer of timers) clearTimeout(timer);
      clearTimeout(idleTimer);
      release();
      resolveClosed();
    }
  };

  const logClose = (end: { code: number; reason: string; by: 'client' | 'database' | 'proxy'; bytesFromClient: number; bytesFromDatabase: number }): void =>
    log({ event: 'close', session: id, client, ...end, ms: Math.round(performance.now() - started) });

  /** Ends a session that has no relay yet. */
  const endEarly = (reason: CloseReason, refused: boolean, detail?: string): void => {
    if (phase === 'done') return;
    phase = 'done';
    if (refused) log({ event: 'refused', client, session: id, code: reason.code, reason: reason.reason, ...(detail ? { detail } : {}) });
    else logClose({ ...reason, by: 'proxy', bytesFromClient: 0, bytesFromDatabase: 0 });
    socket?.destroy();
    // Paused while dialing: the client's answer to our close frame must be read.
    ws.resume();
    if (ws.readyState === ws.OPEN) ws.close(reason.code, reason.reason);
  };

  log({ event: 'connect', client, session: id, target: formatTarget(target) });

  ws.on('message', (raw: WebSocket.RawData, isBinary: boolean) => {
    alive = true;
    const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (!isBinary) {
      if (relay) {
        log({ event: 'refused', client, session: id, code: REFUSED.textFrame.code, reason: REFUSED.textFrame.reason });
        relay.close(REFUSED.textFrame);
      } else endEarly(REFUSED.textFrame, true);
      return;
    }
    if (relay) relay.fromClient(data);
    else if (phase === 'startup') onStartupBytes(data);
    else if (phase === 'dialing') firstBytes.push(data);
  });
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('error', (error) => {
    // `ws` closes the connection itself after a protocol error (1002) or an oversized message (1009).
    const code = errorCode(error);
    if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      log({ event: 'refused', client, session: id, code: FRAME_TOO_LARGE.code, reason: 'message larger than the maximum frame size' });
    } else log({ event: 'error', where: `session ${id}`, detail: code });
  });
  ws.on('close', (code: number, reason: Buffer) => {
    wsClosed = true;
    if (!relay && phase !== 'done') {
      phase = 'done';
      socket?.destroy();
      logClose({ code, reason: reason.toString('utf8'), by: 'client', bytesFromClient: 0, bytesFromDatabase: 0 });
    }
    settle();
  });

  const startupTimer = setTimeout(() => {
    if (phase === 'startup') endEarly(REFUSED.startupTimeout, true);
  }, settings.startupTimeoutMs);
  timers.push(startupTimer);

  const onStartupBytes = (data: Buffer): void => {
    firstBytes.push(data);
    const bytes = firstBytes.length === 1 ? data : Buffer.concat(firstBytes);
    firstBytes = [bytes];
    const check = checkFirstMessage(bytes);
    if (check.status === 'incomplete') return;
    if (check.status === 'invalid') {
      endEarly(REFUSED.notPostgres, true, check.detail);
      return;
    }
    clearTimeout(startupTimer);
    phase = 'dialing';
    // Pipelined bytes after the first message wait, in order, for the dial.
    ws.pause();
    void dial(check.kind);
  };

  const dial = async (kind: FirstMessageKind): Promise<void> => {
    const dialStarted = performance.now();
    const deadline = new Promise<'timeout'>((resolve) => timers.push(setTimeout(() => resolve('timeout'), settings.connectTimeoutMs)));
    const outcome = await Promise.race([connectTo(), deadline]);
    if (phase !== 'dialing') {
      if (typeof outcome === 'object' && 'socket' in outcome) outcome.socket.destroy();
      return;
    }
    if (outcome === 'timeout') {
      socket?.destroy();
      endEarly(ENDED.connectTimeout, false);
      return;
    }
    if ('refused' in outcome) {
      endEarly(outcome.refused, outcome.refused === REFUSED.targetNotAllowed, outcome.detail);
      return;
    }
    phase = 'relaying';
    const upstream = outcome.socket;
    log({ event: 'upstream', session: id, address: outcome.address, ms: Math.round(performance.now() - dialStarted) });
    relay = startRelay(ws, upstream, kind, {
      onEnd: (end) => {
        phase = 'done';
        logClose(end);
      },
      onServerData: () => {
        if (draining && relay?.ready.betweenQueries) relay.close(ENDED.shuttingDown);
      },
      ...(context.onFlow ? { onFlow: context.onFlow } : {}),
    });
    for (const chunk of firstBytes) relay.fromClient(chunk);
    firstBytes = [];
    ws.resume();
    if (draining && relay.ready.betweenQueries) relay.close(ENDED.shuttingDown);
    scheduleIdleCheck(settings.idleTimeoutMs);
  };

  type Dialed = { socket: Socket; address: string } | { refused: CloseReason; detail: string };

  const connectTo = async (): Promise<Dialed> => {
    const resolution = await context.policy.resolve(target);
    // The connect deadline may have passed while the name was resolved: dial nothing then.
    if (phase !== 'dialing') return { refused: ENDED.connectTimeout, detail: 'late' };
    if (!resolution.ok) {
      return { refused: resolution.why === 'not-allowed' ? REFUSED.targetNotAllowed : ENDED.databaseUnreachable, detail: resolution.detail };
    }
    const address = formatTarget({ host: resolution.address, port: resolution.port });
    return new Promise((resolve) => {
      const upstream = connect({ host: resolution.address, port: resolution.port, noDelay: true });
      socket = upstream;
      socketClosed = false;
      upstream.on('close', () => {
        socketClosed = true;
        settle();
      });
      upstream.once('connect', () => {
        upstream.setNoDelay(true);
        resolve({ socket: upstream, address });
      });
      upstream.once('error', (error) => resolve({ refused: ENDED.databaseUnreachable, detail: `${address}: ${errorCode(error)}` }));
    });
  };

  const scheduleIdleCheck = (delay: number): void => {
    if (settings.idleTimeoutMs === 0) return;
    idleTimer = setTimeout(() => {
      if (!relay || phase !== 'relaying') return;
      const quiet = performance.now() - relay.lastActivity;
      // A running query counts as activity however long it stays silent.
      if (quiet >= settings.idleTimeoutMs && relay.ready.betweenQueries) relay.close(ENDED.idleTimeout);
      else scheduleIdleCheck(relay.ready.betweenQueries ? Math.max(settings.idleTimeoutMs - quiet, 10) : settings.idleTimeoutMs);
    }, delay);
  };

  const pinger = setInterval(() => {
    if (phase === 'done') return;
    // While we do not read the WebSocket (the database is slow), its pongs wait unread.
    if (!alive && !relay?.clientPaused) {
      const reason = { code: 1006, reason: 'no pong' };
      if (relay) relay.terminate(reason);
      else {
        phase = 'done';
        logClose({ ...reason, by: 'proxy', bytesFromClient: 0, bytesFromDatabase: 0 });
        socket?.destroy();
        ws.terminate();
      }
      return;
    }
    alive = false;
    ws.ping();
  }, settings.pingIntervalMs);
  timers.push(pinger);

  return {
    id,
    closed,
    drain() {
      draining = true;
      if (relay) {
        if (relay.ready.betweenQueries) relay.close(ENDED.shuttingDown);
      } else endEarly(ENDED.shuttingDown, false);
    },
    close(reason) {
      if (relay) relay.close(reason);
      else endEarly(reason, false);
    },
    kill() {
      socket?.destroy();
      ws.terminate();
    },
  };
}
