/**
 * The URL contract between the proxy and its clients. No Node imports: the
 * kernel worker uses this file in the browser too.
 *
 * The proxy prints one URL, `ws://127.0.0.1:5480/?token=<hex>` (or the
 * `wss://` URL of a TLS reverse proxy in front of it). A client opens a
 * WebSocket to that URL with the target added as `address=host:port`:
 *
 *     ws://127.0.0.1:5480/?token=<hex>&address=127.0.0.1%3A5432
 *
 * - any path is accepted (so a reverse proxy may mount it under a prefix);
 * - `token`: the proxy's token; alternatively a `ripple-token.<token>` subprotocol;
 * - `address`: `host:port`, `[v6]:port` or `v6:port`, percent-encoded or not;
 * - binary frames only, each carrying PostgreSQL protocol bytes as they are.
 *
 * The Neon driver (`@neondatabase/serverless`) opens
 * `(useSecureWebSocket ? 'wss:' : 'ws:') + '//' + wsProxy(host, port)`, where host
 * and port come from the connection string: {@link neonProxyConfig} builds both
 * settings from the pasted URL.
 */

export function pasteUrl(base: string, token: string | null): string {
  const url = new URL(base);
  if (token !== null) url.searchParams.set('token', token);
  return url.href;
}

export interface NeonProxyConfig {
  readonly wsProxy: (host: string, port: number | string) => string;
  readonly useSecureWebSocket: boolean;
}

/** Throws a TypeError when `pasted` is not a ws:// or wss:// URL. */
export function neonProxyConfig(pasted: string): NeonProxyConfig {
  const url = new URL(pasted);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new TypeError('the proxy URL must start with ws:// or wss://');
  const withoutScheme = `${url.host}${url.pathname}`;
  return {
    useSecureWebSocket: url.protocol === 'wss:',
    wsProxy: (host, port) => {
      const search = new URLSearchParams(url.search);
      const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
      search.set('address', `${bracketed}:${port}`);
      return `${withoutScheme}?${search.toString()}`;
    },
  };
}
