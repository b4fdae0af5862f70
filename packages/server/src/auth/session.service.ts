import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { badRequest, fail, unauthorized } from '../shared/errors.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordProblem } from './password-policy.js';
import type { Actor, Role } from './roles.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Verifying against a real hash when the user does not exist keeps the timing the same,
// so the response time does not reveal which usernames exist.
// Tenants that may share one user name before sign-in asks which one is meant.
const MAX_SAME_NAME = 20;
let dummyHash: Promise<string> | undefined;

/**
 * Checks the credentials and opens a session; the token is returned once and stored only as a hash.
 * A user name is unique within its tenant: `name@tenant-code` (or `tenant`) picks the tenant, and a
 * bare name is tried against each tenant that has it, so only a matching password tells them apart.
 */
export async function login(
  db: Kysely<DB>,
  clock: Clock,
  input: { username: string; password: string; tenant?: string; sessionHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const at = input.username.lastIndexOf('@');
  const name = at > 0 ? input.username.slice(0, at) : input.username;
  const tenantCode = input.tenant ?? (at > 0 ? input.username.slice(at + 1) : undefined);
  const candidates = await db
    .selectFrom('users as u')
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.tenant_id', 'u.password_hash', 'u.disabled_at'])
    .where('u.username', '=', name)
    .$if(tenantCode !== undefined, (q) => q.where('t.code', '=', tenantCode!))
    .limit(MAX_SAME_NAME)
    .execute();
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  if (candidates.length === 0) await verifyPassword(await dummyHash, input.password);
  const matching = [];
  for (const c of candidates) if (await verifyPassword(c.password_hash, input.password)) matching.push(c);
  const user = matching[0];
  if (!user || user.disabled_at) throw unauthorized('Wrong username or password');
  // Reached only with a right password: the same name and password in two tenants.
  if (matching.length > 1) fail('tenant_required', 'tenant: this name is used in several organisations; sign in as name@organisation-code');

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

/**
 * Sessions this process looked up recently, by token hash. Every API request needs its actor, and
 * reading it was one of the statements of every request (bench/statement-profile.ts). An entry is
 * used for at most SESSION_CACHE_MS; this process forgets it at once on logout, password change,
 * disabling and any change of a user's role or unit (`forgetSessionsOf`), and another process
 * notices such a change within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new Map<string, { actor: Actor; expiresAt: Date; cachedAt: number }>();

/** Forgets the cached sessions of a user (or of everyone), so the next request reads them again. */
export function forgetSessionsOf(userId?: string): void {
  for (const [hash, entry] of sessionCache) if (userId === undefined || entry.actor.userId === userId) sessionCache.delete(hash);
}

/** The actor behind a bearer token, or null when the token is unknown, revoked, expired or its user disabled. */
export async function actorForToken(db: Kysely<DB>, clock: Clock, token: string): Promise<Actor | null> {
  const hash = sha256(token);
  const cached = sessionCache.get(hash);
  if (cached && performance.now() - cached.cachedAt < SESSION_CACHE_MS && cached.expiresAt > clock.now()) return cached.actor;
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.tenant_id', 'u.role', 'u.unit_id', 'un.path', 't.time_zone', 's.expires_at'])
    .where('s.token_hash', '=', hash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', clock.now())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    sessionCache.delete(hash);
    return null;
  }
  const actor: Actor = {
    userId: row.id,
    tenantId: row.tenant_id,
    role: row.role as Role,
    unitId: row.unit_id,
    unitPath: row.path,
    timeZone: row.time_zone,
  };
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.delete(sessionCache.keys().next().value!);
  sessionCache.set(hash, { actor, expiresAt: row.expires_at, cachedAt: performance.now() });
  return actor;
}

/** Ends the session of this token. */
export async function logout(db: Kysely<DB>, clock: Clock, token: string): Promise<void> {
  sessionCache.delete(sha256(token));
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
  forgetSessionsOf(userId);
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
  forgetSessionsOf(input.userId);
}
