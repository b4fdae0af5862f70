import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { withTables } from '../open311/open311.tables.js';
import type { Clock } from '../shared/clock.js';
import { sendError } from '../shared/http.js';

export type Limit = { bucket: string; max: number; windowSeconds: number };

/** The portal's abuse limits: fixed windows counted in the database, so all server processes share them. */
export const PORTAL_LIMITS = {
  submitPerIp: { bucket: 'portal-submit-ip', max: 10, windowSeconds: 3600 },
  submitPerPhone: { bucket: 'portal-submit-phone', max: 5, windowSeconds: 86_400 },
  lookupPerIp: { bucket: 'portal-lookup-ip', max: 60, windowSeconds: 600 },
  addressPerIp: { bucket: 'portal-address-ip', max: 120, windowSeconds: 600 },
} satisfies Record<string, Limit>;

// Keys (IPs, phone numbers) are stored hashed; rows older than two days are swept now and then.
const keyHash = (bucket: string, key: string) => createHash('sha256').update(`${bucket}:${key}`).digest('hex');

/**
 * Counts one attempt against a limit. Returns whether it is allowed and, when not, the
 * seconds until the window ends.
 */
export async function hitLimit(db: Kysely<DB>, clock: Clock, limit: Limit, key: string): Promise<{ ok: boolean; retryAfter: number }> {
  const now = clock.now().getTime();
  const windowMs = limit.windowSeconds * 1000;
  const start = new Date(Math.floor(now / windowMs) * windowMs);
  const row = await withTables(db)
    .insertInto('rate_limit_hits')
    .values({ bucket: limit.bucket, key_hash: keyHash(limit.bucket, key), window_start: start, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'key_hash', 'window_start']).doUpdateSet({ hits: sql`rate_limit_hits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  if (Math.random() < 0.01) {
    await withTables(db)
      .deleteFrom('rate_limit_hits')
      .where('window_start', '<', new Date(now - 2 * 86_400_000))
      .execute();
  }
  const ok = row.hits <= limit.max;
  return { ok, retryAfter: ok ? 0 : Math.ceil((start.getTime() + windowMs - now) / 1000) };
}

/** Whether one more attempt is allowed under a limit, without counting one (e.g. before checking a password). */
export async function peekLimit(db: Kysely<DB>, clock: Clock, limit: Limit, key: string): Promise<{ ok: boolean; retryAfter: number }> {
  const now = clock.now().getTime();
  const windowMs = limit.windowSeconds * 1000;
  const start = new Date(Math.floor(now / windowMs) * windowMs);
  const row = await withTables(db)
    .selectFrom('rate_limit_hits')
    .select('hits')
    .where('bucket', '=', limit.bucket)
    .where('key_hash', '=', keyHash(limit.bucket, key))
    .where('window_start', '=', start)
    .executeTakeFirst();
  const ok = (row?.hits ?? 0) < limit.max;
  return { ok, retryAfter: ok ? 0 : Math.ceil((start.getTime() + windowMs - now) / 1000) };
}

/**
 * A route preHandler holding each client address to `limit`: beyond it the JSON error
 * `too_many_requests` (429) with `Retry-After`, and the handler does not run.
 */
export function perAddressLimit(db: Kysely<DB>, clock: Clock, limit: Limit) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const hit = await hitLimit(db, clock, limit, req.ip);
    if (hit.ok) return;
    reply.header('retry-after', String(hit.retryAfter));
    sendError(reply, 'too_many_requests');
    return reply;
  };
}
