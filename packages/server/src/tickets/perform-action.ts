import type { Kysely } from 'kysely';
import { type Actor, isInScope } from '../auth/roles.js';
import type { Kind } from '../catalog/kinds.js';
import type { DB, TicketRow } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../shared/errors.js';
import { ticketHandlers } from './ticket.handlers.js';
import { canPerform } from './ticket.policy.js';
import { findVisibleTicket, recordChange, recordStep } from './ticket.repo.js';
import type { ActionInput } from './ticket.schema.js';
import { nextStatus, type Status } from './ticket.state.js';
import { destinationUnitId, transition } from './ticket.transition.js';

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

/** The order a duplicate is merged into: another order the actor sees, not itself a duplicate; locked with it. */
async function mergeTarget(db: Kysely<DB>, actor: Actor, t: TicketRow, intoId: string): Promise<TicketRow> {
  if (intoId === t.id) throw unprocessable('merge_into_itself', 'intoId: an order cannot be merged into itself');
  const into = await findVisibleTicket(db, actor, intoId, true);
  if (!into) throw unprocessable('unknown_order', 'intoId: no such order in your part of the organisation');
  if (into.duplicate_of_id) {
    throw unprocessable('merge_into_duplicate', `intoId: ${into.number} is itself a duplicate; merge into the order it was merged into`);
  }
  return into;
}

/**
 * Performs one step of the work-order loop inside a transaction: checks state, role and scope,
 * computes the step with `transition` and records it (handlers of other modules run with it).
 */
export async function performAction(ctx: Ctx, ticketId: string, input: ActionInput): Promise<TicketRow> {
  return ctx.db.transaction().execute((trx) => performActionIn(trx, ctx, ticketId, input));
}

/**
 * The same step inside the caller's transaction, for a module whose own rows must commit with it
 * (a new escalation of a complaint reopens the order together with the escalation's record).
 */
export async function performActionIn(trx: Kysely<DB>, ctx: Ctx, ticketId: string, input: ActionInput): Promise<TicketRow> {
  const { actor } = ctx;
  const t = await findVisibleTicket(trx, actor, ticketId, true);
  if (!t) throw notFound('Ticket');
  const state = { status: t.status as Status, kind: t.kind as Kind, suspendedFrom: t.suspended_from as Status | null };
  if (!nextStatus(input.action, state, input.action === 'callback' ? input.satisfaction : undefined)) {
    throw conflict('invalid_transition', `Cannot ${input.action} an order that is ${t.status}`);
  }
  if (!canPerform(actor, { ...t, ...state }, input.action)) {
    throw forbidden('action_not_allowed', `Your role or unit may not ${input.action} this order`);
  }

  const now = ctx.clock.now();
  for (const h of ticketHandlers()) await h.guard?.(trx, { actor, ticket: t, input, now });
  const destination = destinationUnitId(t, input);
  const unit = destination ? await unitInTenant(trx, actor, destination, 'unitId') : undefined;
  if (input.action === 'dispatch' && unit) {
    if (!isInScope(actor, unit.path)) throw forbidden('unit_out_of_scope', 'unitId: outside your part of the organisation');
    if (input.assigneeId) await assigneeInUnit(trx, actor, input.assigneeId, unit.path);
  }
  const into = input.action === 'merge' ? await mergeTarget(trx, actor, t, input.intoId) : undefined;
  const outcome = transition(t, { input, actor, at: now, ...(unit && { unit }), ...(into && { target: into }) });
  if (!outcome.ok) throw new AppError(outcome.status, outcome.code, outcome.message);
  const after = await recordStep(trx, t, input.action, outcome);
  if (into) {
    // The link kept the other way: the order merged into hears of the duplicate, counted as one more call.
    await recordChange(trx, into, { repeat_calls: into.repeat_calls + 1, updated_at: now }, [
      {
        type: 'merge_received',
        at: now,
        actorId: actor.userId,
        note: 'note' in input ? (input.note ?? null) : null,
        data: { fromId: t.id, fromNumber: t.number },
      },
    ]);
  }
  return after;
}
