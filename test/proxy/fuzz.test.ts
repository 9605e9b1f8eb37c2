import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkFirstMessage } from '../../proxy/pg-startup';
import { prng } from '../support/prng';
import { CANCEL_REQUEST, closed, healthz, opened, openClient, SSL_REQUEST, startRecordingServer, startTestProxy, startupMessage, until, type RecordingServer, type TestProxy } from './helpers';

/**
 * Thousands of random and malformed first frames. The proxy must stay up, keep
 * its memory flat, and dial the target exactly for the clients whose bytes hold
 * a valid first PostgreSQL message (decided by the pure check as an oracle),
 * never for the others. Seeded: a failure names its seed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_130);
const ROUNDS = 10;
const CLIENTS_PER_ROUND = 200;
const CONCURRENCY = 80;
const MAX_FRAME = 64 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let target: RecordingServer;
let proxy: TestProxy;
/** Client ids the target has seen (dialled clients carry `fuzz-<id>`). */
const seen = new Set<number>();

beforeAll(async () => {
  target = await startRecordingServer((c) =>
    c.socket.on('data', () => {
      for (const match of c.received().toString('latin1').matchAll(/fuzz-(\d+)/g)) seen.add(Number(match[1]));
    }),
  );
  proxy = await startTestProxy({
    allowTargets: [target.target],
    maxFrameBytes: MAX_FRAME,
    maxConnections: CONCURRENCY * 2,
    maxConnectionsPerClient: CONCURRENCY * 2,
    // The fuzz's own log volume is not what is measured.
    log: () => {},
  });
});

afterAll(async () => {
  await proxy?.close();
  await target?.close();
});

type Frame = Buffer | string;

function makeFrames(id: number, rnd: () => number): Frame[] {
  const int = (n: number): number => Math.floor(rnd() * n);
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
  const tag = `fuzz-${id}`;
  const valid = startupMessage({ user: 'u', database: 'd', application_name: tag });
  const split = (b: Buffer): Buffer[] => {
    const parts: Buffer[] = [];
    for (let i = 0; i < b.length; ) {
      const n = 1 + int(Math.max(1, b.length - i));
      parts.push(b.subarray(i, i + n));
      i += n;
    }
    return parts;
  };
  switch (int(12)) {
    case 0:
      return [bytes(1 + int(2000))];
    case 1: // length that looks plausible, random code and body
      return [Buffer.concat([Buffer.from([0, 0, int(40), int(256)]), bytes(4 + int(100))])];
    case 2: // truncated startup: never completes
      return [valid.subarray(0, int(valid.length))];
    case 3: // huge length
      return [Buffer.concat([Buffer.from([int(256) | 1, int(256), int(256), int(256)]), bytes(int(20))])];
    case 4:
      return [valid.toString('latin1')];
    case 5: // valid startup, then garbage: dialled, garbage relayed
      return [Buffer.concat([valid, bytes(int(500))]), bytes(int(500))];
    case 6:
      return [Buffer.concat([SSL_REQUEST, valid])];
    case 7: // a valid message split at random points
      return split(valid);
    case 8: {
      // one byte of a valid message corrupted
      const broken = Buffer.from(valid);
      const at = int(broken.length);
      broken[at] = (broken[at] ?? 0) ^ (1 + int(255));
      return split(broken);
    }
    case 9:
      return [bytes(MAX_FRAME + 1 + int(1000))];
    case 10:
      return [Buffer.concat([CANCEL_REQUEST, Buffer.from(tag)])];
    default: // first bytes of other protocols
      return [Buffer.from(['GET / HTTP/1.1\r\n\r\n', 'EHLO x\r\n', '\x16\x03\x01\x02\x00\x01', 'SSH-2.0-x\r\n'][int(4)] ?? '', 'latin1')];
  }
}

type Outcome = 'dial' | 'refuse' | 'incomplete';

/**
 * What the proxy must do, frame by frame as it reads them: dial once the binary
 * bytes hold a valid first message; refuse at invalid bytes, a text frame or an
 * oversized one; otherwise keep waiting.
 */
