import { randomBytes } from 'node:crypto';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { DB } from '../../src/db/schema.js';
import { flushAddressIndex, premiseLookupQueries, searchPremises } from '../../src/territory/premise.repo.js';
import { openTestDatabase, testDatabaseKinds } from '../databases.js';
import { seedOrganisation } from '../factories.js';

const NAMES = [
  '幸福',
  '阳光',
  '和平',
  '矿务局',
  '电业',
  '新兴',
  '东方',
  '建设',
  '园林',
  '师范',
  '红旗',
  '文化',
  '学府',
  '世纪',
  '龙湖',
  '紫金',
  '滨河',
  '锦绣',
  'Block A ',
  '翠湖',
];
const KINDS = ['小区', '花园', '家园', '公寓', '新村'];

/** 3,000 households with a customer each, written in one statement as an import would, then ANALYZEd. */
async function fillRegister(db: Kysely<DB>, tenantId: string) {
  await sql`
    INSERT INTO premises (tenant_id, id, account_no, address)
    SELECT ${tenantId}::uuid, gen_random_uuid(), 'L' || i,
           '鸡冠区' || (${NAMES}::text[])[1 + i % 20] || (${KINDS}::text[])[1 + (i / 20) % 5] || (1 + i % 37) || '号楼' || (1 + i % 4) || '单元' || (1 + i % 6) || '0' || (1 + i % 2) || '室'
    FROM generate_series(1, 3000) AS i`.execute(db);
  await sql`
    INSERT INTO customers (tenant_id, id, premise_id, name, phone)
    SELECT tenant_id, gen_random_uuid(), id, '住户', '1380000' || lpad(substr(account_no, 2), 4, '0') FROM premises WHERE account_no LIKE 'L%'`.execute(
    db,
  );
  await flushAddressIndex(db);
  await sql`ANALYZE premises`.execute(db);
  await sql`ANALYZE customers`.execute(db);
}

/** The plan of a query, with sequential scans priced out so the test asks "can the index serve it?". */
async function planOf(db: Kysely<DB>, query: { compile(): CompiledQuery }) {
  const c = query.compile();
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const res = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]));
    return res.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** Every address matching the fragment, found without any index, for comparison. */
async function bruteForce(db: Kysely<DB>, tenantId: string, fragment: string) {
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM premises WHERE tenant_id = ${tenantId} AND strpos(lower(address), lower(${fragment})) > 0 ORDER BY address, id LIMIT 20`.execute(
    db,
  );
  return rows.map((r) => r.id);
}

describe.each(testDatabaseKinds)('household look-up on %s', (kind) => {
  let d: Database;
  let tenantId: string;
  beforeAll(async () => {
    d = await openTestDatabase(kind);
    tenantId = (await seedOrganisation(d.db)).tenantId;
    await fillRegister(d.db, tenantId);
  });
  afterAll(() => d?.close());

  it('a phone number is looked up through the customer phone index', async () => {
    const plan = await planOf(d.db, premiseLookupQueries(d.db, tenantId, '138-0000-0042').byPhone!);
    expect(plan).toContain('customer_phone_idx');
    expect((await searchPremises(d.db, tenantId, '138 0000 0042')).map((p) => p.account_no)).toEqual(['L42']);
  });

  it('an account number is looked up through the account unique index', async () => {
    const plan = await planOf(d.db, premiseLookupQueries(d.db, tenantId, '10001').byAccount!);
    expect(plan).toContain('premise_account_unique');
  });

  it('an address fragment, even of two Chinese characters, is looked up through the bigram index', async () => {
    for (const fragment of ['幸福', '矿务局家园7号楼', '3单元50']) {
      const plan = await planOf(d.db, premiseLookupQueries(d.db, tenantId, fragment).byAddress!);
      expect(plan, fragment).toContain('premise_address_bigram_idx');
    }
  });

  it('the index finds exactly what a full scan finds, whatever the case of Latin letters', async () => {
    for (const fragment of ['幸福', '阳光花园12号楼', '2单元402', 'block a', 'BLOCK A 公寓3', '号楼', '不存在的小区']) {
      const found = (await searchPremises(d.db, tenantId, fragment)).map((p) => p.id);
      expect(found, fragment).toEqual(await bruteForce(d.db, tenantId, fragment));
    }
    expect((await searchPremises(d.db, tenantId, '幸福')).length).toBe(20);
  });
});

// A PostgreSQL initialised with LC_CTYPE=C gives CJK characters no trigrams at all; the bigram
// index must not care.
describe.runIf(testDatabaseKinds.includes('postgres'))('household look-up on PostgreSQL with LC_CTYPE=C', () => {
  let d: Database;
  let tenantId: string;
  const name = `warmline_test_c_${randomBytes(5).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    d = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 3 });
    await migrateToLatest(d.db);
    tenantId = (await seedOrganisation(d.db)).tenantId;
    await fillRegister(d.db, tenantId);
  });
  afterAll(async () => {
    await d?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('pg_trgm sees no Chinese here, yet a two-character search uses the bigram index and finds the households', async () => {
    const { rows } = await sql<{ t: string[] }>`SELECT show_trgm('幸福小区') AS t`.execute(d.db);
    expect(rows[0]!.t).toEqual([]);
    const plan = await planOf(d.db, premiseLookupQueries(d.db, tenantId, '幸福').byAddress!);
    expect(plan).toContain('premise_address_bigram_idx');
    const found = await searchPremises(d.db, tenantId, '幸福');
    expect(found).toHaveLength(20);
    expect(found.every((p) => p.address.includes('幸福'))).toBe(true);
  });
});
