import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export const HOUSEHOLD_FLAGS = ['elderly', 'hardship', 'key', 'difficult'] as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Finds households by phone number, account number or an address fragment.
 * Digits look up phones and accounts by index; anything else matches the address (trigram index).
 */
export async function searchPremises(db: Kysely<DB>, tenantId: string, q: string, limit = 20) {
  const term = q.trim();
  let ids: string[];
  if (/^\+?[0-9][0-9-]{3,}$/.test(term)) {
    const [byPhone, byAccount] = await Promise.all([
      db.selectFrom('customers').select('premise_id as id').where('tenant_id', '=', tenantId).where('phone', '=', term).limit(limit).execute(),
      db.selectFrom('premises').select('id').where('tenant_id', '=', tenantId).where('account_no', '=', term).limit(limit).execute(),
    ]);
    ids = [...new Set([...byAccount, ...byPhone].map((r) => r.id))];
  } else {
    const rows = await db
      .selectFrom('premises')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('address', 'ilike', `%${escapeLike(term)}%`)
      .orderBy('address')
      .limit(limit)
      .execute();
    ids = rows.map((r) => r.id);
  }
  return getPremises(db, tenantId, ids);
}

/** Premises with their customers, in the order of `ids`. */
export async function getPremises(db: Kysely<DB>, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const [premises, customers] = await Promise.all([
    db
      .selectFrom('premises as p')
      .leftJoin('network_nodes as n', 'n.id', 'p.network_node_id')
      .selectAll('p')
      .select(['n.code as node_code', 'n.name as node_name'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.id', 'in', ids)
      .execute(),
    db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('premise_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  const byId = new Map(premises.map((p) => [p.id, { ...p, customers: customers.filter((c) => c.premise_id === p.id) }]));
  return ids.map((id) => byId.get(id)).filter((p) => p !== undefined);
}
