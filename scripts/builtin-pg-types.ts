// Writes workers/sql/builtin-types.ts: PostgreSQL's built-in types as PGlite reports them.
// Run after a PGlite upgrade: node bench/run-node.mjs /scripts/builtin-pg-types.ts
// (test/sql/builtin-types.test.ts fails until the file matches the installed PGlite).
import { writeFileSync } from 'node:fs';
import { builtinTypesSource, readBuiltinTypeRows } from './builtin-pg-types-read';

writeFileSync('workers/sql/builtin-types.ts', builtinTypesSource(await readBuiltinTypeRows()));
console.log('wrote workers/sql/builtin-types.ts');
