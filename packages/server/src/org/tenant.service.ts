import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { installDefaultCatalog } from '../catalog/default-catalog.js';
import type { DB } from '../db/schema.js';
import { createUnit } from './unit.repo.js';
import { createUser } from './user.service.js';

export type NewTenant = { code: string; name: string; timeZone?: string; ticketPrefix?: string; groupName?: string };

/** Creates a tenant with its root group unit and the standard catalogue. */
export async function createTenant(db: Kysely<DB>, input: NewTenant) {
  const tenantId = randomUUID();
  await db
    .insertInto('tenants')
    .values({
      id: tenantId,
      code: input.code,
      name: input.name,
      time_zone: input.timeZone ?? 'Asia/Shanghai',
      ticket_prefix: input.ticketPrefix ?? 'RX',
    })
    .execute();
  const root = await createUnit(db, tenantId, { parentId: null, kind: 'group', code: 'group', name: input.groupName ?? input.name });
  await installDefaultCatalog(db, tenantId, root.id);
  return { tenantId, rootUnitId: root.id };
}

/**
 * On an empty database, creates the default tenant and the user `admin`.
 * Returns the generated password when none was given, so the caller can print it once.
 */
export async function bootstrapEmptyDatabase(
  db: Kysely<DB>,
  adminPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  const existing = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  if (existing) return { created: false };
  const password = adminPassword ?? randomBytes(12).toString('base64url');
  await db.transaction().execute(async (trx) => {
    const { tenantId, rootUnitId } = await createTenant(trx, { code: 'default', name: 'Warmline' });
    await createUser(trx, tenantId, { username: 'admin', displayName: 'Administrator', password, role: 'admin', unitId: rootUnitId });
  });
  return adminPassword ? { created: true } : { created: true, generatedPassword: password };
}
