/// <reference lib="webworker" />
// The least the stack allows: Pyodide and PGlite from the app's self-hosted assets,
// loaded in parallel the documented way (no snapshot, no template, no kernel).
import { PGlite } from '@electric-sql/pglite';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type { BaselineStorage, FromWorker, ToWorker } from './protocol';
import { pyodideDir } from 'virtual:ripple-kernel-assets';

const QUERY = 'select $1::int + 1 as y';
const epoch = (): number => performance.timeOrigin + performance.now();
const post = (message: FromWorker): void => self.postMessage(message);

let engines: Promise<{ pyodide: PyodideAPI; db: PGlite }> | undefined;

async function start(storage: BaselineStorage, name: string): Promise<void> {
  let pyodideReadyAt = 0;
  let pgliteReadyAt = 0;
  const pyodide = loadPyodide({ indexURL: new URL(`/${pyodideDir}`, self.location.origin).href }).then((p) => {
    pyodideReadyAt = epoch();
    return p;
  });
  const db = PGlite.create(storage === 'memory' ? {} : { dataDir: `opfs-ahp://${name}` }).then((d) => {
    pgliteReadyAt = epoch();
    return d;
  });
  engines = Promise.all([pyodide, db]).then(([p, d]) => ({ pyodide: p, db: d }));
  const ready = await engines;
  const result = await assignQuery(41);
  post({
    type: 'started',
    pyodideReadyAt,
    pgliteReadyAt,
    resultAt: epoch(),
    result,
    pythonVersion: String(ready.pyodide.runPython('import sys; sys.version.split()[0]')),
  });
}

async function assignQuery(x: number): Promise<number> {
  const { pyodide, db } = await ready();
  pyodide.runPython(`x = ${x}`);
  const value: unknown = pyodide.globals.get('x');
  const result = await db.query<{ y: number }>(QUERY, [value]);
  return result.rows[0]?.y ?? NaN;
}

function ready(): Promise<{ pyodide: PyodideAPI; db: PGlite }> {
  if (!engines) throw new Error('The baseline worker was not started');
  return engines;
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'start':
      return start(message.storage, message.name);
    case 'assign-query':
      return post({ type: 'answer', id: message.id, value: await assignQuery(message.x) });
    case 'query': {
      const { db } = await ready();
      const result = await db.query<{ y: number }>(QUERY, [41]);
      return post({ type: 'answer', id: message.id, value: result.rows[0]?.y ?? NaN });
    }
    case 'query-loop': {
      const { db } = await ready();
      const samples: number[] = [];
      for (let i = 0; i < message.count; i++) {
        const t = performance.now();
        await db.query(QUERY, [i]);
        samples.push(performance.now() - t);
      }
      return post({ type: 'loop', id: message.id, samples });
    }
    case 'rows': {
      const { db } = await ready();
      const t = performance.now();
      const result = await db.query<unknown[]>(message.sql, [], { rowMode: 'array' });
      return post({ type: 'rows', id: message.id, rows: result.rows, queryMs: performance.now() - t });
    }
    case 'resources': {
      const loaded = performance.getEntriesByType('resource').map((entry) => entry.name);
      return post({ type: 'resources', id: message.id, urls: [self.location.href, ...loaded] });
    }
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
};
