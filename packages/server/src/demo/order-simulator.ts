import type { TicketRow } from '../db/schema.js';
import type { ActionInput } from '../tickets/ticket.schema.js';
import { destinationUnitId, type NewEvent, transition } from '../tickets/ticket.transition.js';

// The demo writes a season of orders in bulk instead of driving each step through
// performAction (thousands of transactions), but computes every step with the same pure
// transition; it skips the checks of role and scope, which the demo's choice of actors
// satisfies. test/demo/demo-tenant.test.ts replays the stored histories through the real use
// cases to prove the two agree.

/** One step of an order's life: who did what, when. */
export type SimStep = { at: Date; actorId: string; actorUnitId: string; input: ActionInput };

/** The path of a unit by id (the demo knows all of them). */
export type UnitPaths = (unitId: string) => string;

/**
 * Applies one step to an order through the work-order transition, as performAction would: the
 * new row and the events to append. Throws when the order's state does not allow the step (a
 * bug in the demo's plan).
 */
export function applyStep(t: TicketRow, step: SimStep, unitPath: UnitPaths): { ticket: TicketRow; events: NewEvent[] } {
  const { input } = step;
  const destination = destinationUnitId(t, input);
  const outcome = transition(t, {
    input,
    actor: { userId: step.actorId, unitId: step.actorUnitId },
    at: step.at,
    ...(destination && { unit: { id: destination, path: unitPath(destination) } }),
  });
  if (!outcome.ok) throw new Error(`demo plan: cannot ${input.action} an order that is ${t.status}`);
  const events = outcome.events.map((e) => ({ ...e, note: e.note ?? null, attachments: e.attachments ?? [] }));
  return { ticket: { ...t, ...outcome.changes, event_count: t.event_count + events.length }, events };
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
