import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Premise } from '../db/schema.js';
import { normalizePhone } from './household.js';

export { HOUSEHOLD_FLAGS } from './household.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** True when a search term looks like a phone or account number rather than an address. */
const isNumberLike = (term: string) => /^\+?[0-9][0-9 -]{3,}$/.test(term);

/**
 * The look-up queries for a search term, unexecuted so tests can EXPLAIN them: by phone
 * (customer_phone_idx) and by account (premise_account_unique) for number-like terms, by
 * address fragment (premise_address_bigram_idx, rechecked with ILIKE) otherwise.
 */
export function premiseLookupQueries(db: Kysely<DB>, tenantId: string, q: string, limit = 20) {
  const term = q.trim();
  if (isNumberLike(term)) {
    const phone = normalizePhone(term);
    return {
      byPhone: phone
        ? db.selectFrom('customers').select('premise_id as id').where('tenant_id', '=', tenantId).where('phone', '=', phone).limit(limit)
        : null,
      byAccount: db.selectFrom('premises').select('id').where('tenant_id', '=', tenantId).where('account_no', '=', term).limit(limit),
      byAddress: null,
    };
  }
  return {
    byPhone: null,
    byAccount: null,
    byAddress: db
      .selectFrom('premises')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`address_bigrams @> text_bigrams(${term})`)
      .where('address', 'ilike', `%${escapeLike(term)}%`)
      .orderBy('address')
      .orderBy('id')
      .limit(limit),
  };
}

/**
 * Finds households by phone number, account number or an address fragment.
 * Digits look up phones and accounts by index; anything else matches the address through the
 * bigram index (migration 0010), rechecked with ILIKE, so it works on any database locale.
 */
export async function searchPremises(db: Kysely<DB>, tenantId: string, q: string, limit = 20) {
  const { byPhone, byAccount, byAddress } = premiseLookupQueries(db, tenantId, q, limit);
  const [phoneRows, accountRows, addressRows] = await Promise.all([
    byPhone?.execute() ?? [],
    byAccount?.execute() ?? [],
    byAddress?.execute() ?? [],
  ]);
  const ids = [...new Set([...accountRows, ...phoneRows, ...addressRows].map((r) => r.id))].slice(0, limit);
  return getPremises(db, tenantId, ids);
}

const PREMISE_COLUMNS = [
  'p.id',
  'p.tenant_id',
  'p.account_no',
  'p.district',
  'p.community',
  'p.building',
  'p.entrance',
  'p.room',
  'p.address',
  'p.heated_area',
  'p.network_node_id',
  'p.unit_id',
  'p.area_tier',
  'p.flags',
  'p.notes',
  'p.created_at',
  'p.updated_at',
] as const;

/** Premises with their customers, in the order of `ids`. */
export async function getPremises(db: Kysely<DB>, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const [premises, customers] = await Promise.all([
    db
      .selectFrom('premises as p')
      .leftJoin('network_nodes as n', 'n.id', 'p.network_node_id')
      .select(PREMISE_COLUMNS)
      .select(['n.code as node_code', 'n.name as node_name'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.id', 'in', ids)
      .execute(),
    db
      .selectFrom('customers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('premise_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('phone')
      .execute(),
  ]);
  const byId = new Map(premises.map((p) => [p.id, { ...p, customers: customers.filter((c) => c.premise_id === p.id) }]));
  return ids.map((id) => byId.get(id)).filter((p) => p !== undefined);
}

/** The premise's responsible unit and its path, for scope checks; undefined when there is no such premise. */
export function findPremiseScope(db: Kysely<DB>, tenantId: string, id: string) {
  return db
    .selectFrom('premises as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.unit_id', 'u.path as unit_path'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Existing premises of these account numbers with their unit's path (one index probe per account). */
export function findPremisesByAccounts(db: Kysely<DB>, tenantId: string, accounts: string[]) {
  if (accounts.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('premises as p')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.account_no', 'u.path as unit_path'])
    .where('p.tenant_id', '=', tenantId)
    .where(sql<boolean>`p.account_no = any(${accounts}::text[])`)
    .execute();
}

export type PremiseValues = {
  district?: string;
  community?: string;
  building?: string;
  entrance?: string;
  room?: string;
  address?: string;
  heated_area?: number | null;
  network_node_id?: string | null;
  unit_id?: string | null;
  area_tier?: Premise['area_tier'];
  flags?: Premise['flags'];
  notes?: string;
};

export type PremiseUpsert = PremiseValues & { id: string; account_no: string; address: string };

/**
 * Inserts premises in one multi-row statement; an account number that exists is updated
 * instead, in the columns `updateColumns` names only. Returns the id of every account.
 * Rows must share their keys and carry distinct account numbers.
 */
export async function upsertPremises(
  trx: Transaction<DB>,
  tenantId: string,
  rows: PremiseUpsert[],
  updateColumns: Array<keyof PremiseValues>,
  now: Date,
): Promise<Array<{ id: string; account_no: string }>> {
  if (rows.length === 0) return [];
  return trx
    .insertInto('premises')
    .values(rows.map((r) => ({ ...r, tenant_id: tenantId, created_at: now, updated_at: now })))
    .onConflict((oc) =>
      oc.constraint('premise_account_unique').doUpdateSet((eb) => ({
        ...Object.fromEntries(updateColumns.map((c) => [c, eb.ref(`excluded.${c}`)])),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning(['id', 'account_no'])
    .execute();
}

/** Adds customers; a phone already on the premise keeps its row and takes the new name. */
export async function upsertCustomers(
  trx: Transaction<DB> | Kysely<DB>,
  tenantId: string,
  rows: Array<{ id: string; premise_id: string; name: string; phone: string }>,
  now: Date,
) {
  if (rows.length === 0) return;
  await trx
    .insertInto('customers')
    .values(rows.map((r) => ({ ...r, tenant_id: tenantId, created_at: now })))
    .onConflict((oc) => oc.constraint('customer_phone_per_premise_unique').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
    .execute();
}

/**
 * Moves the address index's pending entries into the index proper. GIN buffers new entries in
 * a pending list that every search scans and the planner prices in; PostgreSQL's autovacuum
 * flushes it in the background, but PGlite has no autovacuum. Called after bulk writes.
 */
export async function flushAddressIndex(db: Kysely<DB>) {
  await sql`SELECT gin_clean_pending_list('premise_address_bigram_idx'::regclass)`.execute(db);
}

export async function insertPremise(db: Kysely<DB>, tenantId: string, row: PremiseUpsert, now: Date) {
  await db
    .insertInto('premises')
    .values({ ...row, tenant_id: tenantId, created_at: now, updated_at: now })
    .execute();
}

export async function updatePremiseRow(
  db: Kysely<DB>,
  tenantId: string,
  id: string,
  values: PremiseValues & { account_no?: string },
  now: Date,
) {
  await db
    .updateTable('premises')
    .set({ ...values, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export function findCustomer(db: Kysely<DB>, tenantId: string, premiseId: string, customerId: string) {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('premise_id', '=', premiseId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export async function updateCustomerRow(db: Kysely<DB>, tenantId: string, id: string, values: { name?: string; phone?: string }) {
  await db.updateTable('customers').set(values).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteCustomerRow(db: Kysely<DB>, tenantId: string, id: string) {
  await db.deleteFrom('customers').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
