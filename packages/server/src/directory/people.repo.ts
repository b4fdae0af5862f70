import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Display names and roles of users of one tenant. */
export async function namesOfPeople(db: Kysely<DB>, tenantId: string, ids: string[]) {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}
