import type { Plugin } from 'vite';
import { kernelAssets } from './kernel-assets.ts';
import type { VersionInfo } from '../src/offline/sw-protocol.ts';
import { VERSION_FILE } from '../src/offline/version-file.ts';

const VIRTUAL_ID = 'virtual:ripple-kernel-assets';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Serves (dev) or emits (build) the kernel's run-time files from our own origin, never
 * from a CDN, so the app works offline; `virtual:ripple-kernel-assets` tells the app
 * their content-addressed paths (see kernel-assets.ts). The build also writes the
 * version file a new version's service worker tells the open page about.
 */
export function kernelAssetsPlugin(options: { appVersion: string }): Plugin {
  return {
    ...kernelAssetPathsPlugin(),
    name: 'ripple:kernel-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const base = server.config.base;
        const url = req.url?.split('?')[0] ?? '';
        if (!url.startsWith(base)) return next();
        const path = url.slice(base.length);
        kernelAssets().then(async ({ assets }) => {
          const asset = assets.find((a) => a.path === path);
          if (!asset) return next();
          const bytes = await asset.bytes();
          res.setHeader('Content-Type', asset.contentType);
          res.setHeader('Content-Length', String(bytes.length));
          res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
          res.end(bytes);
        }, next);
      });
    },
    async generateBundle() {
      const { assets, paths } = await kernelAssets();
      for (const asset of assets) {
        this.emitFile({ type: 'asset', fileName: asset.path, source: await asset.bytes() });
      }
      const version: VersionInfo = { app: options.appVersion, postgresMajor: paths.postgresMajor };
      this.emitFile({ type: 'asset', fileName: VERSION_FILE, source: `${JSON.stringify(version)}\n` });
    },
  };
}

/**
 * PGlite's own references to its wasm, `new URL("./pglite.wasm", import.meta.url)` in its
 * modules, rewritten to the patched kernel asset: PGlite only fetches it itself when it
 * was not handed the compiled module (pglite-browser.ts), and left as they were, Vite
 * would also emit the unpatched 9 MB file, which every offline copy would then store.
 */
const PGLITE_MODULE = /[\\/]@electric-sql[\\/]pglite[\\/]dist[\\/][^\\/]+\.js$/;
const PGLITE_WASM_URL = /new URL\((["'`])(\.\/)?pglite\.wasm\1,\s*import\.meta\.url\)/g;
const LEFT_OVER = /pglite\.wasm["'`],\s*import\.meta\.url/;

export function rewritePgliteWasmUrls(code: string, href: string): string {
  const rewritten = code.replace(PGLITE_WASM_URL, () => `new URL(${JSON.stringify(href)}, self.location.origin)`);
  if (LEFT_OVER.test(rewritten)) throw new Error('A reference to PGlite\'s wasm was left unrewritten');
  return rewritten;
}

/** The virtual module alone, for the worker bundles (the files are emitted once, by the app's build). */
export function kernelAssetPathsPlugin(): Plugin {
  let base = '/';
  return {
    name: 'ripple:kernel-asset-paths',
    configResolved(config) {
      base = config.base;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { paths } = await kernelAssets();
      return Object.entries(paths).map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`).join('\n');
    },
    async transform(code, id) {
      if (!PGLITE_MODULE.test(id.split('?')[0] ?? '') || !code.includes('pglite.wasm')) return undefined;
      const { paths } = await kernelAssets();
      return { code: rewritePgliteWasmUrls(code, `${base}${paths.pgliteWasm}`), map: null };
    },
  };
}
