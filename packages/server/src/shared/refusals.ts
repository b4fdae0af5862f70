import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';

/**
 * Records a refused request (403) of a signed-in user: who, when, which route and why. Kept apart
 * from the refused work (whose transaction has rolled back) and append-only (migration 0061).
 */
export async function recordRefusal(db: Kysely<DB>, clock: Clock, req: FastifyRequest, status: number, code: string) {
  if (!req.actor) return;
  await db
    .insertInto('refusals')
    .values({
      tenant_id: req.actor.tenantId,
      id: randomUUID(),
      at: clock.now(),
      user_id: req.actor.userId,
      method: req.method,
      route: req.routeOptions.url ?? req.url.split('?')[0] ?? '',
      status,
      code,
      request_id: req.id,
    })
    .execute();
}
