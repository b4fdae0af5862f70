// Regenerates src/db/schema.ts from a freshly migrated in-memory PGlite: `npm run gen:schema`.
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { generateSchema } from '../src/db/schema-gen.js';

export const SCHEMA_FILE = new URL('../src/db/schema.ts', import.meta.url);

const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
try {
  await migrateToLatest(database.db);
  writeFileSync(SCHEMA_FILE, await generateSchema(database.db));
  console.log('Wrote src/db/schema.ts');
} finally {
  await database.close();
}
