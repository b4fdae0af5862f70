import { type Actor, isInScope, type Role, requireRole, scopePrefix } from '../auth/roles.js';
import { fail } from '../shared/errors.js';

/** Roles that issue, publish and end notices. */
export const NOTICE_ROLES: readonly Role[] = ['dispatcher', 'station_manager', 'company_manager', 'admin'];

/** What the policy needs of a notice: its status and the path of the unit it belongs to. */
export type PolicyNotice = { status: string; unit_path: string };

/** True for the roles that issue notices at all (scope is checked per notice). */
export const issuesNotices = (actor: Actor) => NOTICE_ROLES.includes(actor.role);

/** Throws 403 unless the actor's role issues notices. */
export function assertIssuesNotices(actor: Actor) {
  requireRole(actor, NOTICE_ROLES, 'Only dispatchers, managers and administrators issue notices');
}

/**
 * A notice is seen by the staff of the unit it belongs to and of the units above it; a published
 * notice also by the staff of the units below it, whose households it reaches. Drafts stay with
 * those who may publish them, and with supervisors.
 */
export function canSeeNotice(actor: Actor, n: PolicyNotice): boolean {
  const inScope = isInScope(actor, n.unit_path);
  if (n.status === 'draft') return inScope && (issuesNotices(actor) || actor.role === 'quality_supervisor');
  return inScope || actor.unitPath.startsWith(n.unit_path);
}

/** True when the actor may publish or end this notice: an issuing role whose scope holds the notice's unit. */
export const canManageNotice = (actor: Actor, n: PolicyNotice) => issuesNotices(actor) && isInScope(actor, n.unit_path);

/** Throws 403 unless the actor may publish or end this notice. */
export function assertManagesNotice(actor: Actor, n: PolicyNotice) {
  assertIssuesNotices(actor);
  if (!isInScope(actor, n.unit_path)) fail('unit_out_of_scope', 'This notice belongs to another part of the organisation');
}

/** Throws 403 naming `field` unless a record of the unit at `unitPath` (null: the group's) lies in the notice unit's subtree. */
export function assertTargetWithin(noticeUnitPath: string, unitPath: string | null, field: string) {
  if (unitPath === null ? noticeUnitPath.split('/').filter(Boolean).length !== 1 : !unitPath.startsWith(noticeUnitPath)) {
    fail('unit_out_of_scope', `${field}: outside the notice's part of the organisation`);
  }
}

/**
 * The subtree whose orders ending a notice may resolve: those the actor may act on. Dispatchers and
 * managers act on orders inside their subtree, so the actor's scope is the limit.
 */
export const resolvableScope = (actor: Actor) => scopePrefix(actor);
