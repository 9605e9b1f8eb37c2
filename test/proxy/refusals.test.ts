import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../../proxy/targets';
import {
  closed,
  healthz,
  opened,
  openClient,
  READY_FOR_QUERY,
  refusedStatus,
  startRecordingServer,
  startTestProxy,
  startupMessage,
  until,
  type RecordingServer,
  type TestProxy,
} from './helpers';

/**
 * Every refusal of issue 9, against a real proxy whose only reachable target is a
 * TCP server that records every connection: a refused client must get its close
 * code and reason, one log line, and the target must never see a connection.
 */
let target: RecordingServer;
/** Listens on 127.0.0.2, which `evil.test` resolves to: the proxy must never dial it. */
let rebindTarget: RecordingServer;
let closedPort: number;
let proxy: TestProxy;

const resolver: Resolver = async (name) => {
  if (name === 'evil.test') return ['127.0.0.2'];
  if (name === 'good.test') return ['127.0.0.1'];
  if (name === 'slow.test') return new Promise(() => {});
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

async function freeClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  target = await startRecordingServer();
  rebindTarget = await startRecordingServer(undefined, '127.0.0.2');
  closedPort = await freeClosedPort();
  proxy = await startTestProxy({
    allowTargets: [target.target, `good.test:${target.port}`, `evil.test:${rebindTarget.port}`, `slow.test:${target.port}`, `127.0.0.1:${closedPort}`],
    resolver,
    maxFrameBytes: 64 * 1024,
    startupTimeoutMs: 300,
    connectTimeoutMs: 300,
  });
});

afterAll(async () => {
  await proxy?.close();
  await target?.close();
  await rebindTarget?.close();
});

function refusedEvents(reason: string): Record<string, unknown>[] {
  return proxy.events.filter((e) => e.event === 'refused' && e.reason === reason);
}

async function expectClose(ws: ReturnType<typeof openClient>, code: number, reason: string, send?: Buffer | string): Promise<void> {
  const before = target.connections.length + rebindTarget.connections.length;
  const logged = refusedEvents(reason).length;
  const done = closed(ws);
  if (send !== undefined) {
    await opened(ws);
    ws.send(send);
  }
  expect(await done).toEqual({ code, reason });
  expect(target.connections.length + rebindTarget.connections.length).toBe(before);
  expect(refusedEvents(reason).length).toBe(logged + 1);
}

describe('the proxy relays a valid client', () => {
  it('forwards the startup message to an allowed target, as it is', async () => {
    const ws = openClient(proxy, { address: target.target });
    await opened(ws);
    const message = startupMessage();
    ws.send(message);
    const connection = await target.connection(target.connections.length);
    await expectReceived(connection.received, message);
    ws.close();
  });

  it('takes the token from a ripple-token subprotocol', async () => {
    const ws = openClient(proxy, { address: target.target, token: null, protocols: [`ripple-token.${proxy.token}`] });
    await opened(ws);
    expect(ws.protocol).toBe(`ripple-token.${proxy.token}`);
    const index = target.connections.length;
    ws.send(startupMessage());
    await target.connection(index);
    ws.close();
  });

  it('dials a host name at its resolved, allowed address', async () => {
    const ws = openClient(proxy, { address: `good.test:${target.port}` });
    await opened(ws);
    const index = target.connections.length;
    ws.send(startupMessage());
    expect((await target.connection(index)).socket.localAddress).toBe('127.0.0.1');
    ws.close();
  });

  it('answers GET /healthz with JSON', async () => {
    expect(await healthz(proxy)).toEqual({ status: 200, body: { status: 'ok', sessions: expect.any(Number) } });
    const other = await fetch(`http://127.0.0.1:${proxy.port}/`);
    expect(other.status).toBe(426);
  });
});

