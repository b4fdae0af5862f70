import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { splitHosts } from './multi-host.js';
import { wantsLongQueries } from './query-limits.js';
import type { DB } from './schema.js';

// Counts and ids come back as JS numbers; timestamps stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// A calendar day stays the 'YYYY-MM-DD' it is, never a Date at some midnight a time zone can shift.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type DatabaseKind = 'postgres' | 'pglite';
export type DatabaseTarget =
  | {
      kind: 'postgres';
      /** One host, or several (libpq style) with `target_session_attrs=read-write` to find the primary. */
      url: string;
      poolSize?: number;
      /** Limit for one query of an interactive request, and for connecting; unset: none (connecting 3 s). */
      queryTimeoutMs?: number;
      /** Limit for one query of a report or background job (`withLongQueries`); unset: none. */
      longQueryTimeoutMs?: number;
    }
  | {
      kind: 'pglite';
      dataDir: string;
      /** A data directory dumped by `PGlite.dumpDataDir` to start from (tests start from a migrated one). */
      snapshot?: Blob;
    };

export type Database = {
  kind: DatabaseKind;
  db: Kysely<DB>;
  pool: PostgresPool;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, to open again with `snapshot`. */
  dump?(): Promise<Blob>;
};

/** What node-postgres says when a query outlives its query_timeout. */
const QUERY_TIMEOUT = 'Query read timeout';
/** node-postgres takes a per-query timeout that its type definitions do not list. */
type TimedQuery = pg.QueryConfig & { query_timeout?: number };

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
function preparingPool(pool: { connect(): Promise<pg.PoolClient>; end(): Promise<void> }, limits: QueryLimits): PostgresPool {
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
    let abandoned: Error | null = null;
    const query = async (text: string, values: unknown[]) => {
      // A query that timed out may sit on a connection that went silent: anything more on it
      // (Kysely's ROLLBACK, say) would wait just as long, so it fails at once and the
      // connection is closed on release.
      if (abandoned) throw abandoned;
      const name = values.length > 0 && values.length <= MAX_PREPARED_PARAMS ? nameFor(text) : undefined;
      const query_timeout = (wantsLongQueries() ? limits.long : limits.interactive) || undefined;
      try {
        const config: TimedQuery = name ? { name, text, values, query_timeout } : { text, values, query_timeout };
        return await client.query(config);
      } catch (e) {
        if ((e as Error).message === QUERY_TIMEOUT) {
          discard = true;
          abandoned = e as Error;
          throw e;
        }
        if (!name) throw e;
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

type QueryLimits = { interactive: number; long: number };

/**
 * A pg.Pool on the first host of a multi-host list that answers — and accepts writes, when
 * read-write is required. When connecting fails or the server turns out to be read-only (a
 * standby, or a primary being demoted), the next host gets a fresh pool; one acquisition tries
 * each host once, so a failover is found by the requests themselves, without a restart.
 */
export class FailoverPool {
  private current = 0;
  private pool: pg.Pool;
  private readonly checked = new WeakSet<pg.PoolClient>();
  constructor(
    private readonly urls: string[],
    private readonly readWrite: boolean,
    private readonly checkTimeoutMs: number,
    private readonly makePool: (url: string) => pg.Pool,
  ) {
    this.pool = makePool(urls[0]!);
  }
  /** The host now in use (tests and logs). */
  get url() {
    return this.urls[this.current]!;
  }
  async connect(): Promise<pg.PoolClient> {
    let lastError: unknown;
    for (let tries = 0; tries < this.urls.length; tries++) {
      const pool = this.pool;
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        if (!this.readWrite || this.checked.has(client)) return client;
        const check: TimedQuery = { text: 'SHOW transaction_read_only', query_timeout: this.checkTimeoutMs };
        const r = await client.query(check);
        if (r.rows[0]?.transaction_read_only === 'off') {
          this.checked.add(client);
          return client;
        }
        // SQLSTATE 25006 read_only_sql_transaction: answered as "database unavailable" if no host is writable.
        lastError = Object.assign(new Error(`${this.url} is read-only (a standby)`), { code: '25006' });
        client.release(true);
      } catch (e) {
        lastError = e;
        client?.release(true);
      }
      this.moveOn(pool);
    }
    throw lastError;
  }
  /** Leaves a host that failed, unless a concurrent request already did. */
  private moveOn(failed: pg.Pool) {
    if (this.urls.length === 1 || this.pool !== failed) return;
    this.current = (this.current + 1) % this.urls.length;
    this.pool = this.makePool(this.urls[this.current]!);
    failed.end().catch(() => {});
  }
  end() {
    return this.pool.end();
  }
}

/** Opens PostgreSQL or embedded PGlite behind the same pg.Pool and Kysely instance. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    // Without limits (tests, scripts) a query may take as long as it needs; the server passes its configured ones.
    const limits: QueryLimits = { interactive: target.queryTimeoutMs ?? 0, long: target.longQueryTimeoutMs ?? 0 };
    const { urls, readWrite } = splitHosts(target.url);
    const makePool = (url: string) => {
      const pool = new pg.Pool({
        connectionString: url,
        max: target.poolSize ?? 20,
        // A database that is away must produce a quick error (503), never a hung request.
        connectionTimeoutMillis: limits.interactive || 3000,
        idleTimeoutMillis: 30_000,
        // Keepalive probes find a peer that vanished without closing (a cut cable, a dead
        // firewall state) on idle connections; the query timeout covers busy ones.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      });
      // Errors on idle clients (e.g. PostgreSQL restarting) must not crash the process;
      // the pool drops the broken client and opens a new one on next use.
      pool.on('error', () => {});
      // pg-pool listens for errors only on idle clients. A checked-out client whose connection
      // breaks between two queries (PostgreSQL stopping mid-transaction) emits 'error' with no
      // listener, which would crash the process. With this one it just becomes unqueryable: its
      // next query fails (→ 503) and the pool discards it on release.
      pool.on('connect', (client) => client.on('error', () => {}));
      return pool;
    };
    const pool = preparingPool(new FailoverPool(urls, readWrite, limits.interactive || 3000, makePool), limits);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { kind: 'postgres', db, pool, close: () => db.destroy() };
  }
  const dataDir = target.dataDir === ':memory:' ? 'memory://' : target.dataDir;
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm }, loadDataDir: target.snapshot });
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
    dump: () => pglite.dumpDataDir('none'),
  };
}
