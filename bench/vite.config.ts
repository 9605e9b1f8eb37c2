import { mergeConfig } from 'vite';
import base from '../vite.config.ts';

/**
 * The bench pages, built into dist-bench/ next to the app (never shipped). The app
 * itself is built first, by the app's own config, so its chunks are exactly those of
 * `npm run build`: one build with both inputs would split shared modules (Comlink)
 * into chunks the shipped app does not have. Hence emptyOutDir: false here.
 */
export default mergeConfig(base, {
  build: {
    outDir: 'dist-bench',
    emptyOutDir: false,
    rolldownOptions: {
      input: {
        kernel: 'bench/kernel.html',
        baseline: 'bench/baseline/baseline.html',
        'kernel-api': 'bench/kernel-api/kernel-api.html',
      },
    },
  },
});
