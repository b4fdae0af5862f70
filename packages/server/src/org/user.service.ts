import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password.js';
import { passwordProblem } from '../auth/password-policy.js';
import { type Actor, isInScope, type Role, scopePrefix } from '../auth/roles.js';
import { forgetSessionsOf, revokeUserSessions } from '../auth/session.service.js';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { fail } from '../shared/errors.js';
import { getUnit } from './unit.repo.js';
import { assertMayDisableUser } from './user.policy.js';

export type NewUser = {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: string;
  phone?: string | null;
};

/** Creates a staff user in a unit; user names are unique within a tenant (other tenants' names stay unseen). */
export async function createUser(db: Kysely<DB>, tenantId: string, input: NewUser, id = randomUUID()) {
  const problem = passwordProblem(input.password, input.username);
  if (problem) fail('weak_password', `password: ${problem}`);
  await getUnit(db, tenantId, input.unitId);
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken) fail('username_taken', `username: "${input.username}" is already taken`);
  const row = {
    tenant_id: tenantId,
    id,
    username: input.username,
    display_name: input.displayName,
    password_hash: await hashPassword(input.password),
    role: input.role,
    unit_id: input.unitId,
    phone: input.phone ?? null,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

/** Users inside the actor's scope. */
export function listUsers(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.unit_id', 'u.phone', 'u.disabled_at'])
    .where('u.tenant_id', '=', actor.tenantId)
    .where('un.path', 'like', `${scopePrefix(actor)}%`)
    .orderBy('u.username')
    .execute();
}

/** Disables a user inside the admin's scope and ends all of their sessions at once. */
export async function disableUser(db: Kysely<DB>, clock: Clock, actor: Actor, userId: string) {
  assertMayDisableUser(actor);
  const user = await db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'un.path'])
    .where('u.tenant_id', '=', actor.tenantId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user || !isInScope(actor, user.path)) fail('not_found', 'User not found');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabled_at: clock.now() }).where('id', '=', userId).execute();
    await revokeUserSessions(trx, clock, userId);
  });
  forgetSessionsOf(userId); // again after the commit: a request in between may have cached the old row
}
