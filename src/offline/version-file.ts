/**
 * The build's version file (its content: `VersionInfo` in sw-protocol.ts), precached with
 * the app: a waiting service worker answers from it which version Reload would bring, and
 * the page loads it to ask Chromium again for the handover (activation-nudge.ts). Written
 * by the build (scripts/vite-kernel-assets.ts); no browser or Node API here, so both import it.
 */
export const VERSION_FILE = 'version.json';
