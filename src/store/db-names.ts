/**
 * The names and version of the notebook store's IndexedDB database, apart from the schema
 * (schema.ts) so that the page's first module (src/start/early-start.ts) can open it
 * without loading the migrations. `DB_VERSION` is the newest migration's version (a test
 * checks that they agree).
 */
export const DB_NAME = 'ripple';
export const DB_VERSION = 4;
export const NOTEBOOKS = 'notebooks';
export const BY_UPDATED = 'by-updated';
