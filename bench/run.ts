import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/e2e/browser';
import { BenchEnv } from './app';
import { parseArgs, type Options, type ScenarioName } from './args';
import { buildIfNeeded, OUT_DIR, serve } from './build';
import { machine, packageVersions, watchLoad } from './machine';
import { header, table, type Results, type ScenarioResult } from './report';
import { charts } from './scenarios/charts';
import { large } from './scenarios/large';
import { offline } from './scenarios/offline';
import { queries } from './scenarios/queries';
import { reactive } from './scenarios/reactive';
import { remote } from './scenarios/remote';
import { startup } from './scenarios/startup';

const PACKAGES = ['pyodide', '@electric-sql/pglite', 'vite', 'solid-js', 'playwright-core'];

/** Indented JSON with each samples array on one line: thousands of samples stay readable. */
function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`);
}

function log(line: string): void {
  console.error(line);
}

async function runScenario(name: ScenarioName, env: BenchEnv, options: Options): Promise<ScenarioResult> {
  switch (name) {
    case 'startup':
      return startup(env, options.runs ?? 3);
    case 'offline':
      return offline(env, options.runs ?? 3);
    case 'reactive':
      return reactive(env, options.edits);
    case 'queries':
      return queries(env, options.queries, options.runs ?? 3);
    case 'large':
      // A 1,000,000-row run costs 35-45 s per side on a 2-core machine. Measured on an idle
      // one: the whole suite took 393 s with one such run and 574 s with three; two keep a
      // spread and leave room under the 10-minute budget. `--runs 3` gives three.
      return large(env, [{ rows: 100_000, runs: options.runs ?? 3 }, { rows: 1_000_000, runs: options.runs ?? 2 }]);
    case 'charts':
      return charts(env, options.runs ?? 3);
    case 'remote':
      return remote(env, options.runs ?? 3);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  const started = performance.now();
  const load = watchLoad();
  const root = fileURLToPath(new URL('..', import.meta.url));
  log(`Build: ${await buildIfNeeded(root, options.rebuild)} (dist-bench/)`);
  const server = await serve(root);
  const browser = await launchChromium();
  const env = new BenchEnv(browser, server.url, join(root, OUT_DIR), options.baselineStorage, options.profile, log);
  const scenarios: Record<string, ScenarioResult> = {};
  let failed = false;
  try {
    for (const name of options.scenarios) {
      const t = performance.now();
      log(`Scenario ${name}…`);
      try {
        scenarios[name] = await runScenario(name, env, options);
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        scenarios[name] = { rows: [{ figure: 'scenario', note: `failed: ${message}` }] };
      }
      log(`  (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await env.close();
    const version = `Chromium ${browser.version()}`;
    await browser.close();
    await server.close();
    const results: Results = {
      date: new Date().toISOString(),
      wallTimeMs: Math.round(performance.now() - started),
      command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
      machine: machine(),
      load: load.stop(),
      browser: version,
      packages: packageVersions(root, PACKAGES),
      baselineStorage: options.baselineStorage,
      profile: options.profile,
      scenarios,
    };
    writeFileSync(join(root, 'bench/results.json'), `${toJson(results)}\n`);
    console.log(header(results));
    console.log('');
    console.log(table(scenarios));
    console.log('');
    console.log(`Wall time ${(results.wallTimeMs / 1000).toFixed(0)} s; samples in bench/results.json.`);
  }
  return failed ? 1 : 0;
}
