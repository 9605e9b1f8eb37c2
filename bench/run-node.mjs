// Runs a TypeScript bench module in Node through Vite's module runner, so `?raw`
// imports and TS work exactly as in the app and the tests.
import { createServer } from 'vite';

const [entry, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...rest];
const server = await createServer({ server: { middlewareMode: true, hmr: false }, logLevel: 'error', appType: 'custom' });
try {
  await server.ssrLoadModule(entry);
} finally {
  await server.close();
}
