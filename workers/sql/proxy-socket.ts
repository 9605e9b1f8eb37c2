import type { WebSocketConstructor, WebSocketLike } from './cancel-request';

/** What the WebSocket under one connection did: node-postgres only reports that it failed. */
export interface SocketReport {
  opened: boolean;
  error: string | undefined;
  close: { code: number; reason: string } | undefined;
}

/**
 * The driver's WebSocket. It records what happened, for messages that say why a
 * connection failed, and sends the writes of one turn of the event loop as one frame.
 *
 * node-postgres writes a parameterised query as six messages in a row (Parse, Bind,
 * Describe, Execute, Flush, Sync). Sent one frame each, that is six crossings from the
 * worker to the browser's network process and six TCP writes at the proxy: in Chromium a
 * trivial SQL cell took about 4.7 ms against 1.8 ms for a one-message `SELECT 1`. The
 * driver's own coalescing waits for a timer (`coalesceWrites`: 1.37 ms per query against
 * 0.28 ms without it); a microtask ends the same turn, so nothing waits.
 */
export function proxySocket(WebSocket: WebSocketConstructor, report: SocketReport): WebSocketConstructor {
  return class ProxySocket extends WebSocket {
    private pending: Uint8Array[] = [];

    constructor(url: string) {
      super(url);
      const socket: WebSocketLike = this;
      socket.addEventListener('open', () => (report.opened = true));
      socket.addEventListener('error', (event) => (report.error ??= errorText(event)));
      socket.addEventListener('close', (event) => {
        const { code, reason } = (event ?? {}) as { code?: unknown; reason?: unknown };
        report.close ??= { code: typeof code === 'number' ? code : 0, reason: typeof reason === 'string' ? reason : '' };
      });
    }

    override send(data: Uint8Array): void {
      if (this.pending.length === 0) queueMicrotask(() => this.flush());
      this.pending.push(data);
    }

    override close(): void {
      // Should a write come just before the close, in the same turn, it still goes first.
      this.flush();
      super.close();
    }

    private flush(): void {
      const chunks = this.pending;
      if (chunks.length === 0) return;
      this.pending = [];
      try {
        super.send(chunks.length === 1 ? chunks[0]! : concat(chunks));
      } catch (error) {
        // Sent late, a failure cannot reach the driver's write: close, so the driver sees
        // the connection end (and says why from the report) instead of waiting forever.
        report.error ??= error instanceof Error ? error.message : String(error);
        super.close();
      }
    }
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.byteLength;
  }
  return joined;
}

/** `ws` puts the reason on the event; the browser's WebSocket gives none. */
function errorText(event: unknown): string | undefined {
  const { message, error } = (event ?? {}) as { message?: unknown; error?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  return error instanceof Error ? error.message : undefined;
}
