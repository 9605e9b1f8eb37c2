import { Client } from '@neondatabase/serverless';
import WebSocket from 'ws';
import { neonProxyConfig } from '../../proxy/url';
import { APP_ORIGIN } from './helpers';

/** The browser sends the page's Origin; Node's `ws` must be told to. */
class AppOriginWebSocket extends WebSocket {
  constructor(url: string | URL) {
    super(url, { origin: APP_ORIGIN, perMessageDeflate: false });
  }
}

/**
 * The kernel's client: the Neon driver (node-postgres over a WebSocket) through
 * the proxy, configured as issue 9 says (SCRAM needs pipelineConnect off;
 * coalesceWrites off is faster through a local proxy). Not connected yet.
 */
export function neonClient(proxyUrl: string, connectionString: string): Client {
  const client = new Client({ connectionString });
  const { wsProxy, useSecureWebSocket } = neonProxyConfig(proxyUrl);
  const config = client.neonConfig;
  config.webSocketConstructor = AppOriginWebSocket;
  config.wsProxy = wsProxy;
  config.useSecureWebSocket = useSecureWebSocket;
  config.pipelineConnect = false;
  config.coalesceWrites = false;
  return client;
}
