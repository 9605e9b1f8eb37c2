import { resolve } from 'node:path';
import type { PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { checkPrecache, CONTENT_ADDRESSED, listFiles, type ManifestEntry } from './precache-policy.ts';

/** The light and dark themes' page colours (src/styles.css, --bg). */
export const THEME_COLORS = { light: '#ffffff', dark: '#0d1117' } as const;

/**
 * The service worker (src/offline/sw.ts, our own typed file; Workbox injects the precache
 * manifest into it) and the web app manifest. The build output is checked against the
 * precache manifest when the build ends.
 */
export function offlinePlugin(): PluginOption[] {
  let outDir = 'dist';
  const captureOutDir: PluginOption = {
    name: 'ripple:offline-out-dir',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
  };
  return [captureOutDir, VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/offline',
    filename: 'sw.ts',
    // We register the worker ourselves (src/offline/service-worker-client.ts): the
    // registration decides when to reload for isolation and when to offer updates.
    injectRegister: false,
    manifestFilename: 'manifest.webmanifest',
    // The glob below already covers the icons and the manifest; listing them twice would double-count.
    includeManifestIcons: false,
    injectManifest: {
      // A classic script: module service workers are not supported by every browser yet.
      rollupFormat: 'iife',
      globPatterns: ['**/*'],
      // Above the largest file; checkPrecache below admits only the kernel's known large files.
      maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      dontCacheBustURLsMatching: CONTENT_ADDRESSED,
      manifestTransforms: [
        (entries) => {
          const manifest = entries as ManifestEntry[];
          const problems = checkPrecache(manifest, listFiles(outDir));
          if (problems.length > 0) throw new Error(`Precache check failed:\n- ${problems.join('\n- ')}`);
          // Sizes travel with the manifest so the app can say how much it keeps offline.
          return { manifest: manifest.map((e) => ({ ...e, bytes: e.size })), warnings: [] };
        },
      ],
    },
    manifest: {
      name: 'Ripple',
      short_name: 'Ripple',
      description: 'A local-first, reactive notebook for Python and PostgreSQL that runs in your browser, offline too.',
      display: 'standalone',
      theme_color: THEME_COLORS.light,
      background_color: THEME_COLORS.light,
      // start_url and scope default to the base path, so a sub-path build works as is.
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
  })];
}
