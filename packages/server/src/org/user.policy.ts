import { type Actor, isInScope, requireRole } from '../auth/roles.js';
import { fail } from '../shared/errors.js';

/**
 * Names the platform keeps for its own accounts: the portal and Open311 intake file orders as
 * `system-portal-<tenant>` and `system-open311-<tenant>`, so no administrator may take one.
 */
export const isReservedUsername = (username: string) => username.startsWith('system-');

/** Administrators add staff, in units inside their own part of the organisation, under names that are not reserved. */
export function assertMayAddUser(actor: Actor, unitPath: string, username: string) {
  requireRole(actor, ['admin'], 'Only an administrator can add users');
  if (!isInScope(actor, unitPath)) fail('unit_out_of_scope', 'unitId: outside your part of the organisation');
  if (isReservedUsername(username)) fail('reserved_username', 'username: names beginning with "system-" are reserved for system accounts');
}

/** Administrators disable staff of their own part of the organisation. */
export function assertMayDisableUser(actor: Actor) {
  requireRole(actor, ['admin'], 'Only an administrator can disable users');
}
