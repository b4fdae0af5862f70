import { type Actor, requireTenantAdmin } from '../auth/roles.js';

/** The outbox holds every household's phone and e-mail: only administrators of the whole tenant read it or retry from it. */
export function assertMayManageOutbox(actor: Actor) {
  requireTenantAdmin(actor, 'Only an administrator of the whole organisation reads the outbox and retries messages');
}
