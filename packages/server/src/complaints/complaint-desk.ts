import { sql } from 'kysely';
import type { z } from 'zod';
import type { Ctx } from '../shared/context.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import { visibleTo } from '../tickets/ticket.repo.js';
import { outsideClock, riskFlags } from './complaint.rules.js';
import type { deskItem, deskQuery } from './complaint.schema.js';

/** How close the order's own resolve deadline must be to count as "deadline near". */
const NEAR_MS = 24 * 3_600_000;

/**
 * The supervisor's complaint desk: complaints the actor sees, newest first — their own cases
 * (investigator or assignee), the open ones, all, or the prevention worklist: open cases with an
 * escalation-risk flag.
 */
export async function listComplaintDesk(ctx: Ctx, q: z.infer<typeof deskQuery>): Promise<z.infer<typeof deskItem>[]> {
  const { db, actor } = ctx;
  const now = ctx.clock.now();
  let query = db
    .selectFrom('tickets as t')
    .leftJoin('complaints as c', (j) => j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.ticket_id', '=', 't.id'))
    .leftJoin('premises as p', (j) => j.onRef('p.tenant_id', '=', 't.tenant_id').onRef('p.id', '=', 't.premise_id'))
    .select([
      't.id',
      't.number',
      't.status',
      't.channel',
      't.category_code',
      't.unit_id',
      't.address',
      't.contact_name',
      't.received_at',
      't.resolve_by',
      't.resolved_at',
      't.source_body',
      't.source_ref',
      't.repeat_of_id',
      't.reopen_count',
      't.satisfaction',
      'c.subject_type',
      'c.sub_type',
      'c.investigator_id',
      'c.ruling',
      'c.due_at',
      'c.repeat_of_ticket_id',
      'p.flags',
      sql<Date | null>`(SELECT max(e.received_at) FROM complaint_escalations e WHERE e.tenant_id = t.tenant_id AND e.ticket_id = t.id)`.as(
        'last_escalation',
      ),
      sql<Date | null>`(SELECT max(r.recorded_at) FROM complaint_replies r WHERE r.tenant_id = t.tenant_id AND r.ticket_id = t.id
        AND r.audience = CASE WHEN t.channel = 'escalated' OR EXISTS (SELECT 1 FROM complaint_escalations e WHERE e.tenant_id = t.tenant_id AND e.ticket_id = t.id)
                              THEN 'body' ELSE 'complainant' END
        AND r.recorded_at > coalesce((SELECT max(e.recorded_at) FROM complaint_escalations e WHERE e.tenant_id = t.tenant_id AND e.ticket_id = t.id), '-infinity'))`.as(
        'answered_at',
      ),
    ])
    .where('t.tenant_id', '=', actor.tenantId)
    .where('t.kind', '=', 'complaint')
    .where(sql<boolean>`${visibleTo(actor)}`);
  if (q.view === 'mine')
    query = query.where((eb) => eb.or([eb('c.investigator_id', '=', actor.userId), eb('t.assignee_id', '=', actor.userId)]));
  if (q.view !== 'all') query = query.where('t.status', '!=', 'closed');
  const rows = await query
    .orderBy('t.received_at', 'desc')
    .limit(q.view === 'risk' ? 1000 : q.limit)
    .execute();
  const tenant = await db.selectFrom('tenants').select('sla_warn_share').where('id', '=', actor.tenantId).executeTakeFirstOrThrow();
  const tz = actor.timeZone;
  const items = rows.map((r) => {
    const clock = outsideClock(r.last_escalation ?? r.received_at, r.due_at, r.answered_at, now, Number(tenant.sla_warn_share));
    const flags =
      r.status === 'closed'
        ? []
        : riskFlags({
            repeat: Boolean(r.repeat_of_ticket_id || r.repeat_of_id),
            dissatisfiedCallback: r.reopen_count > 0 || (r.satisfaction !== null && r.satisfaction <= 2),
            clock,
            deadlineNear: !r.resolved_at && r.resolve_by !== null && r.resolve_by.getTime() - now.getTime() <= NEAR_MS,
            vulnerableHousehold: (r.flags ?? []).some((f) => f === 'elderly' || f === 'hardship'),
            earlierEscalation: r.channel === 'escalated' || r.last_escalation !== null,
          });
    return {
      id: r.id,
      number: r.number,
      status: r.status,
      channel: r.channel,
      categoryCode: r.category_code,
      unitId: r.unit_id,
      address: r.address,
      contactName: r.contact_name,
      receivedAt: toZonedIso(r.received_at, tz),
      resolveBy: isoOrNull(r.resolve_by, tz),
      sourceBody: r.source_body,
      sourceReference: r.source_ref,
      subjectType: r.subject_type ?? 'service',
      subType: r.sub_type ?? 'other',
      investigatorId: r.investigator_id,
      ruling: r.ruling,
      dueAt: isoOrNull(r.due_at, tz),
      clock,
      riskFlags: flags,
    };
  });
  return q.view === 'risk' ? items.filter((i) => i.riskFlags.length > 0).slice(0, q.limit) : items;
}
