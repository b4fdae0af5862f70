import { z } from 'zod';
import type { TicketRow } from '../db/schema.js';
import { defineJob } from '../jobs/job-runner.js';
import { recordStep } from '../tickets/ticket.repo.js';
import { transition } from '../tickets/ticket.transition.js';

const OPEN: TicketRow['status'][] = ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'suspended'];

/**
 * Resolves every still-open order linked to an ended notice, one order per transaction, through
 * the work-order transition ('resolve_by_notice'): a 'resolved' step in its timeline, lateness
 * judged against its deadlines, and the usual resolved message and callback survey. Reloads the
 * orders each time, so running it twice resolves nothing twice.
 */
export const resolveLinkedJob = defineJob({
  name: 'notices.resolve-linked',
  version: 1,
  // scopePath: the subtree of the actor who ended the notice; orders outside it are not theirs to resolve.
  payload: z.object({ tenantId: z.uuid(), noticeId: z.uuid(), actorId: z.uuid(), scopePath: z.string().startsWith('/').default('/') }),
  async handle({ db, clock }, p) {
    const notice = await db
      .selectFrom('notices')
      .select(['title', 'status'])
      .where('tenant_id', '=', p.tenantId)
      .where('id', '=', p.noticeId)
      .executeTakeFirstOrThrow();
    const actor = await db
      .selectFrom('users')
      .select(['id', 'unit_id'])
      .where('tenant_id', '=', p.tenantId)
      .where('id', '=', p.actorId)
      .executeTakeFirstOrThrow();
    const linked = await db
      .selectFrom('notice_tickets as nt')
      .innerJoin('tickets as t', (j) => j.onRef('t.tenant_id', '=', 'nt.tenant_id').onRef('t.id', '=', 'nt.ticket_id'))
      .select('t.id')
      .where('nt.tenant_id', '=', p.tenantId)
      .where('nt.notice_id', '=', p.noticeId)
      .where('t.unit_path', 'like', `${p.scopePath}%`)
      .where('t.status', 'in', OPEN)
      .execute();
    for (const { id } of linked) {
      await db.transaction().execute(async (trx) => {
        const t = await trx
          .selectFrom('tickets')
          .selectAll()
          .where('tenant_id', '=', p.tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const input = { action: 'resolve_by_notice', noticeId: p.noticeId, note: `随通知「${notice.title}」结束一并办结` } as const;
        const outcome = transition(t, { input, actor: { userId: actor.id, unitId: actor.unit_id }, at: clock.now() });
        // Moved on meanwhile (resolved or closed by someone else): nothing to do.
        if (!outcome.ok) return;
        await recordStep(trx, t, input.action, outcome);
      });
    }
  },
});

/** Every job the worker knows. */
export const noticeJobs = [resolveLinkedJob];
