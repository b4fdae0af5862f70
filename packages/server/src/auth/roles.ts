import { z } from 'zod';
import { fail } from '../shared/errors.js';

export const ROLES = [
  'hotline_agent',
  'window_clerk',
  'dispatcher',
  'field_crew',
  'station_manager',
  'company_manager',
  'quality_supervisor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });

/** The signed-in user every use case acts as. */
export type Actor = {
  userId: string;
  tenantId: string;
  role: Role;
  unitId: string;
  /** Materialised path of the user's unit; the user's scope is everything below it. */
  unitPath: string;
  timeZone: string;
};

/** True when the actor sits in the root unit (the group), whose subtree is the whole tenant. */
export const sitsAtRoot = (actor: Pick<Actor, 'unitPath'>) => actor.unitPath.split('/').filter(Boolean).length === 1;

/**
 * The one definition of "sees the whole tenant": supervisors audit every unit wherever they sit,
 * and anyone in the root unit (the group's administrators, hotline, dispatch) has it as their subtree.
 */
export const seesWholeTenant = (actor: Actor) => actor.role === 'quality_supervisor' || sitsAtRoot(actor);

/** Tenant-wide configuration (catalogue, calendars, keys, portal pages, the outbox) is kept by administrators of the whole tenant. */
export const administersTenant = (actor: Actor) => actor.role === 'admin' && seesWholeTenant(actor);

/** The path prefix a user's queries are limited to; '/' means the whole tenant. */
export const scopePrefix = (actor: Actor) => (seesWholeTenant(actor) ? '/' : actor.unitPath);

export const isInScope = (actor: Actor, unitPath: string) => unitPath.startsWith(scopePrefix(actor));

/** Throws 403 `role_not_allowed` with `message` unless the actor's role is one of `roles`. */
export function requireRole(actor: Actor, roles: readonly Role[], message: string) {
  if (!roles.includes(actor.role)) fail('role_not_allowed', message);
}

/** Throws 403 `role_not_allowed` with `message` unless the actor administers the whole tenant. */
export function requireTenantAdmin(actor: Actor, message: string) {
  if (!administersTenant(actor)) fail('role_not_allowed', message);
}