function expectedOutcome(frames: readonly Frame[]): Outcome {
  const binary: Buffer[] = [];
  for (const frame of frames) {
    if (typeof frame === 'string' || frame.length > MAX_FRAME) return 'refuse';
    binary.push(frame);
    const status = checkFirstMessage(Buffer.concat(binary)).status;
    if (status === 'complete') return 'dial';
    if (status === 'invalid') return 'refuse';
  }
  return 'incomplete';
}

/** Resolves once the proxy has read every frame sent before: it answers a ping only after them. */
function roundTrip(ws: ReturnType<typeof openClient>): Promise<void> {
  return new Promise((resolve) => {
    ws.once('pong', () => resolve());
    ws.ping();
  });
}

async function fuzzClient(id: number, rnd: () => number): Promise<boolean> {
  const frames = makeFrames(id, rnd);
  const outcome = expectedOutcome(frames);
  // Every dialled client must be recognisable at the target.
  if (outcome === 'dial' && !frames.some((f) => typeof f !== 'string' && f.includes(`fuzz-${id}`))) frames.push(Buffer.from(`fuzz-${id}`));
  const ws = openClient(proxy, { address: target.target });
  const done = closed(ws);
  await opened(ws);
  for (const frame of frames) ws.send(frame);
  if (outcome === 'dial') {
    await until(() => seen.has(id), `the target to see client ${id}`, 30_000);
    ws.close();
  } else if (outcome === 'incomplete') {
    // Still waiting for the rest of its first message: the client gives up (nothing may have been dialled).
    await roundTrip(ws);
    ws.close();
  }
  // The guard timer is cleared at once: left pending, each would hold its client for 30 s
  // and count in the heap this test measures.
  let guard: ReturnType<typeof setTimeout> | undefined;
  const end = await Promise.race([
    done,
    new Promise<never>((_, reject) => (guard = setTimeout(() => reject(new Error(`client ${id} was not closed`)), 30_000))),
  ]).finally(() => clearTimeout(guard));
  // Refused clients are closed by the proxy: 4010, 1003 or 1009.
  if (outcome === 'refuse') expect([4010, 1003, 1009], `client ${id} closed with ${end.code}`).toContain(end.code);
  return outcome === 'dial';
}

it(`${ROUNDS * CLIENTS_PER_ROUND} fuzz clients: the proxy stays up, memory flat, dials only for valid first messages (seed ${SEED})`, async () => {
  const rnd = prng(SEED);
  const heap: number[] = [];
  let expectedDials = 0;
  let dials = 0;
  let id = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let batch = 0; batch < CLIENTS_PER_ROUND; batch += CONCURRENCY) {
      const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => fuzzClient(id++, rnd)));
      expectedDials += results.filter(Boolean).length;
    }
    await until(() => proxy.sessions() === 0, 'every session to end');
    await until(() => target.connections.every((c) => c.socket.destroyed), 'every target connection to close');
    expect(target.connections).toHaveLength(expectedDials);
    // Every connection the target got starts with a valid first message.
    for (const connection of target.connections) expect(checkFirstMessage(connection.received()).status).toBe('complete');
    dials += expectedDials;
    expectedDials = 0;
    // Forget them, so the heap holds only what the proxy keeps.
    target.connections.length = 0;
    gc();
    heap.push(process.memoryUsage().heapUsed);
  }
  expect(dials).toBeGreaterThan(ROUNDS * CLIENTS_PER_ROUND * 0.2);
  expect(await healthz(proxy)).toEqual({ status: 200, body: { status: 'ok', sessions: 0 } });
  // Flat: over the second half (the first warms up V8: about 2 MB here, then level), at
  // most 3 KB per client; keeping each session would cost about 9 KB.
  const half = ROUNDS / 2;
  const [middle, last] = [heap[half - 1] ?? 0, heap[ROUNDS - 1] ?? 0];
  console.log(`fuzz heap after each round (MB): ${heap.map((h) => (h / 1e6).toFixed(1)).join(', ')}`);
  expect(last - middle).toBeLessThan(half * CLIENTS_PER_ROUND * 3072);
}, 180_000);
