/**
 * Knows, from the bytes alone, whether a PostgreSQL session is between queries:
 * the server's last message was ReadyForQuery ('Z') and the client has sent
 * nothing since. The idle timeout and the shutdown drain close only such
 * sessions, so a long query that sends no rows for an hour is never cut.
 *
 * It reads only the 5-byte header of each server message (type and length) and
 * skips bodies. When the client asked for SSL/GSS encryption and the server
 * agreed, the stream is opaque: then the session counts as between queries
 * whenever no bytes flow (see `opaque`). Pure; tested in test/proxy/pg-ready.test.ts.
 */
export interface ReadyTracker {
  /** The client sent bytes (a query, or any message). */
  clientSent(): void;
  /** Bytes from the server, in order, in chunks of any size. */
  serverSent(chunk: Uint8Array): void;
  /** True when the server is waiting for the client's next query. */
  readonly betweenQueries: boolean;
  /** True when the stream is encrypted and cannot be read. */
  readonly opaque: boolean;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const HEADER_LENGTH = 5;

/**
 * `firstMessage`: what the client's first message was. After an SSLRequest or
 * GSSENCRequest the server answers with one byte ('N' = continue in plain text).
 */
export function createReadyTracker(firstMessage: 'startup' | 'ssl' | 'gssenc' | 'cancel'): ReadyTracker {
  let awaitingEncryptionAnswer = firstMessage === 'ssl' || firstMessage === 'gssenc';
  let opaque = false;
  let awaitingServer = true;
  const header = new Uint8Array(HEADER_LENGTH);
  let headerFilled = 0;
  let bodyLeft = 0;
  let bodyIsReady = false;

  return {
    clientSent() {
      awaitingServer = true;
    },
    serverSent(chunk) {
      let i = 0;
      if (awaitingEncryptionAnswer && chunk.length > 0) {
        awaitingEncryptionAnswer = false;
        if (chunk[0] !== 0x4e) opaque = true; // 'S' or 'G': TLS/GSS from here on
        i = 1;
      }
      if (opaque) return;
      while (i < chunk.length) {
        if (bodyLeft > 0) {
          const take = Math.min(bodyLeft, chunk.length - i);
          bodyLeft -= take;
          i += take;
          if (bodyLeft === 0 && bodyIsReady) awaitingServer = false;
          continue;
        }
        header[headerFilled] = chunk[i] ?? 0;
        headerFilled += 1;
        i += 1;
        if (headerFilled < HEADER_LENGTH) continue;
        headerFilled = 0;
        const length = ((header[1] ?? 0) << 24) | ((header[2] ?? 0) << 16) | ((header[3] ?? 0) << 8) | (header[4] ?? 0);
        bodyLeft = Math.max(0, (length >>> 0) - 4);
        bodyIsReady = header[0] === READY_FOR_QUERY;
        if (bodyLeft === 0 && bodyIsReady) awaitingServer = false;
      }
    },
    get betweenQueries() {
      return opaque || !awaitingServer;
    },
    get opaque() {
      return opaque;
    },
  };
}
