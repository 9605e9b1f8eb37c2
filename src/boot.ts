/**
 * The page's entry (index.html): asks for what the app needs first (the notebook store's
 * read and the Web Lock of the notebook the address names, src/start/early-start.ts), then
 * runs the app, whose files the HTML already loads beside this one
 * (scripts/vite-preload-app.ts).
 */
import './start/early';

import('./main').catch((error: unknown) => {
  // The app's code could not be loaded (offline without the offline copy, a broken deploy).
  const root = document.getElementById('root');
  if (root) root.textContent = `Ripple could not start: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
  throw error;
});
