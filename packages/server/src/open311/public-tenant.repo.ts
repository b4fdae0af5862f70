import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export type PublicTenant = { id: string; code: string; name: string; timeZone: string };

/**
 * The tenant a public request addresses: the one whose code is given (Open311's
 * jurisdiction_id), otherwise the installation's first tenant. One public tenant per
 * installation is the default; several tenants are told apart by jurisdiction_id or API key.
 */
export async function findPublicTenant(db: Kysely<DB>, code?: string): Promise<PublicTenant | null> {
  let q = db.selectFrom('tenants').select(['id', 'code', 'name', 'time_zone']);
  q = code !== undefined ? q.where('code', '=', code) : q.orderBy('created_at').orderBy('code');
  const row = await q.limit(1).executeTakeFirst();
  return row ? { id: row.id, code: row.code, name: row.name, timeZone: row.time_zone } : null;
}

export async function findTenantById(db: Kysely<DB>, id: string): Promise<PublicTenant> {
  const row = await db.selectFrom('tenants').select(['id', 'code', 'name', 'time_zone']).where('id', '=', id).executeTakeFirstOrThrow();
  return { id: row.id, code: row.code, name: row.name, timeZone: row.time_zone };
}
