import { mergeConfig } from 'vite';
import base from '../vite.config.ts';

/** The app plus the bench pages, built into dist-bench/ (never shipped). */
export default mergeConfig(base, {
  build: {
    outDir: 'dist-bench',
    rolldownOptions: { input: { app: 'index.html', kernel: 'bench/kernel.html' } },
  },
});
