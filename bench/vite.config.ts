import { mergeConfig, type PluginOption, type UserConfig } from 'vite';
import base from '../vite.config.ts';
import { kernelAssetPathsPlugin } from '../scripts/vite-kernel-assets.ts';
import { BASELINE_SW_FILE } from './baseline/offline-copy.ts';

/**
 * Plugins of the app's build that write files the app build already wrote, and that must
 * stay exactly as `npm run build` made them: the PWA plugin would rebuild sw.js with a
 * precache of the bench pages and rewrite manifest.webmanifest; the kernel-assets plugin
 * would emit the kernel's files again. The bench pages only need the asset paths.
 */
const APP_ONLY = /^(vite-plugin-pwa|ripple:offline-out-dir$|ripple:kernel-assets$)/;

function withoutAppOnly(plugins: readonly PluginOption[]): PluginOption[] {
  return plugins.flatMap((plugin): PluginOption[] => {
    if (Array.isArray(plugin)) return [withoutAppOnly(plugin)];
    if (plugin && typeof plugin === 'object' && 'name' in plugin && APP_ONLY.test(plugin.name)) return [];
    return [plugin];
  });
}

/**
 * The bench pages, built into dist-bench/ next to the app (never shipped). The app
 * itself is built first, by the app's own config, so its chunks are exactly those of
 * `npm run build`: one build with both inputs would split shared modules (Comlink)
 * into chunks the shipped app does not have. Hence emptyOutDir: false here, and no
 * public/ copy (the app build copied it).
 */
const { plugins, ...rest } = base as UserConfig;
export default mergeConfig(rest, {
  plugins: [...withoutAppOnly(plugins ?? []), kernelAssetPathsPlugin()],
  publicDir: false,
  build: {
    outDir: 'dist-bench',
    emptyOutDir: false,
    rolldownOptions: {
      input: {
        kernel: 'bench/kernel.html',
        baseline: 'bench/baseline/baseline.html',
        floor: 'bench/floor/floor.html',
        'kernel-api': 'bench/kernel-api/kernel-api.html',
        'baseline-sw': 'bench/baseline/sw.ts',
      },
      output: {
        entryFileNames: (chunk: { name: string }) => (chunk.name === 'baseline-sw' ? BASELINE_SW_FILE : 'assets/[name]-[hash].js'),
      },
    },
  },
});
