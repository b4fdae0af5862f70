import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { loadDemoIfEmpty } from '../../src/demo/load-demo.js';
import { manualClock } from '../../src/shared/clock.js';
import { createScratchPostgres, openTestDatabase, testDatabaseKinds } from '../databases.js';
import { seedOrganisation } from '../factories.js';

/**
 * Tables without the tenant rule, each with its reason. In a sharded deployment they are
 * replicated to every node (Citus reference tables), which a tenant-owned table may refer to but
 * which may not refer to a tenant-owned table. Anything else must carry tenant_id in every key.
 */
const GLOBAL_TABLES: Record<string, string> = {
  tenants: 'the distribution key itself',
  users: 'sign-in finds a user by user name alone, across tenants',
  sessions: 'a request finds its session by token hash alone, across tenants',
  units: 'users refer to their unit; a few hundred rows per tenant, read by every scoped request',
  jobs: 'the background queue has no tenant',
  rate_limit_hits: 'per-address counters have no tenant',
  delivery_pacing: "one row per channel of the installation's provider account, shared by every tenant",
  schema_migrations: 'migration bookkeeping',
  schema_migrations_lock: 'migration bookkeeping',
};

type Constraint = { table: string; name: string; type: 'p' | 'u' | 'f'; columns: string[]; parent: string | null; parentColumns: string[] };

async function readCatalog(db: Kysely<DB>) {
  const tables = await sql<{ table: string; has_tenant: boolean }>`
    SELECT c.relname AS table,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull AND NOT a.attisdropped) AS has_tenant
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    ORDER BY 1`.execute(db);
  const constraints = await sql<Constraint>`
    SELECT t.relname AS table, c.conname AS name, c.contype AS type,
           ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
           p.relname AS parent,
           ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS "parentColumns"
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_class p ON p.oid = c.confrelid
    WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f')
    ORDER BY 1, 2`.execute(db);
  // Unique indexes made without a constraint (CREATE UNIQUE INDEX) bind a shard just the same.
  const uniqueIndexes = await sql<{ table: string; name: string; columns: string[] }>`
    SELECT t.relname AS table, ic.relname AS name,
           ARRAY(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
                 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1, 2`.execute(db);
  return { tables: tables.rows, constraints: constraints.rows, uniqueIndexes: uniqueIndexes.rows };
}

/** Every breach of the distribution rule in a migrated database, as readable lines. */
async function tenantKeyViolations(db: Kysely<DB>): Promise<string[]> {
  const { tables, constraints, uniqueIndexes } = await readCatalog(db);
  const owned = new Set(tables.filter((t) => !(t.table in GLOBAL_TABLES)).map((t) => t.table));
  const out: string[] = [];
  for (const t of tables) {
    if (owned.has(t.table) && !t.has_tenant)
      out.push(`${t.table}: no tenant_id NOT NULL column (or list it in GLOBAL_TABLES with a reason)`);
  }
  for (const table of owned) {
    if (!constraints.some((c) => c.table === table && c.type === 'p')) out.push(`${table}: no primary key`);
  }
  for (const c of constraints) {
    if (!owned.has(c.table)) {
      if (c.type === 'f' && c.parent && owned.has(c.parent))
        out.push(`${c.name}: global table ${c.table} refers to tenant-owned ${c.parent}`);
      continue;
    }
    const at = c.columns.indexOf('tenant_id');
    if (c.type !== 'f') {
      if (at < 0)
        out.push(`${c.name}: ${c.type === 'p' ? 'primary key' : 'unique constraint'} of ${c.table} (${c.columns}) lacks tenant_id`);
    } else if (c.parent === 'tenants') {
      if (c.columns.join() !== 'tenant_id') out.push(`${c.name}: refers to tenants by (${c.columns}) instead of tenant_id`);
    } else if (at < 0 || c.parentColumns[at] !== 'tenant_id') {
      out.push(
        `${c.name}: foreign key ${c.table} (${c.columns}) → ${c.parent} (${c.parentColumns}) does not pair tenant_id with tenant_id`,
      );
    }
  }
  for (const i of uniqueIndexes) {
    if (owned.has(i.table) && !i.columns.includes('tenant_id'))
      out.push(`${i.name}: unique index of ${i.table} (${i.columns}) lacks tenant_id`);
  }
  return out;
}

