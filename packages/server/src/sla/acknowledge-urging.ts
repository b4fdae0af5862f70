import type { Ctx } from '../shared/context.js';
import { conflict, forbidden, notFound } from '../shared/errors.js';
import { recordChange } from '../tickets/ticket.repo.js';

/**
 * A manager acknowledges an urging (催办) sent to their unit: the escalation of that clock stops,
 * the acknowledgement joins the order's timeline, and their notifications of it are marked read.
 */
export async function acknowledgeUrging(ctx: Ctx, urgingId: string, note: string | null) {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const urging = await trx
      .selectFrom('urgings')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', urgingId)
      .forUpdate()
      .executeTakeFirst();
    if (!urging) throw notFound('Urging');
    if (actor.unitId !== urging.unit_id && actor.role !== 'admin') throw forbidden('not_recipient', 'This urging was sent to another unit');
    if (urging.acknowledged_at) throw conflict('already_acknowledged', 'This urging was already acknowledged');
    const now = ctx.clock.now();
    // Lock order as everywhere: the order first, then its timers.
    const ticket = await trx
      .selectFrom('tickets')
      .select(['tenant_id', 'id', 'event_count'])
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', urging.ticket_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('urgings')
      .set({ acknowledged_at: now, acknowledged_by: actor.userId, note })
      .where('id', '=', urging.id)
      .execute();
    // A clock's urging stops that clock's escalation; a supervisor's (督办) has no clock behind it.
    if (urging.clock !== 'supervision') {
      await trx
        .updateTable('ticket_timers')
        .set({ acknowledged_at: now, next_due: null })
        .where('ticket_id', '=', urging.ticket_id)
        .where('clock', '=', urging.clock)
        .where('breached_at', 'is not', null)
        .execute();
    }
    await recordChange(trx, ticket, {}, [
      {
        type: 'urging_acknowledged',
        at: now,
        actorId: actor.userId,
        note,
        data: { urgingId: urging.id, clock: urging.clock, level: urging.level, kind: urging.kind },
      },
    ]);
    await trx
      .updateTable('staff_notifications')
      .set({ read_at: now })
      .where('urging_id', '=', urging.id)
      .where('user_id', '=', actor.userId)
      .execute();
    return { ...urging, acknowledged_at: now, acknowledged_by: actor.userId, note };
  });
}
