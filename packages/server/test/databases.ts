import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, type DatabaseTarget, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * The databases every database test runs on: embedded PGlite always, and PostgreSQL too
 * when DATABASE_URL is set (each test file gets a database of its own, dropped afterwards).
 */
export const testDatabaseKinds: Array<'pglite' | 'postgres'> = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Creates an empty PostgreSQL database next to DATABASE_URL's and returns its URL and a dropper. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `warmline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a fresh, migrated database of the given kind; `close` also removes it. */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<Database & { target: DatabaseTarget }> {
  if (kind === 'pglite') {
    const target: DatabaseTarget = { kind: 'pglite', dataDir: ':memory:' };
    const database = await openDatabase(target);
    await migrateToLatest(database.db);
    return { ...database, target };
  }
  const scratch = await createScratchPostgres();
  const target: DatabaseTarget = { kind: 'postgres', url: scratch.url, poolSize: 10 };
  const database = await openDatabase(target);
  await migrateToLatest(database.db);
  return {
    ...database,
    target,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}
