import { ANSWERABLE_KINDS, type Kind } from '../catalog/kinds.js';

export const STATUSES = ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'resolved', 'suspended', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const ACTIONS = [
  'accept',
  'dispatch',
  'take',
  'arrive',
  'resolve',
  'callback',
  'close',
  'reopen',
  'suspend',
  'resume',
  'transfer',
  'return',
  'rule',
  'repeat_call',
  'merge',
  'supervise',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Steps taken by the system, not offered to users: ending an outage notice resolves the orders
 * linked to it (the cause is gone), from any open status; a suspended order resumes first.
 */
export const SYSTEM_ACTIONS = ['resolve_by_notice'] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];
/** Every step the transition knows: the users' actions and the system's. */
export type StepAction = Action | SystemAction;

/** The five levels of GB/T 39734, 5 = very satisfied. */
export const SATISFACTION_LEVELS = [1, 2, 3, 4, 5] as const;
/** A callback at or below this level reopens the order. */
export const DISSATISFIED_MAX = 2;
/** A callback at or above this level counts as satisfied in the satisfaction rate. */
export const SATISFIED_MIN = 4;

/** Statuses of an order still being worked on: a repeat call joins it, a duplicate may be closed. */
export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => s !== 'closed');

const FROM: Record<Exclude<StepAction, 'resume' | 'callback' | 'repeat_call' | 'supervise'>, readonly Status[]> = {
  accept: ['new'],
  dispatch: ['new', 'accepted', 'dispatched'],
  take: ['dispatched'],
  arrive: ['taken'],
  resolve: ['taken', 'on_site'],
  close: ['resolved', 'new', 'accepted'],
  reopen: ['resolved', 'closed'],
  suspend: ['accepted', 'dispatched', 'taken', 'on_site'],
  transfer: ['new', 'accepted', 'dispatched', 'taken'],
  return: ['dispatched', 'taken'],
  resolve_by_notice: ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'suspended'],
  // A complaint is ruled while it is being handled, before it is resolved; ruling again (after
  // further investigation or a new escalation) replaces the earlier ruling.
  rule: ['accepted', 'dispatched', 'taken', 'on_site'],
  merge: OPEN_STATUSES,
};

export type StateView = { status: Status; kind: Kind; suspendedFrom: Status | null };

/**
 * The status an action leads to, or null when the order's state does not allow it.
 * A callback's outcome depends on the satisfaction given.
 * @example nextStatus('take', { status: 'dispatched', kind: 'repair', suspendedFrom: null }) // 'taken'
 */
export function nextStatus(action: StepAction, t: StateView, satisfaction?: number): Status | null {
  switch (action) {
    case 'resume':
      return t.status === 'suspended' ? (t.suspendedFrom ?? 'accepted') : null;
    case 'callback':
      if (t.status !== 'resolved') return null;
      return satisfaction !== undefined && satisfaction <= DISSATISFIED_MAX ? 'dispatched' : 'closed';
    case 'rule':
      // The ruling (定性) is a complaint's alone and leaves the order where it is.
      return t.kind === 'complaint' && FROM.rule.includes(t.status) ? t.status : null;
    case 'repeat_call':
      // The household calls again about an open order: it stays where it is, one call more.
      return t.status === 'closed' ? null : t.status;
    case 'supervise':
      // A supervisor urges (督办) any order not yet closed; it stays where it is.
      return t.status === 'closed' ? null : t.status;
    case 'close':
      // Only desk requests may be closed before resolution: answered on the spot at first contact.
      if ((t.status === 'new' || t.status === 'accepted') && !ANSWERABLE_KINDS.includes(t.kind)) return null;
      return FROM.close.includes(t.status) ? 'closed' : null;
    default: {
      if (!FROM[action].includes(t.status)) return null;
      const to: Record<typeof action, Status> = {
        accept: 'accepted',
        dispatch: 'dispatched',
        take: 'taken',
        arrive: 'on_site',
        resolve: 'resolved',
        reopen: 'dispatched',
        suspend: 'suspended',
        transfer: 'dispatched',
        return: 'accepted',
        resolve_by_notice: 'resolved',
        merge: 'closed',
      };
      return to[action];
    }
  }
}

/** Every action the state allows (role and scope are checked by the policy). */
export function actionsAllowedByState(t: StateView): Action[] {
  return ACTIONS.filter((a) => nextStatus(a, t, 5) !== null);
}
