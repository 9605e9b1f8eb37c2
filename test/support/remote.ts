import { WebSocket } from 'ws';
import { startProxy, type RunningProxy } from '../../proxy/server';
import type { RemoteDatabaseConfig } from '../../workers/protocol';
import { startPostgres, type TestPostgres } from './postgres';
import { APP_ORIGIN } from '../proxy/helpers';

/** `ws` as the kernel worker's WebSocket: it sends the Origin a browser on the dev server would (the proxy refuses none). */
export class BrowserLikeWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: APP_ORIGIN });
  }
}

/** A real PostgreSQL behind the real proxy, and the config a notebook would hold for it. */
export interface TestRemote {
  readonly postgres: TestPostgres;
  readonly config: RemoteDatabaseConfig;
  /** The proxy's JSON log lines so far (they must never hold a password or token). */
  readonly proxyLog: readonly string[];
  /** Stops the proxy (its sessions end) and starts it again on the same port and token. */
  restartProxy(): Promise<void>;
  /** Stops the proxy; the returned function starts it again on the same port and token. */
  stopProxy(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

export async function startRemote(options: { statementTimeoutMs?: number; postgres?: TestPostgres } = {}): Promise<TestRemote> {
  const postgres = options.postgres ?? (await startPostgres());
  const proxyLog: string[] = [];
  const start = (port: number, token?: string | null): Promise<RunningProxy> =>
    startProxy({
      port,
      ...(token !== undefined ? { token } : {}),
      allowTargets: [`${postgres.host}:${postgres.port}`],
      log: (event) => void proxyLog.push(JSON.stringify(event)),
    });
  let proxy = await start(0);
  const config: RemoteDatabaseConfig = {
    kind: 'remote',
    proxyUrl: proxy.url,
    connectionString: postgres.url,
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
  };
  return {
    postgres,
    config,
    proxyLog,
    async restartProxy() {
      await proxy.close();
      proxy = await start(proxy.port, proxy.token);
    },
    async stopProxy() {
      await proxy.close();
      return async () => {
        proxy = await start(proxy.port, proxy.token);
      };
    },
    async stop() {
      await proxy.close();
      if (!options.postgres) await postgres.stop();
    },
  };
}
