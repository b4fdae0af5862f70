import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../databases.js';

// On PostgreSQL, Kysely's statements run as named prepared statements (parsed and planned once
// per connection). A table changed by another process under a prepared `SELECT *` must not
// break the connection's later queries.

type Probe = { id: number; a: string; b?: string | null };

describe.each(testDatabaseKinds)('statements on %s', (kind) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await sql`CREATE TABLE probe (id integer PRIMARY KEY, a text NOT NULL)`.execute(database.db);
    await sql`INSERT INTO probe VALUES (1, 'one'), (2, 'two')`.execute(database.db);
  });
  afterAll(() => database?.close());

  const probe = (id: number) =>
    (database.db as any).selectFrom('probe').selectAll().where('id', '=', id).executeTakeFirst() as Promise<Probe | undefined>;

  it('a query prepared before another process adds a column still answers, with the new column', async () => {
    for (let i = 0; i < 6; i++) expect(await probe(1)).toEqual({ id: 1, a: 'one' });
    if (kind === 'postgres') {
      // The connection the queries used (the pool hands back the last released one) holds them as prepared statements.
      const { rows } = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(database.db);
      expect(rows.map((r) => r.name).some((n) => n.startsWith('wl_'))).toBe(true);
      const other = new pg.Client({ connectionString: (database.target as { url: string }).url });
      await other.connect();
      await other.query(`ALTER TABLE probe ADD COLUMN b text DEFAULT 'new'`);
      await other.end();
    } else {
      await sql`ALTER TABLE probe ADD COLUMN b text DEFAULT 'new'`.execute(database.db);
    }
    expect(await probe(1)).toEqual({ id: 1, a: 'one', b: 'new' });
    expect(await probe(2)).toEqual({ id: 2, a: 'two', b: 'new' });
  });
});
