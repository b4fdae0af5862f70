import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Category, Commitment, DB } from '../db/schema.js';
import { fail } from '../shared/errors.js';
import type { Targets } from '../sla/deadlines.js';

export function listCategories(db: Kysely<DB>, tenantId: string) {
  return db.selectFrom('categories').selectAll().where('tenant_id', '=', tenantId).orderBy('kind').orderBy('code').execute();
}

export function listCommitments(db: Kysely<DB>, tenantId: string) {
  return db.selectFrom('commitments').selectAll().where('tenant_id', '=', tenantId).execute();
}

/** The active category with this code, or a 422 naming the field. */
export async function getActiveCategory(db: Kysely<DB>, tenantId: string, code: string): Promise<Category> {
  const c = await db
    .selectFrom('categories')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!c) fail('unknown_category', `categoryCode: no active category "${code}"`);
  return c;
}

/**
 * The most specific commitment for a priority and area tier: an exact match beats a
 * wildcard, and priority is more specific than area tier.
 */
export function pickCommitment(rows: Commitment[], priority: string, areaTier: string): Commitment | null {
  const score = (c: Commitment) =>
    (c.priority === priority ? 2 : c.priority === '*' ? 0 : -10) + (c.area_tier === areaTier ? 1 : c.area_tier === '*' ? 0 : -10);
  const ranked = rows.map((c) => [score(c), c] as const).filter(([s]) => s >= 0);
  ranked.sort((a, b) => b[0] - a[0]);
  return ranked[0]?.[1] ?? null;
}

/** The targets that apply to a new order, or null when the category promises nothing. */
export async function findTargets(
  db: Kysely<DB>,
  tenantId: string,
  categoryId: string,
  priority: string,
  areaTier: string,
): Promise<Targets | null> {
  const rows = await db
    .selectFrom('commitments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('category_id', '=', categoryId)
    .execute();
  return targetsOf(pickCommitment(rows, priority, areaTier));
}

/** A commitment's targets, or null for no commitment. */
export function targetsOf(c: Commitment | null): Targets | null {
  return c
    ? {
        respondMinutes: c.respond_minutes,
        arriveMinutes: c.arrive_minutes,
        resolveMinutes: c.resolve_minutes,
        respondWorkingDays: c.respond_working_days,
        arriveWorkingDays: c.arrive_working_days,
        resolveWorkingDays: c.resolve_working_days,
        calendarCode: c.calendar_code,
      }
    : null;
}

export type CategoryInput = {
  code: string;
  kind: Category['kind'];
  name: string;
  nameEn?: string;
  defaultPriority: Category['default_priority'];
  routingUnitId?: string | null;
  emergency?: boolean;
  active?: boolean;
};

/** Creates or updates a category by its code. */
export async function upsertCategory(db: Kysely<DB>, tenantId: string, input: CategoryInput) {
  const values = {
    kind: input.kind,
    name: input.name,
    name_en: input.nameEn ?? '',
    default_priority: input.defaultPriority,
    routing_unit_id: input.routingUnitId ?? null,
    emergency: input.emergency ?? false,
    active: input.active ?? true,
  };
  await db
    .insertInto('categories')
    .values({ tenant_id: tenantId, id: randomUUID(), code: input.code, ...values })
    .onConflict((oc) => oc.constraint('category_code_unique').doUpdateSet(values))
    .execute();
}

export type CommitmentInput = {
  priority: Commitment['priority'];
  areaTier: Commitment['area_tier'];
  respondMinutes: number | null;
  arriveMinutes: number | null;
  resolveMinutes: number | null;
  calendarCode?: string;
  respondWorkingDays?: number | null;
  arriveWorkingDays?: number | null;
  resolveWorkingDays?: number | null;
};

/** Replaces all commitments of a category in one transaction. Orders already filed keep their deadlines. */
export async function replaceCommitments(db: Kysely<DB>, tenantId: string, categoryId: string, rows: CommitmentInput[]) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('commitments').where('tenant_id', '=', tenantId).where('category_id', '=', categoryId).execute();
    if (rows.length === 0) return;
    await trx
      .insertInto('commitments')
      .values(
        rows.map((r) => ({
          tenant_id: tenantId,
          id: randomUUID(),
          category_id: categoryId,
          priority: r.priority,
          area_tier: r.areaTier,
          respond_minutes: r.respondMinutes,
          arrive_minutes: r.arriveMinutes,
          resolve_minutes: r.resolveMinutes,
          calendar_code: r.calendarCode ?? '24x7',
          respond_working_days: r.respondWorkingDays ?? null,
          arrive_working_days: r.arriveWorkingDays ?? null,
          resolve_working_days: r.resolveWorkingDays ?? null,
        })),
      )
      .execute();
  });
}
