import { type Actor, isInScope, type Role } from '../auth/roles.js';
import type { TicketRow } from '../db/schema.js';
import { type Action, actionsAllowedByState, type StateView } from './ticket.state.js';

const MANAGERS: Role[] = ['station_manager', 'company_manager', 'admin'];

// Which roles may perform each step. Scope (the unit subtree) is checked separately.
const ROLE_ACTIONS: Record<Action, readonly Role[]> = {
  accept: ['hotline_agent', 'window_clerk', 'dispatcher', ...MANAGERS],
  dispatch: ['dispatcher', ...MANAGERS],
  take: ['field_crew', 'dispatcher', ...MANAGERS],
  arrive: ['field_crew', 'dispatcher', ...MANAGERS],
  resolve: ['field_crew', 'dispatcher', 'window_clerk', ...MANAGERS],
  callback: ['hotline_agent', 'window_clerk', 'quality_supervisor', ...MANAGERS],
  close: ['hotline_agent', 'window_clerk', 'dispatcher', 'quality_supervisor', ...MANAGERS],
  reopen: ['hotline_agent', 'window_clerk', 'dispatcher', 'quality_supervisor', ...MANAGERS],
  suspend: ['field_crew', 'dispatcher', ...MANAGERS],
  resume: ['field_crew', 'dispatcher', ...MANAGERS],
  transfer: ['dispatcher', ...MANAGERS],
  return: ['field_crew', 'dispatcher', ...MANAGERS],
  // Quality supervisors, and managers above the charged unit (checked by complaints/ on the unit named).
  rule: ['quality_supervisor', 'station_manager', 'company_manager'],
  repeat_call: ['hotline_agent', 'window_clerk', 'dispatcher', 'quality_supervisor', ...MANAGERS],
  merge: ['dispatcher', ...MANAGERS],
  supervise: ['quality_supervisor', ...MANAGERS],
};

type PolicyTicket = Pick<TicketRow, 'unit_path' | 'assignee_id' | 'first_contact_user_id'> & StateView;

/** A user sees an order inside their subtree, or one they filed or are assigned to. */
export function canView(actor: Actor, t: Pick<TicketRow, 'unit_path' | 'assignee_id' | 'first_contact_user_id'>): boolean {
  return isInScope(actor, t.unit_path) || t.assignee_id === actor.userId || t.first_contact_user_id === actor.userId;
}

/** True when this user may perform the action on this order in its current state. */
export function canPerform(actor: Actor, t: PolicyTicket, action: Action): boolean {
  if (!ROLE_ACTIONS[action].includes(actor.role)) return false;
  // The first-contact owner follows the order to the end: callback, close and reopen stay theirs.
  const ownsFirstContact =
    t.first_contact_user_id === actor.userId && ['callback', 'close', 'reopen', 'accept', 'repeat_call'].includes(action);
  if (!isInScope(actor, t.unit_path) && !ownsFirstContact && t.assignee_id !== actor.userId) return false;
  // Crews act on their own orders, or take an unassigned one of their unit.
  if (actor.role === 'field_crew' && t.assignee_id !== actor.userId && !(action === 'take' && t.assignee_id === null)) {
    return false;
  }
  return true;
}

/** The actions the UI should offer this user on this order. */
export function allowedActions(actor: Actor, t: PolicyTicket): Action[] {
  return actionsAllowedByState(t).filter((a) => canPerform(actor, t, a));
}
