import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { badRequest, unauthorized } from '../shared/errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordProblem } from './password-policy.js';
import type { Actor, Role } from './roles.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Verifying against a real hash when the user does not exist keeps the timing the same,
// so the response time does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

/** Checks the credentials and opens a session; the token is returned once and stored only as a hash. */
export async function login(
  db: Kysely<DB>,
  clock: Clock,
  input: { username: string; password: string; sessionHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'password_hash', 'disabled_at'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !ok || user.disabled_at) throw unauthorized('Wrong username or password');

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + input.sessionHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      tenant_id: user.tenant_id,
      id: randomUUID(),
      user_id: user.id,
      token_hash: sha256(token),
      created_at: clock.now(),
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/** The actor behind a bearer token, or null when the token is unknown, revoked, expired or its user disabled. */
export async function actorForToken(db: Kysely<DB>, clock: Clock, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.tenant_id', 'u.role', 'u.unit_id', 'un.path', 't.time_zone'])
    .where('s.token_hash', '=', sha256(token))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', clock.now())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.id,
    tenantId: row.tenant_id,
    role: row.role as Role,
    unitId: row.unit_id,
    unitPath: row.path,
    timeZone: row.time_zone,
  };
}

/** Ends the session of this token. */
export async function logout(db: Kysely<DB>, clock: Clock, token: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: clock.now() })
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every open session of a user (used when a user is disabled). */
export async function revokeUserSessions(db: Kysely<DB>, clock: Clock, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: clock.now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/**
 * Replaces a user's password after checking the current one and the policy; every other session
 * of the user ends, so a stolen session does not outlive the change.
 */
export async function changePassword(
  db: Kysely<DB>,
  clock: Clock,
  input: { userId: string; currentToken: string; currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await db.selectFrom('users').select(['username', 'password_hash']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw unauthorized('currentPassword: wrong password');
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw badRequest('weak_password', `newPassword: ${problem}`);
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', input.userId).execute();
    await trx
      .updateTable('sessions')
      .set({ revoked_at: clock.now() })
      .where('user_id', '=', input.userId)
      .where('revoked_at', 'is', null)
      .where('token_hash', '!=', sha256(input.currentToken))
      .execute();
  });
}