describe.each(testDatabaseKinds)('distribution-ready keys on %s', (kind) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  it('every key of a tenant-owned table includes tenant_id, and every reference stays within one tenant', async () => {
    expect(await tenantKeyViolations(database.db)).toEqual([]);
    // The rule must see the tables at all: a catalog query that found nothing would pass too.
    const { tables, constraints } = await readCatalog(database.db);
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['tickets', 'ticket_events', 'ticket_timers', 'outbox_messages']));
    expect(constraints.find((c) => c.name === 'event_ticket_fk')).toMatchObject({
      columns: ['tenant_id', 'ticket_id'],
      parentColumns: ['tenant_id', 'id'],
    });
  });

  it('the check names each key that breaks the rule', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`
        CREATE TABLE widgets (
          tenant_id uuid NOT NULL, id uuid PRIMARY KEY, code text UNIQUE, ticket_id uuid, owner_id uuid REFERENCES users (id),
          FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (id, tenant_id)
        );
        CREATE TABLE gadgets (id uuid PRIMARY KEY, name text);
        CREATE UNIQUE INDEX widget_code_lower_unique ON widgets (lower(code));
      `.execute(trx);
        expect(await tenantKeyViolations(trx)).toEqual([
          'gadgets: no tenant_id NOT NULL column (or list it in GLOBAL_TABLES with a reason)',
          'gadgets_pkey: primary key of gadgets (id) lacks tenant_id',
          'widgets_code_key: unique constraint of widgets (code) lacks tenant_id',
          'widgets_owner_id_fkey: foreign key widgets (owner_id) → users (id) does not pair tenant_id with tenant_id',
          'widgets_pkey: primary key of widgets (id) lacks tenant_id',
          'widgets_tenant_id_ticket_id_fkey: foreign key widgets (tenant_id,ticket_id) → tickets (id,tenant_id) does not pair tenant_id with tenant_id',
          'widget_code_lower_unique: unique index of widgets ((expression)) lacks tenant_id',
        ]);
        throw new Rollback(); // leaves the database as it was for the other tests
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
  });
});

class Rollback extends Error {}

describe.each(testDatabaseKinds)('0050-tenant-keys over a populated database on %s', (kind) => {
  let db: Kysely<DB>;
  let close: () => Promise<void>;
  let before: Record<string, number>;
  const counted = [
    'tickets',
    'ticket_events',
    'ticket_timers',
    'premises',
    'customers',
    'units',
    'users',
    'categories',
    'commitments',
  ] as const;
  const count = async () =>
    Object.fromEntries(
      await Promise.all(
        counted.map(async (t) => [
          t,
          Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(db)).rows[0]!.n),
        ]),
      ),
    );

  beforeAll(async () => {
    if (kind === 'pglite') {
      const database = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
      db = database.db;
      close = database.close;
    } else {
      const scratch = await createScratchPostgres();
      const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 4 });
      db = database.db;
      close = async () => {
        await database.close();
        await scratch.drop();
      };
    }
    await migrateUpTo(db, '0043-attachment-scope');
    // Today's loader also writes the search keys of 0130: a stand-in table for the load, dropped
    // again so that 0130 runs for real over the loaded orders (and must fill in their keys).
    await sql`CREATE TABLE ticket_search (tenant_id uuid, ticket_id uuid, phone text, bigrams text[]);
      CREATE FUNCTION search_phone(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT s $$`.execute(db);
    await loadDemoIfEmpty(db, { log: () => {}, clock: manualClock('2026-11-21T02:00:00Z'), size: { premises: 200, orders: 120 } });
    await sql`DROP TABLE ticket_search; DROP FUNCTION search_phone(text)`.execute(db);
    await seedOrganisation(db, 'second');
    before = await count();
    await migrateToLatest(db);
  }, 120_000);
  afterAll(async () => close?.());

  it('keeps every row and ends with keys that follow the rule', async () => {
    expect(before.tickets).toBeGreaterThan(100);
    expect(before.ticket_events).toBeGreaterThan(before.tickets!);
    expect(await count()).toEqual(before);
    expect(await tenantKeyViolations(db)).toEqual([]);
  });

  it('gives every order stored before 0130 its search keys', async () => {
    const { rows } = await sql<{ missing: number }>`
      SELECT count(*)::int AS missing FROM tickets t
      WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.tenant_id = t.tenant_id AND s.ticket_id = t.id)`.execute(db);
    expect(rows[0]!.missing).toBe(0);
  });

  it("refuses an order of one tenant in another tenant's unit", async () => {
    const units = await db.selectFrom('units').select(['tenant_id', 'id']).where('parent_id', 'is', null).execute();
    expect(units).toHaveLength(2);
    const [mine, theirs] = units as [(typeof units)[0], (typeof units)[0]];
    const ticket = await db.selectFrom('tickets').selectAll().where('tenant_id', '=', mine.tenant_id).limit(1).executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('tickets')
        .values({ ...ticket, id: randomUUID(), number: `${ticket.number}-x`, unit_id: theirs.id, repeat_of_id: null })
        .execute(),
    ).rejects.toThrow(/ticket_unit_fk/);
  });
});
