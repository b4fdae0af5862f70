import { type Actor, requireTenantAdmin } from '../auth/roles.js';

/** The catalogue (kinds, categories, commitments) is the whole tenant's: only its administrators edit it. */
export function assertMayEditCatalog(actor: Actor) {
  requireTenantAdmin(actor, 'Only an administrator of the whole organisation edits the catalogue');
}
