import type { Kind } from '../catalog/kinds.js';
import type { TicketRow } from '../db/schema.js';
import { extendForPause, isMissed } from '../sla/deadlines.js';
import type { ActionInput } from './ticket.schema.js';
import { DISSATISFIED_MAX, nextStatus, type Status, type StepAction } from './ticket.state.js';

// The one rule of how a work order moves. Every writer — a user's step, a notice ending, the
// demo loader — computes the change here and records it with tickets/ticket.repo.ts.

/** One entry of an order's history, as it will be appended. */
export type NewEvent = {
  type: string;
  at: Date;
  actorId: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  attachments?: string[];
};

/** The columns of an order the transition reads. */
export type TransitionTicket = Pick<
  TicketRow,
  | 'status'
  | 'kind'
  | 'suspended_from'
  | 'suspended_at'
  | 'unit_id'
  | 'assignee_id'
  | 'dispatched_from_unit_id'
  | 'respond_by'
  | 'arrive_by'
  | 'resolve_by'
  | 'responded_at'
  | 'arrived_at'
  | 'resolved_at'
  | 'late'
  | 'reopen_count'
  | 'hidden_from_path'
  | 'repeat_calls'
>;

/** The columns a step changes; identity and the event count are the repository's. */
export type TicketChanges = Partial<Omit<TicketRow, 'tenant_id' | 'id' | 'event_count'>>;

/** The system step of a notice ending: resolves an open order linked to it. */
export type NoticeResolveInput = { action: 'resolve_by_notice'; noticeId: string; note: string };
export type StepInput = ActionInput | NoticeResolveInput;

export type UnitRef = { id: string; path: string };

/**
 * One step: what is done, by whom (the user, and the unit they act from), when, and — for a
 * step that moves the order to a unit (dispatch, transfer, return) — that unit, looked up by
 * the caller from `destinationUnitId`.
 */
export type Step = {
  input: StepInput;
  actor: { userId: string | null; unitId: string | null };
  at: Date;
  unit?: UnitRef;
  /** The order a merge closes this one into, looked up (and checked visible and open to merging) by the caller. */
  target?: OrderRef;
};

/** Another order named by a step (the one a duplicate is merged into). */
export type OrderRef = { id: string; number: string };

export type Transition = { ok: true; to: Status; changes: TicketChanges; events: NewEvent[] };
export type Refusal = {
  ok: false;
  status: 409 | 422;
  code:
    | 'invalid_transition'
    | 'same_unit'
    | 'answer_required'
    | 'charge_required'
    | 'charge_not_allowed'
    | 'due_not_future'
    | 'reason_required';
  message: string;
};

/**
 * The unit a step sends the order to, which the caller must resolve to `Step.unit`; null for
 * steps that leave the order where it is.
 * @example destinationUnitId(t, { action: 'return', reason: '不属本所' }) // the unit that dispatched it
 */
export function destinationUnitId(t: Pick<TicketRow, 'unit_id' | 'dispatched_from_unit_id'>, input: StepInput): string | null {
  switch (input.action) {
    case 'dispatch':
    case 'transfer':
      return input.unitId;
    case 'return':
      // Back to the unit that dispatched it (or where it was), for the dispatcher to route again.
      return t.dispatched_from_unit_id ?? t.unit_id;
    default:
      return null;
  }
}

/** Marks a milestone, flagging the order late when it came after its deadline; the event says which deadline and whether it was met. */
function milestone(
  late: boolean,
  at: Date,
  deadline: Date | null,
  column: 'responded_at' | 'arrived_at' | 'resolved_at',
  event: NewEvent,
): TicketChanges {
  const missed = isMissed(deadline, at, at);
  event.data = { ...event.data, ...(deadline && { deadline: deadline.toISOString(), late: missed }) };
  return { [column]: at, late: late || missed };
}

/** Leaving a suspension: back to the status it was suspended from, unmet deadlines moved by the pause. */
function resume(t: TransitionTicket, now: Date, event: NewEvent): TicketChanges {
  const pausedMs = now.getTime() - (t.suspended_at ?? now).getTime();
  const d = extendForPause(
    { respondBy: t.respond_by, arriveBy: t.arrive_by, resolveBy: t.resolve_by },
    { respondedAt: t.responded_at, arrivedAt: t.arrived_at, resolvedAt: t.resolved_at },
    pausedMs,
  );
  event.data = { pausedSeconds: Math.round(pausedMs / 1000) };
  return { suspended_from: null, suspended_at: null, respond_by: d.respondBy, arrive_by: d.arriveBy, resolve_by: d.resolveBy };
}

/**
 * The deadline a caller is told on a repeat call: the first clock of the order still running
 * (respond, then arrive, then resolve), or null when every milestone is met or has no deadline.
 * @example nextOpenDeadline({ responded_at: t1, arrived_at: null, arrive_by: t2, … }) // { clock: 'arrive', deadline: t2 }
 */
