import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { pyodideSnapshot } from './pyodide-snapshot.ts';

/** URL path under which Pyodide's runtime files are served, in dev and in the build. */
export const PYODIDE_BASE = 'pyodide/';

/** A gzipped memory snapshot of a started interpreter (see pyodide-snapshot.ts). */
export const PYODIDE_SNAPSHOT = 'snapshot.bin.gz';

/** The runtime files Pyodide loads at start-up (no wheels: the npm package has none). */
const RUNTIME_FILES = /^(pyodide\.asm\.(mjs|wasm)|pyodide\.m?js|python_stdlib\.zip|pyodide-lock\.json)$/;

const CONTENT_TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pyodide/package.json'));
}

function runtimeFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => RUNTIME_FILES.test(name));
}

function contentType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.'));
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Serves Pyodide from our own origin: from node_modules in dev, copied into the
 * build output for production. Never from a CDN, so the app can work offline.
 */
export function selfHostedPyodide(): Plugin {
  const dir = pyodideDir();
  return {
    name: 'ripple:self-hosted-pyodide',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        const prefix = `/${PYODIDE_BASE}`;
        if (!url.startsWith(prefix)) return next();
        const name = url.slice(prefix.length);
        if (name === PYODIDE_SNAPSHOT) {
          pyodideSnapshot().then((bytes) => {
            res.setHeader('Content-Type', 'application/gzip');
            res.end(bytes);
          }, next);
          return;
        }
        if (!RUNTIME_FILES.test(name)) return next();
        const path = join(dir, name);
        res.setHeader('Content-Type', contentType(name));
        res.setHeader('Content-Length', String(statSync(path).size));
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        createReadStream(path).pipe(res);
      });
    },
    async generateBundle() {
      for (const name of runtimeFiles(dir)) {
        this.emitFile({ type: 'asset', fileName: `${PYODIDE_BASE}${name}`, source: readFileSync(join(dir, name)) });
      }
      this.emitFile({ type: 'asset', fileName: `${PYODIDE_BASE}${PYODIDE_SNAPSHOT}`, source: await pyodideSnapshot() });
    },
  };
}
