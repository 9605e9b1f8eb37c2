/**
 * The first message a PostgreSQL client sends, checked before the proxy dials
 * anything: a StartupMessage (protocol 3.x), SSLRequest, GSSENCRequest or
 * CancelRequest. Anything else (HTTP, SMTP, random bytes) is refused, often from
 * its first byte, so the proxy cannot be used to talk to other services.
 *
 * All four start with an Int32 length (counting itself) and an Int32 code.
 * Pure: no I/O, table-tested in test/proxy/pg-startup.test.ts.
 */

/** PostgreSQL's own limit (MAX_STARTUP_PACKET_LENGTH in src/include/libpq/pqcomm.h). */
export const MAX_STARTUP_LENGTH = 10_000;

const SSL_REQUEST_CODE = 80877103;
const GSSENC_REQUEST_CODE = 80877104;
const CANCEL_REQUEST_CODE = 80877102;
/** Protocol 3.2 (PostgreSQL 18) lets the cancel key grow to 256 bytes: 12 + 256. */
const MAX_CANCEL_LENGTH = 12 + 256;
const MIN_CANCEL_LENGTH = 16;

export type FirstMessageKind = 'startup' | 'ssl' | 'gssenc' | 'cancel';

export type FirstMessageCheck =
  | { readonly status: 'incomplete' }
  | { readonly status: 'invalid'; readonly detail: string }
  | { readonly status: 'complete'; readonly kind: FirstMessageKind; readonly length: number };

const INCOMPLETE: FirstMessageCheck = { status: 'incomplete' };

/**
 * Checks the bytes received so far. `incomplete`: wait for more; `complete`: the
 * first `length` bytes are one valid message (bytes after it are the client's
 * next messages, pipelined). `detail` says what was wrong without quoting any byte.
 */
export function checkFirstMessage(bytes: Uint8Array): FirstMessageCheck {
  // A valid length is at most 10,000, so its two high bytes are zero: most
  // foreign protocols ("GET ", "HELO", TLS's 0x16) are refused at their first byte.
  if (bytes.length >= 1 && bytes[0] !== 0) return invalid('length out of range');
  if (bytes.length >= 2 && bytes[1] !== 0) return invalid('length out of range');
  if (bytes.length < 4) return INCOMPLETE;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0);
  if (length < 8 || length > MAX_STARTUP_LENGTH) return invalid('length out of range');
  if (bytes.length < 8) return INCOMPLETE;
  const code = view.getUint32(4);
  switch (code) {
    case SSL_REQUEST_CODE:
      return length === 8 ? complete('ssl', length) : invalid('SSLRequest of wrong length');
    case GSSENC_REQUEST_CODE:
      return length === 8 ? complete('gssenc', length) : invalid('GSSENCRequest of wrong length');
    case CANCEL_REQUEST_CODE:
      if (length < MIN_CANCEL_LENGTH || length > MAX_CANCEL_LENGTH) return invalid('CancelRequest of wrong length');
      return bytes.length < length ? INCOMPLETE : complete('cancel', length);
  }
  if (code >>> 16 !== 3) return invalid('unsupported protocol version or request code');
  if (bytes.length < length) return INCOMPLETE;
  const problem = startupParametersProblem(bytes.subarray(8, length));
  return problem ? invalid(problem) : complete('startup', length);
}

/**
 * A StartupMessage's body: name/value pairs of NUL-terminated strings, then one
 * NUL. PostgreSQL requires `user`, so its absence marks a message as not a client's.
 */
function startupParametersProblem(body: Uint8Array): string | undefined {
  if (body.length === 0 || body[body.length - 1] !== 0) return 'startup parameters not terminated';
  let position = 0;
  let hasUser = false;
  for (;;) {
    if (position === body.length - 1) break;
    const nameEnd = body.indexOf(0, position);
    if (nameEnd === position) return 'empty startup parameter name';
    const valueEnd = body.indexOf(0, nameEnd + 1);
    if (valueEnd === -1 || valueEnd === body.length - 1) return 'startup parameter without a value';
    if (isUserName(body, position, nameEnd)) hasUser = true;
    position = valueEnd + 1;
  }
  return hasUser ? undefined : 'startup message without a user';
}

const USER = [0x75, 0x73, 0x65, 0x72];

function isUserName(body: Uint8Array, start: number, end: number): boolean {
  return end - start === USER.length && USER.every((byte, i) => body[start + i] === byte);
}

function invalid(detail: string): FirstMessageCheck {
  return { status: 'invalid', detail };
}

function complete(kind: FirstMessageKind, length: number): FirstMessageCheck {
  return { status: 'complete', kind, length };
}
