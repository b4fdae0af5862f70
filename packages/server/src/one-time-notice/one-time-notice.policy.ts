import { type Actor, type Role, requireRole } from '../auth/roles.js';

/** Desk staff and managers tell a resident at once every missing material (一次性告知). */
export const ONE_TIME_NOTICE_ISSUERS: readonly Role[] = ['window_clerk', 'hotline_agent', 'station_manager', 'company_manager', 'admin'];

/** Throws 403 unless the actor issues one-time notices; the order itself must be visible (checked by the caller). */
export function assertMayIssueOneTimeNotice(actor: Actor) {
  requireRole(actor, ONE_TIME_NOTICE_ISSUERS, 'Only desk staff issue a one-time notice');
}
