import { type Actor, requireTenantAdmin } from '../auth/roles.js';

/** The portal's pages speak for the whole tenant: only its administrators edit them. */
export function assertMayEditPortalPages(actor: Actor) {
  requireTenantAdmin(actor, 'Only an administrator of the whole organisation edits the portal pages');
}
