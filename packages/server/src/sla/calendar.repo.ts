import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { type Calendar, parseHours, roundTheClock } from './calendar.js';
import { computeDeadlines, type Deadlines, type Targets } from './deadlines.js';
import { type DayKind, shippedCalendarDays } from './holidays-cn.js';

export type CalendarRow = Selectable<DB['calendars']>;

/** Gives a tenant the round-the-clock and working-hours calendars and the shipped holiday schedule. */
export async function installCalendars(db: Kysely<DB>, tenantId: string) {
  await db
    .insertInto('calendars')
    .values([
      { tenant_id: tenantId, code: '24x7', name: '全天候', kind: '24x7' },
      { tenant_id: tenantId, code: 'working-hours', name: '工作时间', kind: 'working_hours' },
    ])
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .execute();
  await db
    .insertInto('calendar_days')
    .values(shippedCalendarDays().map((d) => ({ tenant_id: tenantId, day: d.day, kind: d.kind, name: d.name })))
    .onConflict((oc) => oc.columns(['tenant_id', 'day']).doNothing())
    .execute();
}

/** The tenant's dated exceptions as a map by 'YYYY-MM-DD'. */
export async function loadCalendarDays(db: Kysely<DB>, tenantId: string): Promise<Map<string, DayKind>> {
  const rows = await db
    .selectFrom('calendar_days')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(rows.map((r) => [r.day, r.kind as DayKind]));
}

/** A tenant's calendar by code; an unknown code falls back to round the clock. */
export async function loadCalendar(db: Kysely<DB>, tenantId: string, code: string, timeZone: string): Promise<Calendar> {
  const days = await loadCalendarDays(db, tenantId);
  const row = await db.selectFrom('calendars').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
  return calendarOf(row, days, code, timeZone);
}

/** A calendar from its row (undefined: round the clock) and the tenant's dated exceptions. */
export function calendarOf(row: CalendarRow | undefined, days: Map<string, DayKind>, code: string, timeZone: string): Calendar {
  if (!row || row.kind === '24x7') return { ...roundTheClock(timeZone, days), code };
  return { code, kind: 'working_hours', timeZone, weekdays: row.weekdays.map(Number), hours: parseHours(row.hours), days };
}

/** Whether deadlines for these targets depend on a calendar other than round the clock. */
export const needsCalendar = (targets: Targets | null): targets is Targets =>
  !!targets &&
  ((!!targets.calendarCode && targets.calendarCode !== '24x7') ||
    targets.respondWorkingDays != null ||
    targets.arriveWorkingDays != null ||
    targets.resolveWorkingDays != null);

/** Deadlines of a new order on the commitment's own calendar, in the tenant's time zone. */
export async function deadlinesFor(
  db: Kysely<DB>,
  tenant: { id: string; timeZone: string },
  targets: Targets | null,
  receivedAt: Date,
): Promise<Deadlines> {
  if (!needsCalendar(targets)) return computeDeadlines(targets, receivedAt);
  return computeDeadlines(targets, receivedAt, await loadCalendar(db, tenant.id, targets.calendarCode ?? '24x7', tenant.timeZone));
}
