import { describe, expect, it } from 'vitest';
import { checkFirstMessage, type FirstMessageCheck } from '../../proxy/pg-startup';
import { CANCEL_REQUEST, codeMessage, GSSENC_REQUEST, SSL_REQUEST, startupMessage } from './helpers';

const startup = startupMessage({ user: 'ripple', database: 'postgres', application_name: 'notebook' });
const withLength = (message: Buffer, length: number): Buffer => {
  const copy = Buffer.from(message);
  copy.writeUInt32BE(length, 0);
  return copy;
};
const raw = (bytes: number[]): Buffer => Buffer.from(bytes);
const body = (text: string, version = 196608): Buffer => {
  const b = Buffer.from(text, 'latin1');
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + b.length, 0);
  header.writeUInt32BE(version, 4);
  return Buffer.concat([header, b]);
};

const cases: readonly [string, Buffer, FirstMessageCheck][] = [
  ['StartupMessage 3.0', startup, { status: 'complete', kind: 'startup', length: startup.length }],
  ['StartupMessage 3.2 (PostgreSQL 18)', startupMessage({ user: 'u' }, 196610), { status: 'complete', kind: 'startup', length: 16 }],
  ['StartupMessage with pipelined bytes after it', Buffer.concat([startup, Buffer.from('Q\0\0\0\x09x\0')]), { status: 'complete', kind: 'startup', length: startup.length }],
  ['SSLRequest', SSL_REQUEST, { status: 'complete', kind: 'ssl', length: 8 }],
  ['GSSENCRequest', GSSENC_REQUEST, { status: 'complete', kind: 'gssenc', length: 8 }],
  ['CancelRequest (4-byte key)', CANCEL_REQUEST, { status: 'complete', kind: 'cancel', length: 16 }],
  ['CancelRequest (32-byte key, protocol 3.2)', codeMessage(80877102, 44), { status: 'complete', kind: 'cancel', length: 44 }],
  // incomplete: wait for more
  ['nothing yet', raw([]), { status: 'incomplete' }],
  ['two bytes of a length', raw([0, 0]), { status: 'incomplete' }],
  ['length only', startup.subarray(0, 4), { status: 'incomplete' }],
  ['startup cut in the middle', startup.subarray(0, startup.length - 1), { status: 'incomplete' }],
  ['cancel cut after its code', CANCEL_REQUEST.subarray(0, 12), { status: 'incomplete' }],
  // refused, often from the first byte
  ['HTTP request', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), { status: 'invalid', detail: 'length out of range' }],
  ['first byte of HTTP', Buffer.from('G'), { status: 'invalid', detail: 'length out of range' }],
  ['SMTP greeting', Buffer.from('HELO example.org\r\n'), { status: 'invalid', detail: 'length out of range' }],
  ['TLS ClientHello', raw([0x16, 0x03, 0x01, 0x02, 0x00]), { status: 'invalid', detail: 'length out of range' }],
  ['second byte non-zero (length ≥ 65536)', raw([0, 1]), { status: 'invalid', detail: 'length out of range' }],
  ['length 10,001', withLength(startup, 10_001), { status: 'invalid', detail: 'length out of range' }],
  ['huge length', raw([0, 0, 0xff, 0xff, 0, 3, 0, 0]), { status: 'invalid', detail: 'length out of range' }],
  ['length below 8', raw([0, 0, 0, 7]), { status: 'invalid', detail: 'length out of range' }],
  ['SSLRequest of length 12', codeMessage(80877103, 12), { status: 'invalid', detail: 'SSLRequest of wrong length' }],
  ['GSSENCRequest of length 16', codeMessage(80877104, 16), { status: 'invalid', detail: 'GSSENCRequest of wrong length' }],
  ['CancelRequest too short', codeMessage(80877102, 12), { status: 'invalid', detail: 'CancelRequest of wrong length' }],
  ['CancelRequest too long', codeMessage(80877102, 269), { status: 'invalid', detail: 'CancelRequest of wrong length' }],
  ['protocol 2.0', body('user\0u\0\0', 131072), { status: 'invalid', detail: 'unsupported protocol version or request code' }],
  ['protocol 4.0', body('user\0u\0\0', 262144), { status: 'invalid', detail: 'unsupported protocol version or request code' }],
  ['unknown request code', codeMessage(80877105), { status: 'invalid', detail: 'unsupported protocol version or request code' }],
  ['startup without parameters', body(''), { status: 'invalid', detail: 'startup parameters not terminated' }],
  ['startup without user', body('database\0d\0\0'), { status: 'invalid', detail: 'startup message without a user' }],
  ['startup with only the terminator', body('\0'), { status: 'invalid', detail: 'startup message without a user' }],
  ['startup not terminated', body('user\0u'), { status: 'invalid', detail: 'startup parameters not terminated' }],
  ['startup missing its final NUL', body('user\0u\0'), { status: 'invalid', detail: 'startup parameter without a value' }],
  ['startup parameter without value', body('user\0u\0database\0'), { status: 'invalid', detail: 'startup parameter without a value' }],
  ['startup name without value', body('user\0\0'), { status: 'invalid', detail: 'startup parameter without a value' }],
  ['startup with empty name', body('\0x\0user\0u\0\0'), { status: 'invalid', detail: 'empty startup parameter name' }],
  ['"users" is not "user"', body('users\0u\0\0'), { status: 'invalid', detail: 'startup message without a user' }],
];

describe('checkFirstMessage', () => {
  it.each(cases)('%s', (_name, bytes, expected) => {
    expect(checkFirstMessage(bytes)).toEqual(expected);
  });

  it('accepts every prefix of a valid startup as incomplete, then the whole', () => {
    for (let n = 0; n < startup.length; n += 1) expect(checkFirstMessage(startup.subarray(0, n)).status).toBe('incomplete');
    expect(checkFirstMessage(startup).status).toBe('complete');
  });

  it('reads a view into a larger buffer at its own offset', () => {
    const big = Buffer.concat([Buffer.from('xxxx'), SSL_REQUEST]);
    expect(checkFirstMessage(big.subarray(4))).toEqual({ status: 'complete', kind: 'ssl', length: 8 });
  });

  it('accepts a startup of exactly 10,000 bytes', () => {
    const padding = 'x'.repeat(10_000 - 8 - 'user\0u\0application_name\0'.length - 2);
    const message = body(`user\0u\0application_name\0${padding}\0\0`);
    expect(message.length).toBe(10_000);
    expect(checkFirstMessage(message)).toEqual({ status: 'complete', kind: 'startup', length: 10_000 });
  });
});
