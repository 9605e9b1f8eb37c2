import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { errorCode } from './log';
import { createReadyTracker, type ReadyTracker } from './pg-ready';
import type { FirstMessageKind } from './pg-startup';
import { ENDED, type CloseReason } from './refusals';

/**
 * The byte pump between one WebSocket and one TCP connection to PostgreSQL.
 * Backpressure both ways, so a slow side never makes the proxy buffer without
 * bound: while the client's WebSocket has more than {@link HIGH_WATER} bytes
 * queued, the database socket is not read; while the database socket's write
 * buffer is full, the WebSocket is not read.
 */
export const HIGH_WATER = 1024 * 1024;
export const LOW_WATER = 256 * 1024;

/** After the client is gone, how long the database gets to take our last bytes before the socket is cut. */
const UPSTREAM_LINGER_MS = 2_000;

export type Side = 'client' | 'database';

export interface RelayEnd extends CloseReason {
  readonly by: 'client' | 'database' | 'proxy';
  readonly bytesFromClient: number;
  readonly bytesFromDatabase: number;
}

export interface RelayHooks {
  /** Called once, when both sides are closed or closing. */
  onEnd(end: RelayEnd): void;
  /** Called after each server chunk, so the owner can act when a query ends (drain). */
  onServerData?(): void;
  /** After the relay paused or resumed reading `side`: whether that side's stream is paused now. For tests. */
  onFlow?(side: Side, paused: boolean): void;
}

export interface Relay {
  readonly ready: ReadyTracker;
  /** performance.now() of the last byte either way. */
  readonly lastActivity: number;
  /** True while the WebSocket is not read (the database is slow): pongs cannot arrive then. */
  readonly clientPaused: boolean;
  /** A binary message from the client. */
  fromClient(data: Buffer): void;
  /** Ends the session from the proxy's side. */
  close(reason: CloseReason): void;
  /** Ends it without a closing handshake (the peer stopped answering). */
  terminate(reason: CloseReason): void;
}

export function startRelay(ws: WebSocket, socket: Socket, firstMessage: FirstMessageKind, hooks: RelayHooks): Relay {
  const ready = createReadyTracker(firstMessage);
  let lastActivity = performance.now();
  let bytesFromClient = 0;
  let bytesFromDatabase = 0;
  let clientPaused = false;
  let databasePaused = false;
  let ended: RelayEnd | undefined;
  let upstreamError: string | undefined;

  const finish = (by: RelayEnd['by'], reason: CloseReason): void => {
    if (ended) return;
    ended = { by, code: reason.code, reason: reason.reason, bytesFromClient, bytesFromDatabase };
    hooks.onEnd(ended);
  };

  const releaseDatabase = (): void => {
    if (!databasePaused) return;
    databasePaused = false;
    socket.resume();
    hooks.onFlow?.('database', socket.isPaused());
  };

  const onSent = (): void => {
    if (databasePaused && ws.bufferedAmount < LOW_WATER) releaseDatabase();
  };

  socket.on('data', (chunk: Buffer) => {
    lastActivity = performance.now();
    bytesFromDatabase += chunk.length;
    ready.serverSent(chunk);
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true }, onSent);
    if (!databasePaused && ws.bufferedAmount > HIGH_WATER) {
      databasePaused = true;
      socket.pause();
      hooks.onFlow?.('database', socket.isPaused());
    }
    hooks.onServerData?.();
  });
  socket.on('drain', () => {
    if (!clientPaused) return;
    clientPaused = false;
    ws.resume();
    hooks.onFlow?.('client', ws.isPaused);
  });
  socket.on('error', (error) => {
    upstreamError = errorCode(error);
  });
  socket.on('close', () => {
    if (ended) return;
    const reason = upstreamError === undefined ? ENDED.databaseClosed : ENDED.databaseError;
    finish('database', reason);
    // Queued result bytes go first: ws sends the close frame after them.
    if (ws.readyState === ws.OPEN) ws.close(reason.code, reason.reason);
  });
  ws.on('close', (code: number, reason: Buffer) => {
    finish('client', { code, reason: reason.toString('utf8') });
    releaseDatabase();
    endUpstream();
  });

  const endUpstream = (): void => {
    if (socket.destroyed) return;
    // Half-close so PostgreSQL reads our last bytes (often a Terminate) and ends
    // the backend; cut the socket if it does not close by itself soon.
    socket.end();
    // Cleared as soon as the socket closes: a pending timer would keep the closed socket
    // (and its buffers) alive for the whole linger, for every session that just ended.
    const linger = setTimeout(() => socket.destroy(), UPSTREAM_LINGER_MS).unref();
    socket.once('close', () => clearTimeout(linger));
  };

  return {
    ready,
    get lastActivity() {
      return lastActivity;
    },
    get clientPaused() {
      return clientPaused;
    },
    fromClient(data) {
      if (ended) return;
      lastActivity = performance.now();
      bytesFromClient += data.length;
      ready.clientSent();
      if (socket.write(data) || clientPaused) return;
      clientPaused = true;
      ws.pause();
      hooks.onFlow?.('client', ws.isPaused);
    },
    close(reason) {
      finish('proxy', reason);
      // The client's answer to our close frame must be read, even if the database was slow.
      ws.resume();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(reason.code, reason.reason);
      endUpstream();
    },
    terminate(reason) {
      finish('proxy', reason);
      ws.terminate();
      socket.destroy();
    },
  };
}
