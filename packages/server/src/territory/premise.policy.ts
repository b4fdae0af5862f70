import { type Actor, isInScope, type Role, requireRole, scopePrefix, seesWholeTenant, sitsAtRoot } from '../auth/roles.js';
import { fail } from '../shared/errors.js';
import { TERRITORY_WRITERS } from './household.js';

/** True for the roles that keep the household register: administrators and managers. */
export const canWriteTerritory = (actor: Actor) => (TERRITORY_WRITERS as readonly string[]).includes(actor.role);

/**
 * True when the actor may write a premise or node owned by the unit at `unitPath`:
 * a manager keeps the register of their own subtree; records owned by no unit are the group's.
 */
export function canWriteFor(actor: Actor, unitPath: string | null): boolean {
  if (!canWriteTerritory(actor)) return false;
  return unitPath === null ? sitsAtRoot(actor) : isInScope(actor, unitPath);
}

/** Throws 403 unless the actor keeps the register at all. */
export function assertTerritoryWriter(actor: Actor) {
  requireRole(actor, TERRITORY_WRITERS, 'Only an administrator or a manager can change premises, customers and network nodes');
}

/** Throws 403 unless the actor may write records of that unit; `field` names the input that chose it. */
export function assertWritableFor(actor: Actor, unitPath: string | null, field: string) {
  assertTerritoryWriter(actor);
  if (!canWriteFor(actor, unitPath)) {
    fail(
      'unit_out_of_scope',
      unitPath === null
        ? `${field}: only the group may keep records without a responsible unit`
        : `${field}: outside your part of the organisation`,
    );
  }
}

// ---- Reading households (issue 8.2). The matrix is in the README's security section. ----

/** Roles that see a household's contact fields in full wherever they may see the household. */
const FULL_CONTACT_ROLES: readonly Role[] = ['admin', 'company_manager', 'station_manager', 'quality_supervisor', 'field_crew'];

/** Which households the actor may read: a unit subtree, or (field crew) the households of their own orders. */
export type HouseholdReadScope = { kind: 'subtree'; path: string; includeUnowned: boolean } | { kind: 'own_orders'; userId: string };

/**
 * Everyone reads the households of their own part of the organisation (the group's hotline and
 * supervisors: the whole tenant); a crew member only those of the orders assigned to them.
 */
export function householdReadScope(actor: Actor): HouseholdReadScope {
  if (actor.role === 'field_crew') return { kind: 'own_orders', userId: actor.userId };
  return { kind: 'subtree', path: scopePrefix(actor), includeUnowned: seesWholeTenant(actor) };
}

/**
 * Whether contact fields come back in full or masked. Desk staff and dispatchers find a
 * household by address, but see its phones masked and its notes withheld unless they searched
 * by the caller's own number or account — so the register cannot be paged through for phones.
 */
export function contactView(actor: Actor, matchedByNumber: boolean): 'full' | 'masked' {
  return FULL_CONTACT_ROLES.includes(actor.role) || matchedByNumber ? 'full' : 'masked';
}

/** Roles that read a household's message preferences (its e-mail address among them). */
const PREFERENCE_READERS: readonly Role[] = [
  'admin',
  'company_manager',
  'station_manager',
  'hotline_agent',
  'window_clerk',
  'quality_supervisor',
];
/** Roles that record a household's wishes (opt-out, language, e-mail): those who talk to it or keep the register. */
const PREFERENCE_WRITERS: readonly Role[] = ['admin', 'company_manager', 'station_manager', 'hotline_agent', 'window_clerk'];

/** Throws 403 unless the actor reads (or, with `write`, changes) message preferences; the phone's household is checked by the caller. */
export function assertMayHandlePreferences(actor: Actor, write: boolean) {
  if (write) requireRole(actor, PREFERENCE_WRITERS, 'Only desk staff, managers and administrators change message preferences');
  else requireRole(actor, PREFERENCE_READERS, 'Only desk staff, managers, supervisors and administrators read message preferences');
}
