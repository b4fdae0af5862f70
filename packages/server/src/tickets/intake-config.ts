import { type Kysely, sql } from 'kysely';
import { pickCommitment, targetsOf } from '../catalog/catalog.repo.js';
import type { Category, Commitment, DB } from '../db/schema.js';
import type { Calendar } from '../sla/calendar.js';
import { type CalendarRow, calendarOf, loadCalendarDays, needsCalendar } from '../sla/calendar.repo.js';
import { computeDeadlines, type Deadlines } from '../sla/deadlines.js';

/**
 * What an intake needs of a tenant's configuration, kept in this process. Every write to the
 * catalogue, the commitments, the calendars or the tenant row bumps tenants.config_version in its
 * own transaction (triggers of migration 0052), and each intake reads that counter in the
 * statement it runs anyway, so a copy is used only while it is current — also when another API
 * process made the change.
 */
export type TenantConfig = {
  version: string;
  ticketPrefix: string;
  repeatWindowDays: number;
  /** The SLA handler's settings (sla/timer-rules SlaSettings) and the organisation's name. */
  sla: { warnShare: number; escalateMinutes: number; orgName: string };
  categories: Map<string, Category>;
  commitments: Map<string, Commitment[]>;
  calendars: Map<string, CalendarRow>;
  days: Awaited<ReturnType<typeof loadCalendarDays>>;
};

const cache = new Map<string, TenantConfig>();

/** Reads a tenant's configuration from the database (about five statements) and keeps it. */
export async function loadTenantConfig(db: Kysely<DB>, tenantId: string): Promise<TenantConfig> {
  // The version is read first: a change committed while the rest is read makes the copy look
  // older than it is, so it is reloaded once more, never kept when stale.
  const tenant = await db
    .selectFrom('tenants')
    .select([
      'name',
      'ticket_prefix',
      'repeat_window_days',
      'sla_warn_share',
      'sla_escalate_minutes',
      sql<string>`config_version::text`.as('version'),
    ])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const [categories, commitments, calendars, days] = await Promise.all([
    db.selectFrom('categories').selectAll().where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('commitments').selectAll().where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('calendars').selectAll().where('tenant_id', '=', tenantId).execute(),
    loadCalendarDays(db, tenantId),
  ]);
  const byCategory = new Map<string, Commitment[]>();
  for (const c of commitments) byCategory.set(c.category_id, [...(byCategory.get(c.category_id) ?? []), c]);
  const config: TenantConfig = {
    version: tenant.version,
    ticketPrefix: tenant.ticket_prefix,
    repeatWindowDays: tenant.repeat_window_days,
    sla: { warnShare: Number(tenant.sla_warn_share), escalateMinutes: tenant.sla_escalate_minutes, orgName: tenant.name },
    categories: new Map(categories.map((c) => [c.code, c])),
    commitments: byCategory,
    calendars: new Map(calendars.map((c) => [c.code, c])),
    days,
  };
  cache.set(tenantId, config);
  return config;
}

/** The kept copy, whatever its version (the caller compares it with the database's). */
export const cachedTenantConfig = (tenantId: string): TenantConfig | undefined => cache.get(tenantId);

/** Forgets every kept copy (tests). */
export const clearTenantConfigCache = () => cache.clear();

/** Deadlines of a new order from the kept commitments and calendars, as `deadlinesFor` computes them. */
export function intakeDeadlines(
  config: TenantConfig,
  categoryId: string,
  priority: string,
  areaTier: string,
  receivedAt: Date,
  timeZone: string,
): Deadlines {
  const targets = targetsOf(pickCommitment(config.commitments.get(categoryId) ?? [], priority, areaTier));
  if (!needsCalendar(targets)) return computeDeadlines(targets, receivedAt);
  const code = targets.calendarCode ?? '24x7';
  const calendar: Calendar = calendarOf(config.calendars.get(code), config.days, code, timeZone);
  return computeDeadlines(targets, receivedAt, calendar);
}
