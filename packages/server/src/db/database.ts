import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// Counts and ids come back as JS numbers; timestamps stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type DatabaseKind = 'postgres' | 'pglite';
export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string };

export type Database = {
  kind: DatabaseKind;
  db: Kysely<DB>;
  pool: pg.Pool;
  close(): Promise<void>;
};

// Named prepared statements, bounded: statements with more parameters are bulk writes of
// varying shape, and past the name limit new statements simply go unprepared.
const MAX_PREPARED_PARAMS = 64;
const MAX_PREPARED_NAMES = 500;
const PLAN_CHANGED = '0A000'; // "cached plan must not change result type": a table changed under a prepared SELECT *

/**
 * Kysely's pool with named prepared statements: PostgreSQL parses and plans each distinct
 * statement once per connection instead of on every call. With unnamed statements, planning
 * took more of PostgreSQL's time per filed order than executing (bench/statement-profile.ts).
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED_NAMES) {
      name = `wl_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let discard = false;
    const query = async (text: string, values: unknown[]) => {
      const name = values.length > 0 && values.length <= MAX_PREPARED_PARAMS ? nameFor(text) : undefined;
      if (!name) return client.query(text, values);
      try {
        return await client.query({ name, text, values });
      } catch (e) {
        // A migration by another process changed a table this connection had prepared a
        // statement for: answer this call unprepared and retire the connection.
        if ((e as { code?: string }).code !== PLAN_CHANGED) throw e;
        discard = true;
        // Inside a transaction the retry fails too (the transaction is aborted); then the first error stands.
        return client.query(text, values).catch(() => Promise.reject(e));
      }
    };
    return {
      query: ((textOrCursor: unknown, values?: readonly unknown[]) =>
        typeof textOrCursor === 'string'
          ? query(textOrCursor, [...(values ?? [])])
          : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
      release: () => client.release(discard || undefined),
    };
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      let w = wrappers.get(client);
      if (!w) {
        w = wrap(client);
        wrappers.set(client, w);
      }
      return w;
    },
    end: () => pool.end(),
  };
}

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
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
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
