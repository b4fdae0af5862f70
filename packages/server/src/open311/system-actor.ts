import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { createUser } from '../org/user.service.js';
import { AppError } from '../shared/errors.js';

export type IntakeChannel = 'open311' | 'portal';

const DISPLAY: Record<IntakeChannel, string> = { open311: 'Open311 接口', portal: '居民门户' };
const cache = new Map<string, Actor>();

/**
 * The system user that files and rates requests arriving without a staff member: one per tenant
 * and channel (`system-open311-<tenant>`, `system-portal-<tenant>`), a hotline agent in the root
 * unit, created on first use with a random password nobody knows.
 */
export async function systemActor(db: Kysely<DB>, tenantId: string, channel: IntakeChannel): Promise<Actor> {
  const cacheKey = `${tenantId}:${channel}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const tenant = await db.selectFrom('tenants').select(['code', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const root = await db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('tenant_id', '=', tenantId)
    .where('parent_id', 'is', null)
    .orderBy('path')
    .executeTakeFirstOrThrow();
  // Administrators cannot create `system-…` names (org/user.policy.ts), and names are per tenant.
  const username = `system-${channel}-${tenant.code}`;
  const find = () =>
    db
      .selectFrom('users')
      .select(['id', 'tenant_id'])
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .executeTakeFirst();
  let user = await find();
  if (!user) {
    try {
      await createUser(db, tenantId, {
        username,
        displayName: DISPLAY[channel],
        password: randomBytes(24).toString('base64url'),
        role: 'hotline_agent',
        unitId: root.id,
      });
    } catch (e) {
      // Two first requests raced; the other one created it.
      if (!(e instanceof AppError && e.code === 'username_taken')) throw e;
    }
    user = await find();
  }
  if (!user) throw new Error(`system user ${username} could not be created`);
  const actor: Actor = {
    userId: user.id,
    tenantId,
    role: 'hotline_agent',
    unitId: root.id,
    unitPath: root.path,
    timeZone: tenant.time_zone,
  };
  cache.set(cacheKey, actor);
  return actor;
}