export function nextOpenDeadline(
  t: Pick<TransitionTicket, 'respond_by' | 'arrive_by' | 'resolve_by' | 'responded_at' | 'arrived_at' | 'resolved_at'>,
): { clock: 'respond' | 'arrive' | 'resolve'; deadline: Date } | null {
  if (t.respond_by && !t.responded_at) return { clock: 'respond', deadline: t.respond_by };
  if (t.arrive_by && !t.arrived_at) return { clock: 'arrive', deadline: t.arrive_by };
  if (t.resolve_by && !t.resolved_at) return { clock: 'resolve', deadline: t.resolve_by };
  return null;
}

const refuse = (t: TransitionTicket, action: StepAction): Refusal => ({
  ok: false,
  status: 409,
  code: 'invalid_transition',
  message: `Cannot ${action} an order that is ${t.status}`,
});

function unitOf(step: Step, expected: string): UnitRef {
  if (!step.unit || step.unit.id !== expected)
    throw new Error(`transition: ${step.input.action} needs unit ${expected} resolved by the caller`);
  return step.unit;
}

/**
 * Computes one step of the work-order loop without touching the database: the columns that
 * change and the events to append, or a refusal when the order's state does not allow it.
 * Role and scope are the policy's (ticket.policy.ts), checked by the caller.
 * @example transition(taken, { input: { action: 'arrive' }, actor, at }) // { ok: true, to: 'on_site', changes: { arrived_at, late, … }, events: [arrived] }
 */
