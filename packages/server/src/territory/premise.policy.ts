import { type Actor, isInScope, requireRole, sitsAtRoot } from '../auth/roles.js';
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
