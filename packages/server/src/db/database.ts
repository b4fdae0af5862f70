import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// Counts and ids come back as JS numbers; timestamps stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type DatabaseKind = 'postgres' | 'pglite';
export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string };

export type Database = {
  kind: DatabaseKind;
  db: Kysely<DB>;
  pool: pg.Pool;
  close(): Promise<void>;
};

/** Opens PostgreSQL or embedded PGlite behind the same pg.Pool and Kysely instance. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 20,
      // A database that is away must produce a quick error (503), never a hung request.
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
    });
    // Errors on idle clients (e.g. PostgreSQL restarting) must not crash the process;
    // the pool drops the broken client and opens a new one on next use.
    pool.on('error', () => {});
    // pg-pool listens for errors only on idle clients. A checked-out client whose connection
    // breaks between two queries (PostgreSQL stopping mid-transaction) emits 'error' with no
    // listener, which would crash the process. With this one it just becomes unqueryable: its
    // next query fails (→ 503) and the pool discards it on release.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { kind: 'postgres', db, pool, close: () => db.destroy() };
  }
  const dataDir = target.dataDir === ':memory:' ? 'memory://' : target.dataDir;
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    pool,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
