import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';
import { jsonLineLog } from '../../proxy/log';
import type { ProxyOptions } from '../../proxy/options';
import { startProxy, type ProxyTestHooks, type RunningProxy } from '../../proxy/server';

/** Every test sends an Origin the proxy allows by default, as a browser on the dev server would. */
export const APP_ORIGIN = 'http://localhost:5173';

export interface TestProxy extends RunningProxy {
  /** Every JSON log line so far. */
  readonly logLines: string[];
  readonly events: Record<string, unknown>[];
}

export async function startTestProxy(options: ProxyOptions = {}, hooks: ProxyTestHooks = {}): Promise<TestProxy> {
  const logLines: string[] = [];
  const events: Record<string, unknown>[] = [];
  const proxy = await startProxy(
    {
      port: 0,
      log: jsonLineLog((line) => {
        logLines.push(line);
        events.push(JSON.parse(line) as Record<string, unknown>);
      }),
      ...options,
    },
    hooks,
  );
  return Object.assign(proxy, { logLines, events });
}

export interface ClientOptions {
  readonly address?: string | undefined;
  readonly token?: string | null;
  readonly origin?: string | null;
  readonly protocols?: string[];
  /** Sent as `X-Forwarded-For`, as a reverse proxy in front would. */
  readonly forwardedFor?: string;
}

/** A raw WebSocket to the proxy; `address` undefined = omit the parameter. */
export function openClient(proxy: RunningProxy, options: ClientOptions = {}): WebSocket {
  const url = new URL(`ws://127.0.0.1:${proxy.port}/v1`);
  const token = options.token === undefined ? proxy.token : options.token;
  if (token !== null) url.searchParams.set('token', token);
  if (options.address !== undefined) url.searchParams.set('address', options.address);
  const origin = options.origin === undefined ? APP_ORIGIN : options.origin;
  const headers = options.forwardedFor === undefined ? {} : { headers: { 'X-Forwarded-For': options.forwardedFor } };
  return new WebSocket(url, options.protocols ?? [], { ...(origin === null ? {} : { origin }), perMessageDeflate: false, ...headers });
}

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export function closed(ws: WebSocket): Promise<Closed> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) throw new Error('already closed');
    ws.on('error', () => {});
    ws.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString('utf8') }));
  });
}

export function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

/** The HTTP status of a refused upgrade. */
export function refusedStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('error', () => {});
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
  });
}

/** A client message of PostgreSQL's startup phase. */
export function startupMessage(parameters: Record<string, string> = { user: 'ripple', database: 'postgres' }, version = 196608): Buffer {
  const body = Buffer.concat([...Object.entries(parameters).flatMap(([k, v]) => [Buffer.from(`${k}\0${v}\0`)]), Buffer.from([0])]);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.writeUInt32BE(version, 4);
  return Buffer.concat([header, body]);
}

export function codeMessage(code: number, length = 8): Buffer {
  const message = Buffer.alloc(length);
  message.writeUInt32BE(length, 0);
  message.writeUInt32BE(code, 4);
  return message;
}

export const SSL_REQUEST = codeMessage(80877103);
export const GSSENC_REQUEST = codeMessage(80877104);
export const CANCEL_REQUEST = codeMessage(80877102, 16);

/** A server message: type byte, Int32 length, body. */
export function serverMessage(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeUInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

export const READY_FOR_QUERY = serverMessage('Z', Buffer.from('I'));

export interface RecordedConnection {
  readonly socket: Socket;
  /** Every byte received, in order. */
  received(): Buffer;
  receivedLength(): number;
  readonly ended: Promise<void>;
}

/**
 * A TCP server on a loopback port that records every connection it gets,
 * standing in for "anything the proxy might dial". `onConnection` may answer.
 */
export interface RecordingServer {
  readonly port: number;
  readonly target: string;
  readonly connections: RecordedConnection[];
  /** Resolves with the next connection (or the n-th, counting from 0). */
  connection(index: number): Promise<RecordedConnection>;
  close(): Promise<void>;
}

export async function startRecordingServer(onConnection?: (connection: RecordedConnection) => void, host = '127.0.0.1'): Promise<RecordingServer> {
  const connections: RecordedConnection[] = [];
  const waiters = new Map<number, (c: RecordedConnection) => void>();
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    let length = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    socket.on('error', () => {});
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const connection: RecordedConnection = { socket, received: () => Buffer.concat(chunks), receivedLength: () => length, ended };
    connections.push(connection);
    waiters.get(connections.length - 1)?.(connection);
    onConnection?.(connection);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    target: `${host}:${port}`,
    connections,
    connection: (index) =>
      connections[index] ? Promise.resolve(connections[index]) : new Promise((resolve) => waiters.set(index, resolve)),
    close: async () => {
      for (const c of connections) c.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when `predicate` holds (checked every 10 ms): waits for a state, not for a time. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function healthz(proxy: RunningProxy): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${proxy.port}/healthz`);
  return { status: response.status, body: await response.json() };
}

/** Resolves with the data of the next binary message. */
export function nextMessage(ws: WebSocket): Promise<Buffer> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(Buffer.from(data))));
}
