import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { systemActor } from '../open311/system-actor.js';
import type { Clock } from '../shared/clock.js';
import { performAction } from '../tickets/perform-action.js';

/**
 * The resident's one-tap rating after resolution. It is the callback (回访) of the loop,
 * performed by the portal system user: 1–2 reopens the order, 3–5 closes it.
 */
export async function rateResolvedRequest(
  db: Kysely<DB>,
  clock: Clock,
  tenantId: string,
  ticketId: string,
  satisfaction: number,
  remark: string | undefined,
) {
  const actor = await systemActor(db, tenantId, 'portal');
  return performAction({ db, actor, clock }, ticketId, {
    action: 'callback',
    satisfaction,
    note: remark ? `居民评价：${remark}` : '居民门户评价',
  });
}
