import type { Actor } from '../auth/roles.js';
import type { TicketEventRow, TicketRow } from '../db/schema.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import { isLate } from '../sla/deadlines.js';
import { allowedActions } from './ticket.policy.js';
import type { TicketOut } from './ticket.schema.js';
import type { Status } from './ticket.state.js';

const deadlinesOf = (t: TicketRow) => ({ respondBy: t.respond_by, arriveBy: t.arrive_by, resolveBy: t.resolve_by });
const milestonesOf = (t: TicketRow) => ({ respondedAt: t.responded_at, arrivedAt: t.arrived_at, resolvedAt: t.resolved_at });

/** True when an open clock of the order has passed at `now` (suspended and closed orders have no running clock). */
export function isOverdue(t: TicketRow, now: Date): boolean {
  if (t.status === 'suspended' || t.status === 'closed') return false;
  return isLate(deadlinesOf(t), milestonesOf(t), now);
}

/** The API shape of an order, times in the tenant's zone, with the actions this user may take. */
export function toTicketOut(
  t: TicketRow,
  actor: Actor,
  now: Date,
  events?: TicketEventRow[],
  duplicates?: { id: string; number: string }[],
): TicketOut {
  const tz = actor.timeZone;
  const overdue = isOverdue(t, now);
  return {
    id: t.id,
    number: t.number,
    kind: t.kind as TicketOut['kind'],
    channel: t.channel as TicketOut['channel'],
    status: t.status as TicketOut['status'],
    categoryCode: t.category_code,
    priority: t.priority as TicketOut['priority'],
    premiseId: t.premise_id,
    address: t.address,
    areaTier: t.area_tier,
    contact: { name: t.contact_name, phone: t.contact_phone },
    description: t.description,
    unitId: t.unit_id,
    assigneeId: t.assignee_id,
    firstContactUserId: t.first_contact_user_id,
    source: t.source_body ? { body: t.source_body, reference: t.source_ref ?? '' } : null,
    receivedAt: toZonedIso(t.received_at, tz),
    createdAt: toZonedIso(t.created_at, tz),
    updatedAt: toZonedIso(t.updated_at, tz),
    deadlines: {
      respondBy: isoOrNull(t.respond_by, tz),
      arriveBy: isoOrNull(t.arrive_by, tz),
      resolveBy: isoOrNull(t.resolve_by, tz),
    },
    respondedAt: isoOrNull(t.responded_at, tz),
    arrivedAt: isoOrNull(t.arrived_at, tz),
    resolvedAt: isoOrNull(t.resolved_at, tz),
    closedAt: isoOrNull(t.closed_at, tz),
    late: t.late || overdue,
    overdue,
    repeatOfId: t.repeat_of_id,
    repeatCalls: t.repeat_calls,
    duplicateOfId: t.duplicate_of_id,
    ...(duplicates && { duplicates }),
    satisfaction: t.satisfaction,
    reopenCount: t.reopen_count,
    allowedActions: allowedActions(actor, {
      ...t,
      status: t.status as Status,
      kind: t.kind as TicketOut['kind'],
      suspendedFrom: t.suspended_from as Status | null,
    }),
    ...(events && {
      events: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: toZonedIso(e.at, tz),
        actorId: e.actor_id,
        note: e.note,
        data: (e.data ?? {}) as Record<string, unknown>,
        attachments: (e.attachments ?? []) as string[],
      })),
    }),
  };
}
