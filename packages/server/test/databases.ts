import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type DatabaseTarget, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

/**
 * The databases every database test runs on: embedded PGlite always, and PostgreSQL too
 * when DATABASE_URL is set (each test file gets a database of its own, dropped afterwards).
 *
 * Migrating a fresh database takes seconds on PGlite, and the suite opens about a hundred, so
 * `test/global-setup.ts` migrates once per set of migrations: a PGlite data directory dumped
 * to a file, and a PostgreSQL template database. Both are named by a hash of the migrations,
 * so a changed migration gets new ones; without them a test database is migrated from scratch.
 */
export const testDatabaseKinds: Array<'pglite' | 'postgres'> = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const dbDir = join(import.meta.dirname, '../src/db');

/** A hash of everything that shapes a migrated database. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  const files = readdirSync(join(dbDir, 'migrations')).sort();
  for (const file of ['migrate.ts', ...files.map((f) => join('migrations', f))]) {
    hash.update(file).update(readFileSync(join(dbDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

const version = migrationsHash();
const snapshotFile = join(tmpdir(), 'warmline-test', `pglite-${version}.tar`);
const templateName = `warmline_tpl_${version}`;

async function adminQuery<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    return (await admin.query<T>(sql, values)).rows;
  } finally {
    await admin.end();
  }
}

/** Creates the migrated PGlite snapshot and PostgreSQL template if they are missing (run once per test run). */
export async function prepareTestDatabases(): Promise<void> {
  if (!existsSync(snapshotFile)) {
    const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
    await migrateToLatest(database.db);
    const dump = await database.dump!();
    await database.close();
    await mkdir(join(tmpdir(), 'warmline-test'), { recursive: true });
    const partial = `${snapshotFile}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, snapshotFile); // atomic: a parallel run sees the whole file or none
  }
  if (process.env.DATABASE_URL) {
    const found = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [templateName]);
    if (found.length === 0) {
      const scratch = await createScratchPostgres();
      const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 2 });
      await migrateToLatest(database.db);
      await database.close();
      const name = new URL(scratch.url).pathname.slice(1);
      // A parallel run may have finished first: then this copy is simply dropped.
      await adminQuery(`ALTER DATABASE ${name} RENAME TO ${templateName}`).catch(() => scratch.drop());
    }
  }
}

/** Creates an empty (or, from a template, migrated) PostgreSQL database next to DATABASE_URL's and returns its URL and a dropper. */
export async function createScratchPostgres(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `warmline_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => {}),
  };
}

let snapshot: Promise<Blob | undefined> | undefined;
const pgliteSnapshot = () => {
  snapshot ??= readFile(snapshotFile).then(
    (bytes) => new Blob([bytes]),
    () => undefined,
  );
  return snapshot;
};

let template: Promise<string | undefined> | undefined;
const postgresTemplate = () => {
  template ??= adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [templateName]).then((rows) =>
    rows.length > 0 ? templateName : undefined,
  );
  return template;
};

/** Opens a fresh, migrated database of the given kind; `close` also removes it. */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<Database & { target: DatabaseTarget }> {
  if (kind === 'pglite') {
    const target: DatabaseTarget = { kind: 'pglite', dataDir: ':memory:', snapshot: await pgliteSnapshot() };
    const database = await openDatabase(target);
    await migrateToLatest(database.db);
    return { ...database, target };
  }
  const scratch = await createScratchPostgres(await postgresTemplate());
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
