import { z } from 'zod';

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

/** Supervisors audit the whole tenant whatever unit they sit in. */
export const seesWholeTenant = (actor: Actor) => actor.role === 'quality_supervisor';

/** The path prefix a user's queries are limited to; '/' means the whole tenant. */
export const scopePrefix = (actor: Actor) => (seesWholeTenant(actor) ? '/' : actor.unitPath);

export const isInScope = (actor: Actor, unitPath: string) => unitPath.startsWith(scopePrefix(actor));
