import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.zip': 'application/zip',
  '.gz': 'application/gzip', '.data': 'application/octet-stream', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

export interface StaticServer {
  /** The app's URL: origin plus base path. */
  readonly url: string;
  /** Serves another build from now on (a new deployment). */
  setRoot(root: string): void;
  /** Stops listening and drops open connections at once, like a host going away. */
  close(): Promise<void>;
  /** The status of every response sent for `pathname` so far, in order. */
  responses(pathname: string): number[];
}

export interface StaticServerOptions {
  readonly base?: string;
  readonly port?: number;
  /** Sends COOP/COEP, as a host configured for cross-origin isolation does. */
  readonly isolation?: boolean;
  /** Sends ETag and Last-Modified, and answers a matching If-None-Match with 304, as most hosts do. */
  readonly validators?: boolean;
}

/**
 * Serves a build as a plain static host does: by default no COOP/COEP, no cache
 * headers, files under `base` only (a sub-path deployment 404s everything else),
 * index.html for the base itself. The page then gets cross-origin isolation only from
 * the service worker.
 */
export function serveStatic(initialRoot: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = options.base ?? '/';
  let root = initialRoot;
  const sockets = new Set<Socket>();
  const sent = new Map<string, number[]>();
  const send = (pathname: string, status: number): void => void (sent.get(pathname) ?? sent.set(pathname, []).get(pathname)!).push(status);
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (!pathname.startsWith(base)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const path = normalize(`/${pathname.slice(base.length)}`).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (path === '/' || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    if (options.isolation) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    if (options.validators) {
      const stat = statSync(file);
      const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Last-Modified', stat.mtime.toUTCString());
      if (req.headers['if-none-match'] === etag) {
        send(pathname, 304);
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    send(pathname, 200);
    createReadStream(file).pipe(res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}${base}`,
        setRoot: (next) => (root = next),
        responses: (pathname) => [...(sent.get(pathname) ?? [])],
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
