import type { Kysely } from 'kysely';
import { type Actor, isInScope } from '../auth/roles.js';
import type { DB, TicketRow } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { conflict, forbidden, notFound, unprocessable } from '../shared/errors.js';
import { extendForPause, isMissed } from '../sla/deadlines.js';
import { afterTicketAction } from '../sla/ticket-hooks.js';
import { canPerform } from './ticket.policy.js';
import { appendEvents, findVisibleTicket, type NewEvent } from './ticket.repo.js';
import type { ActionInput } from './ticket.schema.js';
import { DISSATISFIED_MAX, nextStatus, type Status } from './ticket.state.js';

type Change = Partial<TicketRow>;

async function unitInTenant(db: Kysely<DB>, actor: Actor, unitId: string, field: string) {
  const unit = await db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw unprocessable('unknown_unit', `${field}: no such unit`);
  return unit;
}

/** The assignee must be an active crew member inside the unit the order goes to. */
async function assigneeInUnit(db: Kysely<DB>, actor: Actor, assigneeId: string, unitPath: string) {
  const user = await db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'un.path'])
    .where('u.tenant_id', '=', actor.tenantId)
    .where('u.id', '=', assigneeId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user?.path.startsWith(unitPath)) {
    throw unprocessable('assignee_outside_unit', 'assigneeId: no active user of that id in the unit');
  }
}

/** Marks a milestone, flagging the order late when it came after its deadline. */
function milestone(t: TicketRow, at: Date, deadline: Date | null, done: keyof TicketRow, event: NewEvent): Change {
  const late = isMissed(deadline, at, at);
  event.data = { ...event.data, ...(deadline && { deadline: deadline.toISOString(), late }) };
  return { [done]: at, late: t.late || late };
}

/**
 * Performs one step of the work-order loop inside a transaction: checks state, role and scope,
 * updates the order and appends the step (and any consequence) to its history.
 */
export async function performAction(ctx: Ctx, ticketId: string, input: ActionInput): Promise<TicketRow> {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const t = await findVisibleTicket(trx, actor, ticketId, true);
    if (!t) throw notFound('Ticket');
    const state = { status: t.status as Status, kind: t.kind as never, suspendedFrom: t.suspended_from as Status | null };
    const satisfaction = input.action === 'callback' ? input.satisfaction : undefined;
    const to = nextStatus(input.action, state, satisfaction);
    if (!to) throw conflict('invalid_transition', `Cannot ${input.action} an order that is ${t.status}`);
    if (!canPerform(actor, { ...t, ...state }, input.action)) {
      throw forbidden('action_not_allowed', `Your role or unit may not ${input.action} this order`);
    }

    const now = ctx.clock.now();
    const note = 'note' in input ? (input.note ?? null) : 'reason' in input ? input.reason : null;
    const event: NewEvent = { type: input.action, at: now, actorId: actor.userId, note, data: {}, attachments: input.attachments };
    const extra: NewEvent[] = [];
    let change: Change = { status: to };
    // Accepting, dispatching or closing at first contact answers the request.
    const respond = () => (t.responded_at ? {} : milestone(t, now, t.respond_by, 'responded_at', event));

    switch (input.action) {
      case 'accept':
        event.type = 'accepted';
        change = { ...change, ...respond() };
        break;
      case 'dispatch': {
        const unit = await unitInTenant(trx, actor, input.unitId, 'unitId');
        if (!isInScope(actor, unit.path)) throw forbidden('unit_out_of_scope', 'unitId: outside your part of the organisation');
        if (input.assigneeId) await assigneeInUnit(trx, actor, input.assigneeId, unit.path);
        event.type = 'dispatched';
        event.data = { unitId: unit.id, assigneeId: input.assigneeId ?? null };
        change = {
          ...change,
          ...respond(),
          unit_id: unit.id,
          unit_path: unit.path,
          assignee_id: input.assigneeId ?? null,
          dispatched_from_unit_id: actor.unitId,
        };
        break;
      }
      case 'take':
        event.type = 'taken';
        change.assignee_id = t.assignee_id ?? actor.userId;
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
          // Dissatisfied: back to the unit that did the work, the resolution no longer stands.
          extra.push({ type: 'reopened', at: now, actorId: actor.userId, note: note ?? null, data: { cause: 'dissatisfied_callback' } });
          change = { ...change, resolved_at: null, closed_at: null, reopen_count: t.reopen_count + 1 };
        } else {
          extra.push({ type: 'closed', at: now, actorId: actor.userId, data: {} });
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
      case 'transfer': {
        const unit = await unitInTenant(trx, actor, input.unitId, 'unitId');
        if (unit.id === t.unit_id) throw unprocessable('same_unit', 'unitId: the order is already with this unit');
        event.type = 'transferred';
        event.data = { fromUnitId: t.unit_id, toUnitId: unit.id };
        change = { ...change, unit_id: unit.id, unit_path: unit.path, assignee_id: null };
        break;
      }
      case 'return': {
        // Back to the unit that dispatched it (or where it was), for the dispatcher to route again.
        const back = t.dispatched_from_unit_id ?? t.unit_id;
        const unit = await unitInTenant(trx, actor, back, 'unitId');
        event.type = 'returned';
        event.data = { fromUnitId: t.unit_id, toUnitId: unit.id };
        change = { ...change, unit_id: unit.id, unit_path: unit.path, assignee_id: null };
        break;
      }
    }

    const events = [event, ...extra];
    const updated: TicketRow = { ...t, ...change, updated_at: now, event_count: t.event_count + events.length };
    const { tenant_id: _t, id: _i, ...columns } = updated;
    await trx.updateTable('tickets').set(columns).where('tenant_id', '=', t.tenant_id).where('id', '=', t.id).execute();
    await appendEvents(trx, t, t.event_count, events);
    await afterTicketAction(trx, t, updated, input.action);
    return updated;
  });
}
