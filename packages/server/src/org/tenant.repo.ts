import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The tenant's own settings that shape the loop (today: how far back a repeat request is looked for). */
export async function findTenantSettings(db: Kysely<DB>, tenantId: string) {
  const row = await db.selectFrom('tenants').select('repeat_window_days').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { repeatWindowDays: row.repeat_window_days };
}
