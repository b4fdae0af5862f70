import { z } from 'zod';
import type { TicketRow } from '../db/schema.js';
import { defineJob } from '../jobs/job-runner.js';
import { isMissed } from '../sla/deadlines.js';
import { afterTicketAction } from '../sla/ticket-hooks.js';
import { appendEvents } from '../tickets/ticket.repo.js';

const OPEN: TicketRow['status'][] = ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'suspended'];

/**
 * Resolves every still-open order linked to an ended notice, one order per transaction, each with
 * a 'resolved' step in its timeline and the usual resolved message and callback survey. Reloads
 * the orders each time, so running it twice resolves nothing twice.
 */
export const resolveLinkedJob = defineJob({
  name: 'notices.resolve-linked',
  version: 1,
  payload: z.object({ tenantId: z.uuid(), noticeId: z.uuid(), actorId: z.uuid() }),
  async handle({ db, clock }, p) {
    const notice = await db.selectFrom('notices').select(['title', 'status']).where('id', '=', p.noticeId).executeTakeFirstOrThrow();
    const linked = await db
      .selectFrom('notice_tickets as nt')
      .innerJoin('tickets as t', 't.id', 'nt.ticket_id')
      .select('t.id')
      .where('nt.notice_id', '=', p.noticeId)
      .where('t.status', 'in', OPEN)
      .execute();
    for (const { id } of linked) {
      await db.transaction().execute(async (trx) => {
        const t = await trx.selectFrom('tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
        if (!OPEN.includes(t.status)) return;
        const now = clock.now();
        const late = isMissed(t.resolve_by, now, now);
        const updated: TicketRow = {
          ...t,
          status: 'resolved',
          resolved_at: now,
          responded_at: t.responded_at ?? now,
          suspended_from: null,
          suspended_at: null,
          late: t.late || late,
          updated_at: now,
          event_count: t.event_count + 1,
        };
        const { tenant_id: _t, id: _i, ...columns } = updated;
        await trx.updateTable('tickets').set(columns).where('id', '=', t.id).execute();
        await appendEvents(trx, t, t.event_count, [
          {
            type: 'resolved',
            at: now,
            actorId: p.actorId,
            note: `随通知「${notice.title}」结束一并办结`,
            data: { noticeId: p.noticeId, bulk: true, ...(t.resolve_by && { deadline: t.resolve_by.toISOString(), late }) },
          },
        ]);
        await afterTicketAction(trx, t, updated, 'resolve');
      });
    }
  },
});

/** Every job the worker knows. */
export const noticeJobs = [resolveLinkedJob];