describe('refusals', () => {
  it('no token: 4001', async () => {
    await expectClose(openClient(proxy, { address: target.target, token: null }), 4001, 'token missing or wrong');
  });

  it('wrong token: 4001', async () => {
    const wrong = `${proxy.token?.slice(0, -1)}0` === proxy.token ? `${proxy.token?.slice(0, -1)}1` : `${proxy.token?.slice(0, -1)}0`;
    await expectClose(openClient(proxy, { address: target.target, token: wrong }), 4001, 'token missing or wrong');
  });

  it('foreign Origin: HTTP 403 before the upgrade', async () => {
    const logged = refusedEvents('origin not allowed').length;
    const connections = target.connections.length;
    expect(await refusedStatus(openClient(proxy, { address: target.target, origin: 'https://evil.example' }))).toBe(403);
    expect(await refusedStatus(openClient(proxy, { address: target.target, origin: 'null' }))).toBe(403);
    expect(refusedEvents('origin not allowed').length).toBe(logged + 2);
    expect(target.connections.length).toBe(connections);
  });

  it('no Origin (a non-browser client): HTTP 403 unless --allow-no-origin', async () => {
    expect(await refusedStatus(openClient(proxy, { address: target.target, origin: null }))).toBe(403);
    const lenient = await startTestProxy({ allowTargets: [target.target], allowNoOrigin: true });
    try {
      const ws = openClient(lenient, { address: target.target, origin: null });
      await opened(ws);
      ws.close();
      // The token is still required.
      await expect(closed(openClient(lenient, { address: target.target, origin: null, token: null }))).resolves.toEqual({ code: 4001, reason: 'token missing or wrong' });
    } finally {
      await lenient.close();
    }
  });

  it('no address, or a malformed one: 4002', async () => {
    await expectClose(openClient(proxy), 4002, 'address parameter missing or malformed');
    await expectClose(openClient(proxy, { address: '127.0.0.1' }), 4002, 'address parameter missing or malformed');
    await expectClose(openClient(proxy, { address: 'a b:5432' }), 4002, 'address parameter missing or malformed');
  });

  it.each(['127.0.0.1:1', '127.0.0.3:5432', 'localhost:5432', 'other.test:5432'])('target %s not on the allowlist: 4003', async (address) => {
    await expectClose(openClient(proxy, { address }), 4003, 'target not allowed');
  });

  it('an allowed name that resolves to a disallowed address (DNS rebinding): 4003, nothing dialled', async () => {
    // The address itself is not allowed…
    await expectClose(openClient(proxy, { address: `127.0.0.2:${rebindTarget.port}` }), 4003, 'target not allowed');
    // …so reaching it through an allowed name is refused too.
    await expectClose(openClient(proxy, { address: `evil.test:${rebindTarget.port}` }), 4003, 'target not allowed', startupMessage());
    expect(rebindTarget.connections).toHaveLength(0);
  });

  it.each<[string, Buffer | string]>([
    ['HTTP', Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')],
    ['SMTP', Buffer.from('EHLO attacker.example\r\nMAIL FROM:<a@b>\r\n')],
    ['random bytes', Buffer.from([0x00, 0x00, 0x00, 0x10, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8])],
    ['a TLS ClientHello', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1])],
    ['a startup without user', Buffer.from([0, 0, 0, 9, 0, 3, 0, 0, 0])],
  ])('%s as first bytes: 4010 before a byte reaches the target', async (_name, bytes) => {
    await expectClose(openClient(proxy, { address: target.target }), 4010, 'not a PostgreSQL startup message', bytes);
  });

  it('a text frame: 1003', async () => {
    await expectClose(openClient(proxy, { address: target.target }), 1003, 'binary frames only', startupMessage().toString('latin1'));
  });

  it('an oversized frame: 1009', async () => {
    const ws = openClient(proxy, { address: target.target });
    const done = closed(ws);
    await opened(ws);
    const logged = proxy.events.filter((e) => e.event === 'refused' && e.code === 1009).length;
    ws.send(Buffer.concat([startupMessage(), Buffer.alloc(64 * 1024)]));
    expect(await done).toEqual({ code: 1009, reason: '' });
    expect(proxy.events.filter((e) => e.event === 'refused' && e.code === 1009)).toHaveLength(logged + 1);
  });

  it('no startup message in time: 4008', async () => {
    await expectClose(openClient(proxy, { address: target.target }), 4008, 'no startup message in time');
  });

  it('a first message split over frames is buffered, then refused when it turns out wrong', async () => {
    const ws = openClient(proxy, { address: target.target });
    const done = closed(ws);
    await opened(ws);
    const bad = Buffer.from([0, 0, 0, 12, 0, 3, 0, 0, 0x75, 0x73, 0x72, 0]); // "usr", not "user"
    for (const byte of bad) ws.send(Buffer.from([byte]));
    expect(await done).toEqual({ code: 4010, reason: 'not a PostgreSQL startup message' });
  });

  it('a database that does not answer in time: 4504', async () => {
    const ws = openClient(proxy, { address: `slow.test:${target.port}` });
    const done = closed(ws);
    await opened(ws);
    ws.send(startupMessage());
    expect(await done).toEqual({ code: 4504, reason: 'database connect timeout' });
  });

  it('a database that refuses the connection: 4502', async () => {
    const ws = openClient(proxy, { address: `127.0.0.1:${closedPort}` });
    const done = closed(ws);
    await opened(ws);
    ws.send(startupMessage());
    expect(await done).toEqual({ code: 4502, reason: 'database unreachable' });
  });
});

