// `npm run bench`: loads the TypeScript orchestrator (bench/run.ts) through Vite's
// module runner, since Node 20 cannot run TypeScript by itself.
import { runnerImport } from 'vite';

try {
  const { module } = await runnerImport(new URL('./run.ts', import.meta.url).pathname);
  process.exitCode = await module.main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error && error.message.startsWith('Unknown') ? error.message : error);
  process.exitCode = 2;
}
