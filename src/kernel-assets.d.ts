/** Paths of the kernel's run-time files, relative to the base URL (scripts/vite-kernel-assets.ts). */
declare module 'virtual:ripple-kernel-assets' {
  export const pyodideDir: string;
  export const pyodideSnapshot: string;
  export const pgliteTemplate: string;
  /** PGlite's wasm as the app ships it (scripts/pglite-wasm-patch.ts). */
  export const pgliteWasm: string;
  /** The PostgreSQL major version of the bundled PGlite. */
  export const postgresMajor: number;
}

/** The app's version, from package.json or RIPPLE_VERSION at build time (vite.config.ts). */
declare const __RIPPLE_VERSION__: string;
