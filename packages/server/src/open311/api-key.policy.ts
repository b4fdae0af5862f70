import { type Actor, requireTenantAdmin } from '../auth/roles.js';

/** An Open311 key files orders for the whole tenant, so only its administrators issue, list or revoke keys. */
export function assertMayManageApiKeys(actor: Actor) {
  requireTenantAdmin(actor, 'Only an administrator of the whole organisation manages Open311 API keys');
}
