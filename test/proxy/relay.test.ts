import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Side } from '../../proxy/relay';
import { closed, opened, openClient, startRecordingServer, startTestProxy, startupMessage, until, type RecordingServer, type TestProxy } from './helpers';

/** The byte pump, through a real proxy, against a TCP server standing in for PostgreSQL. */
let target: RecordingServer | undefined;
let proxy: TestProxy | undefined;
const flow: [Side, boolean][] = [];

afterEach(async () => {
  await proxy?.close();
  await target?.close();
  proxy = undefined;
  target = undefined;
  flow.length = 0;
});

async function setUp(onConnection?: Parameters<typeof startRecordingServer>[0]): Promise<{ target: RecordingServer; proxy: TestProxy }> {
  target = await startRecordingServer(onConnection);
  proxy = await startTestProxy({ allowTargets: [target.target], maxFrameBytes: 1024 * 1024 }, { onFlow: (side, paused) => flow.push([side, paused]) });
  return { target, proxy };
}

function collect(ws: ReturnType<typeof openClient>): { bytes(): Buffer; readonly length: number } {
  const chunks: Buffer[] = [];
  let length = 0;
  ws.on('message', (data: Buffer) => {
    chunks.push(Buffer.from(data));
    length += data.length;
  });
  return {
    bytes: () => Buffer.concat(chunks),
    get length() {
      return length;
    },
  };
}

describe('relay', () => {
  it('forwards bytes pipelined after the first message, in order, in both directions', async () => {
    const reply = randomBytes(100_000);
    const { target, proxy } = await setUp((c) => c.socket.once('data', () => c.socket.write(reply)));
    const ws = openClient(proxy, { address: target.target });
    const received = collect(ws);
    await opened(ws);
    const first = startupMessage();
    const rest = randomBytes(50_000);
    // One frame holds the startup and the start of what follows.
    ws.send(Buffer.concat([first, rest.subarray(0, 10)]));
    ws.send(rest.subarray(10));
    const connection = await target.connection(0);
    await until(() => connection.receivedLength() === first.length + rest.length, 'every client byte');
    expect(connection.received().equals(Buffer.concat([first, rest]))).toBe(true);
    await until(() => received.length === reply.length, 'every server byte');
    expect(received.bytes().equals(reply)).toBe(true);
    ws.close();
  });

  it('dials only once a first message split over frames is complete', async () => {
    const { target, proxy } = await setUp();
    const ws = openClient(proxy, { address: target.target });
    await opened(ws);
    const first = startupMessage();
    for (let i = 0; i < first.length - 1; i += 1) ws.send(first.subarray(i, i + 1));
    // Everything but the last byte has been sent; a ping round trip proves the proxy read it all.
    await new Promise<void>((resolve) => ws.ping(undefined, undefined, () => ws.once('pong', () => resolve())));
    expect(target.connections).toHaveLength(0);
    ws.send(first.subarray(first.length - 1));
    const connection = await target.connection(0);
    await until(() => connection.receivedLength() === first.length, 'the startup message');
    expect(connection.received()).toEqual(first);
    ws.close();
  });

  it('database → client: stops reading the database while the client does not read, then delivers everything', async () => {
    const payload = randomBytes(24 * 1024 * 1024);
    const { target, proxy } = await setUp((c) => c.socket.once('data', () => c.socket.write(payload)));
    const ws = openClient(proxy, { address: target.target });
    const received = collect(ws);
    await opened(ws);
    const clientSocket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    ws.send(startupMessage());
    clientSocket.pause();
    await until(() => flow.some(([side, paused]) => side === 'database' && paused), 'the proxy to stop reading the database');
    clientSocket.resume();
    await until(() => flow.some(([side, paused]) => side === 'database' && !paused), 'the proxy to read the database again');
    await until(() => received.length === payload.length, 'every byte', 30_000);
    expect(received.bytes().equals(payload)).toBe(true);
    ws.close();
  });

  it('client → database: stops reading the WebSocket while the database does not read, then delivers everything', async () => {
    const { target, proxy } = await setUp((c) => c.socket.pause());
    const ws = openClient(proxy, { address: target.target });
    await opened(ws);
    const first = startupMessage();
    const payload = randomBytes(24 * 1024 * 1024);
    ws.send(first);
    for (let i = 0; i < payload.length; i += 512 * 1024) ws.send(payload.subarray(i, i + 512 * 1024));
    await until(() => flow.some(([side, paused]) => side === 'client' && paused), 'the proxy to stop reading the client');
    const connection = await target.connection(0);
    connection.socket.resume();
    await until(() => flow.some(([side, paused]) => side === 'client' && !paused), 'the proxy to read the client again');
    await until(() => connection.receivedLength() === first.length + payload.length, 'every byte', 30_000);
    expect(connection.received().equals(Buffer.concat([first, payload]))).toBe(true);
    ws.close();
  });

  it('the database closes: the client gets every byte, then 1000', async () => {
    const goodbye = randomBytes(300_000);
    const { target, proxy } = await setUp((c) => c.socket.once('data', () => c.socket.end(goodbye)));
    const ws = openClient(proxy, { address: target.target });
    const received = collect(ws);
    const done = closed(ws);
    await opened(ws);
    ws.send(startupMessage());
    expect(await done).toEqual({ code: 1000, reason: 'database closed the connection' });
    expect(received.bytes().equals(goodbye)).toBe(true);
    expect(proxy.events.find((e) => e.event === 'close')).toMatchObject({ by: 'database', bytesFromDatabase: goodbye.length });
  });

  it.each(['closes', 'vanishes'])('the client %s mid-query: the proxy closes the database connection', async (how) => {
    const { target, proxy } = await setUp();
    const ws = openClient(proxy, { address: target.target });
    await opened(ws);
    ws.send(startupMessage());
    const connection = await target.connection(0);
    await until(() => connection.receivedLength() > 0, 'the startup');
    if (how === 'closes') ws.close(1000);
    else ws.terminate();
    await connection.ended;
    await until(() => proxy.sessions() === 0, 'the session to end');
    expect(proxy.events.find((e) => e.event === 'close')).toMatchObject({ by: 'client' });
  });
});