describe('limits', () => {
  it('too many connections in total: 4029, and a slot frees when a session ends', async () => {
    const small = await startTestProxy({ allowTargets: [target.target], maxConnections: 2, maxConnectionsPerClient: 2 });
    try {
      const first = openClient(small, { address: target.target });
      const second = openClient(small, { address: target.target });
      await Promise.all([opened(first), opened(second)]);
      await until(() => small.sessions() === 2, 'two sessions');
      expect(await closed(openClient(small, { address: target.target }))).toEqual({ code: 4029, reason: 'too many connections' });
      const firstClosed = closed(first);
      first.close();
      await firstClosed;
      await until(() => small.sessions() === 1, 'one session');
      const third = openClient(small, { address: target.target });
      await opened(third);
      await until(() => small.sessions() === 2, 'two sessions again');
      second.close();
      third.close();
    } finally {
      await small.close();
    }
  });

  it('too many connections from one address: 4029', async () => {
    const small = await startTestProxy({ allowTargets: [target.target], maxConnections: 10, maxConnectionsPerClient: 1 });
    try {
      const first = openClient(small, { address: target.target });
      await opened(first);
      expect(await closed(openClient(small, { address: target.target }))).toEqual({ code: 4029, reason: 'too many connections from this address' });
      first.close();
    } finally {
      await small.close();
    }
  });

  it('behind a trusted reverse proxy, the last X-Forwarded-For entry is the client; from any other peer the header changes nothing', async () => {
    // Header values only: no traffic goes to these addresses.
    const limits = { allowTargets: [target.target], maxConnections: 10, maxConnectionsPerClient: 1 };
    const behind = await startTestProxy({ ...limits, trustedProxies: ['127.0.0.1'] });
    const untrusted = await startTestProxy(limits);
    const open: ReturnType<typeof openClient>[] = [];
    const client = (proxy: TestProxy, forwardedFor: string) => {
      const ws = openClient(proxy, { address: target.target, forwardedFor });
      open.push(ws);
      return ws;
    };
    try {
      // Two users behind the reverse proxy get a slot each...
      await Promise.all([opened(client(behind, '127.0.0.21')), opened(client(behind, '127.0.0.22'))]);
      // ...and a second connection of one of them is refused, whatever it put first in the header.
      const again = await closed(client(behind, '127.0.0.99, 127.0.0.21'));
      // Without trust the header is the client's own word: everyone is the peer address.
      await opened(client(untrusted, '127.0.0.21'));
      const spoofed = await closed(client(untrusted, '127.0.0.22'));
      const refusedClients = (proxy: TestProxy) => proxy.events.filter((e) => e.event === 'refused').map((e) => e.client);
      expect({ again, spoofed, logged: { behind: refusedClients(behind), untrusted: refusedClients(untrusted) } }).toEqual({
        again: { code: 4029, reason: 'too many connections from this address' },
        spoofed: { code: 4029, reason: 'too many connections from this address' },
        logged: { behind: ['127.0.0.21'], untrusted: ['127.0.0.1'] },
      });
    } finally {
      for (const ws of open) ws.close();
      await behind.close();
      await untrusted.close();
    }
  });
});

describe('timeouts', () => {
  it('idle between queries: 4408 after the idle timeout', async () => {
    const answering = await startRecordingServer((c) => c.socket.on('data', () => c.socket.write(READY_FOR_QUERY)));
    const quick = await startTestProxy({ allowTargets: [answering.target], idleTimeoutMs: 150 });
    try {
      const ws = openClient(quick, { address: answering.target });
      const done = closed(ws);
      await opened(ws);
      ws.send(startupMessage());
      expect(await done).toEqual({ code: 4408, reason: 'idle timeout' });
    } finally {
      await quick.close();
      await answering.close();
    }
  });

  it('a running query is never idle: the close comes only after the server is ready again', async () => {
    let answeredAt = Infinity;
    // Answers 4 idle periods late, as a long query would: nothing flows meanwhile.
    const slow = await startRecordingServer((c) =>
      c.socket.once('data', () =>
        setTimeout(() => {
          answeredAt = performance.now();
          c.socket.write(READY_FOR_QUERY);
        }, 600),
      ),
    );
    const quick = await startTestProxy({ allowTargets: [slow.target], idleTimeoutMs: 150 });
    try {
      const ws = openClient(quick, { address: slow.target });
      const done = closed(ws);
      await opened(ws);
      ws.send(startupMessage());
      expect(await done).toEqual({ code: 4408, reason: 'idle timeout' });
      expect(performance.now()).toBeGreaterThan(answeredAt);
    } finally {
      await quick.close();
      await slow.close();
    }
  });

  it('a client that stops answering pings is cut; one that answers stays', async () => {
    const pinging = await startTestProxy({ allowTargets: [target.target], pingIntervalMs: 100 });
    try {
      const live = openClient(pinging, { address: target.target });
      const dead = openClient(pinging, { address: target.target });
      await Promise.all([opened(live), opened(dead)]);
      let pings = 0;
      live.on('ping', () => (pings += 1));
      // Not reading the socket at all: no pong can be sent.
      (dead as unknown as { _socket: { pause(): void } })._socket.pause();
      await until(() => pinging.events.some((e) => e.event === 'close' && e.reason === 'no pong'), 'the dead client to be cut');
      await until(() => pings >= 3, 'three pings');
      expect(live.readyState).toBe(live.OPEN);
      expect(pinging.events.filter((e) => e.event === 'close' && e.reason === 'no pong')).toHaveLength(1);
      live.close();
    } finally {
      await pinging.close();
    }
  });
});

async function expectReceived(received: () => Buffer, expected: Buffer): Promise<void> {
  await until(() => received().length >= expected.length, 'the bytes to arrive');
  expect(received()).toEqual(expected);
}
