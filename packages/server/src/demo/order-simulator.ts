import type { TicketRow } from '../db/schema.js';
import { extendForPause, isMissed } from '../sla/deadlines.js';
import type { NewEvent } from '../tickets/ticket.repo.js';
import type { ActionInput } from '../tickets/ticket.schema.js';
import { DISSATISFIED_MAX, nextStatus, type Status } from '../tickets/ticket.state.js';

// The demo writes a season of orders in bulk instead of driving each step through
// performAction (thousands of transactions). This is the same bookkeeping as
// src/tickets/perform-action.ts, without its checks of role and scope, which the demo's
// choice of actors satisfies; test/demo/demo-tenant.test.ts replays the stored histories
// through the real use cases to prove the two agree.

/** One step of an order's life: who did what, when. */
export type SimStep = { at: Date; actorId: string; actorUnitId: string; input: ActionInput };

/** The path of a unit by id (the demo knows all of them). */
export type UnitPaths = (unitId: string) => string;

function milestone(
  t: TicketRow,
  at: Date,
  deadline: Date | null,
  done: 'responded_at' | 'arrived_at' | 'resolved_at',
  event: NewEvent,
): Partial<TicketRow> {
  const late = isMissed(deadline, at, at);
  event.data = { ...event.data, ...(deadline && { deadline: deadline.toISOString(), late }) };
  return { [done]: at, late: t.late || late };
}

/**
 * Applies one step to an order as performAction would: the new row and the events to append.
 * Throws when the order's state does not allow the step (a bug in the demo's plan).
 */
export function applyStep(t: TicketRow, step: SimStep, unitPath: UnitPaths): { ticket: TicketRow; events: NewEvent[] } {
  const { input, at: now, actorId } = step;
  const state = { status: t.status as Status, kind: t.kind as never, suspendedFrom: t.suspended_from as Status | null };
  const to = nextStatus(input.action, state, input.action === 'callback' ? input.satisfaction : undefined);
  if (!to) throw new Error(`demo plan: cannot ${input.action} an order that is ${t.status}`);
  const note = 'note' in input ? (input.note ?? null) : 'reason' in input ? input.reason : null;
  const event: NewEvent = { type: input.action, at: now, actorId, note, data: {}, attachments: [] };
  const extra: NewEvent[] = [];
  let change: Partial<TicketRow> = { status: to };
  const respond = () => (t.responded_at ? {} : milestone(t, now, t.respond_by, 'responded_at', event));

  switch (input.action) {
    case 'accept':
      event.type = 'accepted';
      change = { ...change, ...respond() };
      break;
    case 'dispatch':
      event.type = 'dispatched';
      event.data = { unitId: input.unitId, assigneeId: input.assigneeId ?? null };
      change = {
        ...change,
        ...respond(),
        unit_id: input.unitId,
        unit_path: unitPath(input.unitId),
        assignee_id: input.assigneeId ?? null,
        dispatched_from_unit_id: step.actorUnitId,
      };
      break;
    case 'take':
      event.type = 'taken';
      change.assignee_id = t.assignee_id ?? actorId;
      break;
    case 'arrive':
      event.type = 'arrived';
      change = { ...change, ...milestone(t, now, t.arrive_by, 'arrived_at', event) };
      break;
    case 'resolve':
      event.type = 'resolved';
      change = { ...change, ...milestone(t, now, t.resolve_by, 'resolved_at', event) };
      break;
    case 'callback':
      event.type = 'callback';
      event.data = { satisfaction: input.satisfaction };
      change = { ...change, satisfaction: input.satisfaction, callback_at: now };
      if (input.satisfaction <= DISSATISFIED_MAX) {
        extra.push({ type: 'reopened', at: now, actorId, note: note ?? null, data: { cause: 'dissatisfied_callback' }, attachments: [] });
        change = { ...change, resolved_at: null, closed_at: null, reopen_count: t.reopen_count + 1 };
      } else {
        extra.push({ type: 'closed', at: now, actorId, note: null, data: {}, attachments: [] });
        change.closed_at = now;
      }
      break;
    case 'close':
      event.type = 'closed';
      change = { ...change, ...respond(), closed_at: now, resolved_at: t.resolved_at ?? now };
      break;
    case 'reopen':
      event.type = 'reopened';
      change = { ...change, resolved_at: null, closed_at: null, reopen_count: t.reopen_count + 1 };
      break;
    case 'suspend':
      event.type = 'suspended';
      change = { ...change, suspended_from: t.status, suspended_at: now };
      break;
    case 'resume': {
      event.type = 'resumed';
      const pausedMs = now.getTime() - (t.suspended_at ?? now).getTime();
      const d = extendForPause(
        { respondBy: t.respond_by, arriveBy: t.arrive_by, resolveBy: t.resolve_by },
        { respondedAt: t.responded_at, arrivedAt: t.arrived_at, resolvedAt: t.resolved_at },
        pausedMs,
      );
      event.data = { pausedSeconds: Math.round(pausedMs / 1000) };
      change = {
        ...change,
        suspended_from: null,
        suspended_at: null,
        respond_by: d.respondBy,
        arrive_by: d.arriveBy,
        resolve_by: d.resolveBy,
      };
      break;
    }
    case 'transfer':
      event.type = 'transferred';
      event.data = { fromUnitId: t.unit_id, toUnitId: input.unitId };
      change = { ...change, unit_id: input.unitId, unit_path: unitPath(input.unitId), assignee_id: null };
      break;
    case 'return': {
      const back = t.dispatched_from_unit_id ?? t.unit_id;
      event.type = 'returned';
      event.data = { fromUnitId: t.unit_id, toUnitId: back };
      change = { ...change, unit_id: back, unit_path: unitPath(back), assignee_id: null };
      break;
    }
  }
  const events = [event, ...extra];
  return { ticket: { ...t, ...change, updated_at: now, event_count: t.event_count + events.length }, events };
}

/**
 * Runs the steps that have happened by `now`, in order; later steps are the order's future
 * and are dropped, which leaves recent orders open at every stage of the loop.
 */
export function simulate(created: TicketRow, steps: SimStep[], now: Date, unitPath: UnitPaths) {
  let ticket = created;
  const events: NewEvent[] = [];
  for (const step of steps) {
    if (step.at.getTime() > now.getTime()) break;
    const r = applyStep(ticket, step, unitPath);
    ticket = r.ticket;
    events.push(...r.events);
  }
  return { ticket, events };
}
