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

/** The virtual module alone, for the worker bundles (the files are emitted once, by the app's build). */
export function kernelAssetPathsPlugin(): Plugin {
  return {
    name: 'ripple:kernel-asset-paths',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { paths } = await kernelAssets();
      return Object.entries(paths).map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`).join('\n');
    },
  };
}
