import { expect, it } from 'vitest';
import { DatabaseSlot } from '../../workers/database-slot';
import type { DatabaseConfig, RemoteDatabaseConfig } from '../../workers/protocol';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { inProcessPglite } from '../../workers/sql/pglite-connection';
import type { SqlExecutor } from '../../workers/sql/executor';

// The slot is where an open error becomes the message every later SQL cell shows: it
// must be redacted there, whatever the backend put in it.

const TOKEN = '5f4e3d2c1b0a99887766554433221100';
const PASSWORD = 's3cr3t/p@ss';
const REMOTE: RemoteDatabaseConfig = {
  kind: 'remote',
  proxyUrl: `ws://127.0.0.1:5480/?token=${TOKEN}`,
  connectionString: `postgresql://ripple:${encodeURIComponent(PASSWORD)}@127.0.0.1:5432/app`,
};

/** A backend whose errors quote everything it was given, as some drivers do. */
async function tattletale(config: DatabaseConfig): Promise<SqlExecutor> {
  if (config.kind !== 'remote') throw new Error('remote only');
  throw new Error(`cannot connect to ${config.connectionString} through ${config.proxyUrl} (password ${PASSWORD}, token ${TOKEN})`);
}

it('an open error reaches SQL cells without the password or the token', async () => {
  const slot = new DatabaseSlot(tattletale);
  const change = await slot.configure(REMOTE);
  const current = await slot.current({ retry: true });
  expect({ configured: change.error, current: current.error }).toEqual({
    configured:
      'Could not open the database: cannot connect to postgresql://ripple@127.0.0.1:5432/app through ws://127.0.0.1:5480/?token=[hidden] (password [hidden], token [hidden])',
    current:
      'Could not open the database: cannot connect to postgresql://ripple@127.0.0.1:5432/app through ws://127.0.0.1:5480/?token=[hidden] (password [hidden], token [hidden])',
  });
});

it('a database that failed to open is tried again by the next cell, and then kept', async () => {
  let attempts = 0;
  const slot = new DatabaseSlot(async (config) => {
    attempts += 1;
    if (attempts === 1) throw new Error('the server is down');
    if (config.kind !== 'pglite') throw new Error('pglite only');
    return PgliteExecutor.open(config, inProcessPglite());
  });
  const change = await slot.configure({ kind: 'pglite', storage: 'memory', name: 'retry' });
  const withoutRetry = await slot.current();
  const retried = await slot.current({ retry: true });
  const again = await slot.current({ retry: true });
  expect({
    first: change.error,
    withoutRetry: withoutRetry.error,
    retried: retried.executor !== undefined && retried.error === undefined,
    kept: again.executor === retried.executor,
    attempts,
  }).toEqual({ first: 'Could not open the database: the server is down', withoutRetry: 'Could not open the database: the server is down', retried: true, kept: true, attempts: 2 });
  await slot.close();
});

it('says a database is opening from the change until it settles, whether it opened or failed', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slot = new DatabaseSlot(async (config) => {
    await gate;
    return tattletale(config);
  });
  const before = slot.opening();
  const change = slot.configure(REMOTE);
  const during = slot.opening();
  release();
  const { error } = await change;
  expect({ before, during, after: slot.opening(), failed: error !== undefined }).toEqual({ before: false, during: true, after: false, failed: true });
});
