/**
 * A PostgreSQL CancelRequest, sent through the proxy on a WebSocket of its own.
 *
 * PostgreSQL cancels a running query only when asked on a NEW connection whose first
 * (and only) message is a CancelRequest carrying the backend's process id and secret
 * key. The proxy accepts it as a first message like a StartupMessage. node-postgres has
 * `Client.cancel`, but it is undocumented, untyped in the Neon build, reaches into the
 * running query, and neither reports failure nor closes its socket: these few bytes are
 * simpler to own.
 */

/** The WebSocket this needs: the browser's own, or `ws` in Node (both have these). */
export interface WebSocketLike {
  binaryType: string;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: unknown) => void): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Protocol constant 80877102: (1234 << 16) | 5678. */
const CANCEL_REQUEST_CODE = 80877102;

export function cancelRequestBytes(processId: number, secretKey: number): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 16);
  view.setInt32(4, CANCEL_REQUEST_CODE);
  view.setInt32(8, processId);
  view.setInt32(12, secretKey);
  return bytes;
}

/**
 * Sends the request and resolves once it is on its way: the server answers a
 * CancelRequest by closing the connection, never with a message. Rejects when the
 * proxy cannot be reached. Never waits longer than `timeoutMs`.
 */
export function sendCancelRequest(WebSocket: WebSocketConstructor, url: string, bytes: Uint8Array, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = false;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    const timer = setTimeout(() => finish(sent ? undefined : new Error('the proxy did not answer in time')), timeoutMs);
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      if (error) reject(error);
      else resolve();
    };
    socket.addEventListener('open', () => {
      socket.send(bytes);
      sent = true;
    });
    socket.addEventListener('error', () => finish(sent ? undefined : new Error('the WebSocket to the proxy failed')));
    socket.addEventListener('close', () => finish(sent ? undefined : new Error('the proxy closed the connection before the request was sent')));
  });
}
