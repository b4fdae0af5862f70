import { type Actor, isInScope, requireRole } from '../auth/roles.js';
import { fail } from '../shared/errors.js';

/** Administrators shape the organisation tree, below units inside their own part of it. */
export function assertMayAddUnit(actor: Actor, parentPath: string) {
  requireRole(actor, ['admin'], 'Only an administrator can add units');
  if (!isInScope(actor, parentPath)) fail('unit_out_of_scope', 'parentId: outside your part of the organisation');
}
