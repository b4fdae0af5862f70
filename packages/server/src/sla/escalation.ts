import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { enqueueMessages } from '../notify/outbox.repo.js';
import { CLOCK_ZH } from '../notify/templates.js';
import type { ClockName } from './timer-rules.js';

const LEVEL_UNIT_KIND = { 1: 'station', 2: 'company', 3: 'group' } as const;
const LEVEL_ROLES: Record<number, Role[]> = { 1: ['station_manager'], 2: ['company_manager'], 3: ['company_manager', 'admin'] };

/**
 * The unit an urging of this level goes to: the station, company or group above the order's unit.
 * When the order sits above that kind of unit (e.g. at a company), the next level up takes it.
 */
export async function urgingTarget(db: Kysely<DB>, tenantId: string, unitPath: string, level: number) {
  const ids = unitPath.split('/').filter(Boolean);
  const units = await db.selectFrom('units').select(['id', 'kind']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  for (let l = level; l <= 3; l++) {
    const kind = LEVEL_UNIT_KIND[l as 1 | 2 | 3];
    const unit = units.find((u) => u.kind === kind);
    if (unit) return { level: l, unitId: unit.id };
  }
  return { level, unitId: ids[0]! };
}

type UrgeInput = { tenantId: string; ticketId: string; ticketNumber: string; unitPath: string; clock: ClockName; level: number; at: Date };

/**
 * Creates an urging notice (催办) for the managers of a unit: the urging row they must acknowledge,
 * an in-app notification each, and an SMS to each one with a phone — all in the caller's transaction.
 */
export async function createUrging(db: Kysely<DB>, input: UrgeInput) {
  const target = await urgingTarget(db, input.tenantId, input.unitPath, input.level);
  const id = randomUUID();
  await db
    .insertInto('urgings')
    .values({
      tenant_id: input.tenantId,
      id,
      ticket_id: input.ticketId,
      clock: input.clock,
      level: target.level,
      unit_id: target.unitId,
      created_at: input.at,
    })
    .execute();
  const recipients = await db
    .selectFrom('users')
    .select(['id', 'phone'])
    .where('tenant_id', '=', input.tenantId)
    .where('unit_id', '=', target.unitId)
    .where('role', 'in', LEVEL_ROLES[target.level]!)
    .where('disabled_at', 'is', null)
    .execute();
  const params = { number: input.ticketNumber, clock: input.clock, clockZh: CLOCK_ZH[input.clock] ?? input.clock, level: target.level };
  if (recipients.length) {
    await db
      .insertInto('staff_notifications')
      .values(
        recipients.map((r) => ({
          tenant_id: input.tenantId,
          id: randomUUID(),
          user_id: r.id,
          kind: 'urging',
          title: `催办：工单${input.ticketNumber}${params.clockZh}超时`,
          body: `Order ${input.ticketNumber} missed its ${input.clock} deadline; acknowledge the urging (level ${target.level}).`,
          ticket_id: input.ticketId,
          urging_id: id,
          created_at: input.at,
        })),
      )
      .execute();
  }
  await enqueueMessages(
    db,
    recipients
      .filter((r) => r.phone)
      .map((r) => ({
        tenantId: input.tenantId,
        template: 'urging_notice' as const,
        recipient: r.phone!,
        params,
        dedupKey: `urging:${id}:${r.id}`,
        ticketId: input.ticketId,
        at: input.at,
      })),
  );
  return { id, level: target.level, unitId: target.unitId, recipients: recipients.map((r) => r.id) };
}

/** Roles that can act on an order where it is held: those who route it, manage the unit, or work it. */
const SUPERVISION_ROLES: Role[] = ['dispatcher', 'station_manager', 'company_manager', 'field_crew', 'admin'];

type SupervisionInput = {
  tenantId: string;
  ticketId: string;
  ticketNumber: string;
  unitId: string;
  assigneeId: string | null;
  createdBy: string;
  request: string;
  dueBy: Date;
  at: Date;
};

/**
 * Sends a supervisor's urging (督办) to the unit holding the order: the urging row its people
 * acknowledge, and an in-app notification to each of them who can act on it (and to the crew
 * member assigned, wherever they sit) — in the caller's transaction.
 */
export async function createSupervision(db: Kysely<DB>, input: SupervisionInput) {
  const id = randomUUID();
  await db
    .insertInto('urgings')
    .values({
      tenant_id: input.tenantId,
      id,
      ticket_id: input.ticketId,
      clock: 'supervision',
      kind: 'supervision',
      level: 1,
      unit_id: input.unitId,
      created_at: input.at,
      due_by: input.dueBy,
      created_by: input.createdBy,
      request: input.request,
    })
    .execute();
  const recipients = await db
    .selectFrom('users')
    .select(['id'])
    .where('tenant_id', '=', input.tenantId)
    .where('disabled_at', 'is', null)
    .where('id', '!=', input.createdBy)
    .where((eb) =>
      eb.or([
        eb.and([eb('unit_id', '=', input.unitId), eb('role', 'in', SUPERVISION_ROLES)]),
        ...(input.assigneeId ? [eb('id', '=', input.assigneeId)] : []),
      ]),
    )
    .execute();
  if (recipients.length) {
    await db
      .insertInto('staff_notifications')
      .values(
        recipients.map((r) => ({
          tenant_id: input.tenantId,
          id: randomUUID(),
          user_id: r.id,
          kind: 'supervision',
          title: `督办：工单${input.ticketNumber}`,
          body: input.request,
          ticket_id: input.ticketId,
          urging_id: id,
          created_at: input.at,
        })),
      )
      .execute();
  }
  return { id, recipients: recipients.map((r) => r.id) };
}
