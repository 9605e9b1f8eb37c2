import { loadPyodide } from 'pyodide';
import { Kernel } from '../workers/kernel';
import { PgliteExecutor } from '../workers/sql/pglite-executor';
import { inProcessPglite } from '../workers/sql/pglite-connection';
import { databaseOpener } from '../workers/database-backends';
import { pgliteTemplate } from '../scripts/pglite-template';
import { runKernelScenario } from './kernel-scenario';

const withTemplate = !process.argv.includes('--initdb');
const template = async () => new Blob([new Uint8Array(await pgliteTemplate())]);
if (withTemplate) await template(); // build the cached tarball outside the timing
const kernel = new Kernel({
  loadPyodide: (options) => loadPyodide(options),
  openDatabase: databaseOpener({
    pglite: (config) => PgliteExecutor.open(config, inProcessPglite(withTemplate ? template : undefined)),
    remote: () => Promise.reject(new Error('This benchmark runs PGlite only.')),
  }),
  now: () => performance.now(),
});
const figures = await runKernelScenario(kernel, (l) => l, { kind: 'pglite', storage: 'memory', name: 'bench' });
console.log(JSON.stringify({ runtime: `node ${process.version}`, template: withTemplate, ...figures }));
await kernel.shutdown();
process.exit(0);