export function transition(t: TransitionTicket, step: Step): Transition | Refusal {
  const { input, at: now } = step;
  const actorId = step.actor.userId;
  const state = { status: t.status as Status, kind: t.kind as Kind, suspendedFrom: t.suspended_from as Status | null };
  const to = nextStatus(input.action, state, input.action === 'callback' ? input.satisfaction : undefined);
  if (!to) return refuse(t, input.action);

  const note = 'note' in input ? (input.note ?? null) : 'reason' in input ? input.reason : null;
  const attachments = 'attachments' in input ? input.attachments : undefined;
  const event: NewEvent = { type: input.action, at: now, actorId, note, data: {}, attachments };
  // Events that come before (a resumption the step implies) and after (a callback's outcome) the step's own.
  const earlier: NewEvent[] = [];
  const extra: NewEvent[] = [];
  let change: TicketChanges = { status: to };
  // Accepting, dispatching or closing at first contact answers the request.
  const respond = () => (t.responded_at ? {} : milestone(t.late, now, t.respond_by, 'responded_at', event));

  switch (input.action) {
    case 'accept':
      event.type = 'accepted';
      change = { ...change, ...respond() };
      break;
    case 'dispatch': {
      const unit = unitOf(step, input.unitId);
      event.type = 'dispatched';
      event.data = { unitId: unit.id, assigneeId: input.assigneeId ?? null };
      change = {
        ...change,
        ...respond(),
        unit_id: unit.id,
        unit_path: unit.path,
        assignee_id: input.assigneeId ?? null,
        dispatched_from_unit_id: step.actor.unitId,
      };
      break;
    }
    case 'take':
      event.type = 'taken';
      change.assignee_id = t.assignee_id ?? actorId;
      break;
    case 'arrive':
      event.type = 'arrived';
      change = { ...change, ...milestone(t.late, now, t.arrive_by, 'arrived_at', event) };
      break;
    case 'resolve':
      event.type = 'resolved';
      change = { ...change, ...milestone(t.late, now, t.resolve_by, 'resolved_at', event) };
      break;
    case 'resolve_by_notice': {
      // A suspended order resumes first (its clocks were paused, so its deadlines move by the
      // pause), and lateness is judged as for an order a crew resumes and resolves.
      let from: TransitionTicket = t;
      if (t.status === 'suspended') {
        const resumed: NewEvent = { type: 'resumed', at: now, actorId, note: null, data: {} };
        const resumedChanges = resume(t, now, resumed);
        from = { ...t, ...resumedChanges };
        change = { ...change, ...resumedChanges };
        earlier.push(resumed);
      }
      event.type = 'resolved';
      event.data = { noticeId: input.noticeId, bulk: true };
      // Resolving answers a request nobody had answered yet; that answer can be late too.
      const respondLate = !from.responded_at && isMissed(from.respond_by, now, now);
      change = {
        ...change,
        ...(!from.responded_at && { responded_at: now }),
        ...milestone(from.late || respondLate, now, from.resolve_by, 'resolved_at', event),
      };
      break;
    }
    case 'callback':
      event.type = 'callback';
      event.data = { satisfaction: input.satisfaction };
      change = { ...change, satisfaction: input.satisfaction, callback_at: now };
      if (input.satisfaction <= DISSATISFIED_MAX) {
        // Dissatisfied: back to the unit that did the work, the resolution no longer stands.
        extra.push({ type: 'reopened', at: now, actorId, note, data: { cause: 'dissatisfied_callback' } });
        change = { ...change, resolved_at: null, closed_at: null, reopen_count: t.reopen_count + 1 };
      } else {
        extra.push({ type: 'closed', at: now, actorId, data: {} });
        change.closed_at = now;
      }
      break;
    case 'close':
      // Closing before resolution is answering the caller on the spot: the answer is the record.
      if (t.status !== 'resolved' && !note?.trim()) {
        return { ok: false, status: 422, code: 'answer_required', message: 'note: the answer given to the caller is required' };
      }
      // Closing a resolved order without calling the household back needs the reason on record
      // (seed 004 blames skipped callbacks for repeat and escalated complaints).
      if (t.status === 'resolved' && !note?.trim()) {
        return { ok: false, status: 422, code: 'reason_required', message: 'note: why the order is closed without a callback is required' };
      }
      event.type = 'closed';
      if (t.status === 'resolved') event.data = { withoutCallback: true };
      change = { ...change, ...respond(), closed_at: now, resolved_at: t.resolved_at ?? now };
      break;
    case 'reopen':
      event.type = 'reopened';
      // A duplicate closed by mistake is worked on again as an order of its own.
      change = { ...change, resolved_at: null, closed_at: null, reopen_count: t.reopen_count + 1, duplicate_of_id: null };
      break;
    case 'suspend':
      event.type = 'suspended';
      change = { ...change, suspended_from: t.status, suspended_at: now };
      break;
    case 'resume':
      event.type = 'resumed';
      change = { ...change, ...resume(t, now, event) };
      break;
    case 'transfer': {
      const unit = unitOf(step, input.unitId);
      if (unit.id === t.unit_id) {
        return { ok: false, status: 422, code: 'same_unit', message: 'unitId: the order is already with this unit' };
      }
      event.type = 'transferred';
      event.data = { fromUnitId: t.unit_id, toUnitId: unit.id };
      change = { ...change, unit_id: unit.id, unit_path: unit.path, assignee_id: null };
      break;
    }
    case 'rule': {
      // 属实 / 部分属实 charge a unit (定责); 不属实 charges nobody.
      const charges = Boolean(input.chargedUnitId || input.chargedUserIds?.length || input.measures?.length);
      if (input.ruling === 'unfounded' && charges) {
        return {
          ok: false,
          status: 422,
          code: 'charge_not_allowed',
          message: 'chargedUnitId: an unfounded complaint charges no unit, person or measure',
        };
      }
      if (input.ruling !== 'unfounded' && !input.chargedUnitId) {
        return { ok: false, status: 422, code: 'charge_required', message: 'chargedUnitId: a verified complaint is charged to a unit' };
      }
      event.type = 'ruled';
      event.data = {
        ruling: input.ruling,
        chargedUnitId: input.chargedUnitId ?? null,
        chargedUserIds: input.chargedUserIds ?? [],
        measures: input.measures ?? [],
      };
      // Once ruled, the complained-about unit may see the case (and must, to rectify it).
      change = { ...change, hidden_from_path: null };
      break;
    }
    case 'repeat_call': {
      // What the caller was told: the state and the deadline now running.
      const next = t.status === 'suspended' || t.status === 'resolved' ? null : nextOpenDeadline(t);
      event.type = 'repeat_call';
      event.data = {
        channel: input.channel,
        status: t.status,
        clock: next?.clock ?? null,
        deadline: next?.deadline.toISOString() ?? null,
        count: t.repeat_calls + 1,
      };
      change = { ...change, repeat_calls: t.repeat_calls + 1 };
      break;
    }
    case 'supervise': {
      // 督办: a supervisor or manager urges the order with a note and a deadline; it stays where it
      // is, and the unit holding it hears of it (a handler of sla/ sends the urging).
      const dueBy = new Date(input.dueBy);
      if (dueBy.getTime() <= now.getTime()) {
        return { ok: false, status: 422, code: 'due_not_future', message: 'dueBy: must lie in the future' };
      }
      event.type = 'supervised';
      event.data = { dueBy: dueBy.toISOString(), unitId: t.unit_id, assigneeId: t.assignee_id };
      break;
    }
    case 'merge': {
      if (!step.target || step.target.id !== input.intoId) throw new Error('transition: merge needs its target resolved by the caller');
      // Closed as a duplicate: the clocks stop, but nothing was resolved here, so the order adds
      // nothing to the resolution figures; the work goes on in the order it was merged into.
      event.type = 'merged';
      event.data = { intoId: step.target.id, intoNumber: step.target.number };
      change = { ...change, closed_at: now, duplicate_of_id: step.target.id };
      break;
    }
    case 'return': {
      const unit = unitOf(step, destinationUnitId(t, input)!);
      event.type = 'returned';
      event.data = { fromUnitId: t.unit_id, toUnitId: unit.id };
      change = { ...change, unit_id: unit.id, unit_path: unit.path, assignee_id: null };
      break;
    }
  }
  return { ok: true, to, changes: { ...change, updated_at: now }, events: [...earlier, event, ...extra] };
}
