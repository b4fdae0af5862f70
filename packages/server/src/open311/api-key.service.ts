import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { fail } from '../shared/errors.js';
import { assertMayManageApiKeys } from './api-key.policy.js';
import { withTables } from './open311.tables.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const KEY_PREFIX = 'wl311_';

export type Open311Client = { id: string; tenantId: string; name: string };

/** Issues an API key for a client system. The key is returned once; only its hash is kept. */
export async function createApiClient(db: Kysely<DB>, clock: Clock, actor: Actor, name: string) {
  assertMayManageApiKeys(actor);
  const apiKey = KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = {
    tenant_id: actor.tenantId,
    id: randomUUID(),
    name,
    key_hash: sha256(apiKey),
    key_prefix: apiKey.slice(0, KEY_PREFIX.length + 6),
    created_by: actor.userId,
    created_at: clock.now(),
  };
  await withTables(db).insertInto('open311_clients').values(row).execute();
  return { ...row, apiKey };
}

/** The tenant's client systems, newest first, without secrets. */
export function listApiClients(db: Kysely<DB>, actor: Actor) {
  assertMayManageApiKeys(actor);
  return withTables(db)
    .selectFrom('open311_clients')
    .select(['id', 'name', 'key_prefix', 'created_at', 'revoked_at', 'last_used_at'])
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes a key at once; requests with it get 403 from then on. */
export async function revokeApiClient(db: Kysely<DB>, clock: Clock, actor: Actor, id: string) {
  assertMayManageApiKeys(actor);
  const res = await withTables(db)
    .updateTable('open311_clients')
    .set({ revoked_at: clock.now() })
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    const exists = await withTables(db)
      .selectFrom('open311_clients')
      .select('id')
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!exists) fail('not_found', 'API client not found');
  }
}

/** The active client holding this key, or null. */
export async function clientForKey(db: Kysely<DB>, clock: Clock, apiKey: string): Promise<Open311Client | null> {
  if (!apiKey.startsWith(KEY_PREFIX) || apiKey.length > 200) return null;
  const t = withTables(db);
  const row = await t
    .selectFrom('open311_clients')
    .select(['id', 'tenant_id', 'name'])
    .where('key_hash', '=', sha256(apiKey))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  await t.updateTable('open311_clients').set({ last_used_at: clock.now() }).where('id', '=', row.id).execute();
  return { id: row.id, tenantId: row.tenant_id, name: row.name };
}
