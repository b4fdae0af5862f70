import { type Actor, requireTenantAdmin } from '../auth/roles.js';

/** Clock settings and calendars apply to every unit: only administrators of the whole tenant change them. */
export function assertMayEditSlaConfig(actor: Actor) {
  requireTenantAdmin(actor, 'Only an administrator of the whole organisation changes clock settings and calendars');
}
