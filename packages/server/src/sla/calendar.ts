import { zoneOffsetMinutes } from '../shared/time.js';
import type { DayKind } from './holidays-cn.js';

/**
 * A business calendar. Round-the-clock calendars count every minute; working-hours calendars
 * count only the minutes inside `hours` on working days. Working days are the `weekdays`
 * (1 = Monday … 7 = Sunday) minus statutory holidays, plus make-up working days (调休).
 */
export type Calendar = {
  code: string;
  kind: '24x7' | 'working_hours';
  timeZone: string;
  weekdays: number[];
  /** Minutes after local midnight, [start, end) pairs in order. */
  hours: Array<[number, number]>;
  /** Dated exceptions by local date 'YYYY-MM-DD'. */
  days: Map<string, DayKind>;
};

const DAY_MS = 86_400_000;
const MAX_DAYS = 3 * 366;

/** The round-the-clock calendar with the given day exceptions (they matter only for working-day counts). */
export function roundTheClock(timeZone = 'Asia/Shanghai', days: Map<string, DayKind> = new Map()): Calendar {
  return { code: '24x7', kind: '24x7', timeZone, weekdays: [1, 2, 3, 4, 5], hours: [[0, 24 * 60]], days };
}

/** Parses '08:30-12:00,13:30-17:30' into minute pairs; throws on a malformed or unordered list. */
export function parseHours(text: string): Array<[number, number]> {
  const toMin = (hm: string) => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(hm.trim());
    if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new Error(`bad time "${hm}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const out = text.split(',').map((part) => {
    const [a, b] = part.split('-');
    if (a === undefined || b === undefined) throw new Error(`bad range "${part}"`);
    return [toMin(a), toMin(b)] as [number, number];
  });
  out.forEach(([s, e], i) => {
    if (e <= s || e > 24 * 60 || (i > 0 && s < out[i - 1]![1])) throw new Error(`ranges must be increasing and inside a day: "${text}"`);
  });
  return out;
}

/** Formats minute pairs back to '08:30-12:00,13:30-17:30'. */
export function formatHours(hours: Array<[number, number]>): string {
  const f = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return hours.map(([s, e]) => `${f(s)}-${f(e)}`).join(',');
}

// Local wall time is handled as "local milliseconds" (UTC arithmetic on shifted instants).
const toLocal = (d: Date, tz: string) => d.getTime() + zoneOffsetMinutes(d, tz) * 60_000;
function fromLocal(localMs: number, tz: string): Date {
  const guess = new Date(localMs - zoneOffsetMinutes(new Date(localMs), tz) * 60_000);
  return new Date(localMs - zoneOffsetMinutes(guess, tz) * 60_000);
}
const dayKey = (localDayStart: number) => new Date(localDayStart).toISOString().slice(0, 10);
const isoWeekday = (localDayStart: number) => ((new Date(localDayStart).getUTCDay() + 6) % 7) + 1;

/**
 * True when the local date is a working day: a make-up working day always is, a holiday never is,
 * otherwise the weekday decides.
 * @example isWorkingDay(cal, '2026-01-04') // true — a Sunday worked for the New Year break
 */
export function isWorkingDay(cal: Calendar, day: string): boolean {
  const kind = cal.days.get(day);
  if (kind === 'workday') return true;
  if (kind === 'holiday') return false;
  return cal.weekdays.includes(isoWeekday(Date.parse(`${day}T00:00:00Z`)));
}

/** Adds minutes counted on the calendar: plain minutes round the clock, working minutes otherwise. */
export function addCalendarMinutes(cal: Calendar, from: Date, minutes: number): Date {
  if (cal.kind === '24x7') return new Date(from.getTime() + minutes * 60_000);
  const local = toLocal(from, cal.timeZone);
  let dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  let cursor = local;
  let left = minutes * 60_000;
  for (let i = 0; i < MAX_DAYS; i++, dayStart += DAY_MS) {
    if (isWorkingDay(cal, dayKey(dayStart))) {
      for (const [s, e] of cal.hours) {
        const start = Math.max(dayStart + s * 60_000, cursor);
        const end = dayStart + e * 60_000;
        if (start >= end) continue;
        if (left <= end - start && left > 0) return fromLocal(start + left, cal.timeZone);
        if (left === 0) return fromLocal(start, cal.timeZone);
        left -= end - start;
      }
    }
    cursor = dayStart + DAY_MS;
  }
  throw new Error(`calendar ${cal.code} has no working time within ${MAX_DAYS} days`);
}

/**
 * The end of the n-th working day after the day of receipt: "within 3 working days" counts from
 * the next working day, so a request received on any day is due at the close of business of the
 * third working day that follows it (midnight on a round-the-clock calendar).
 * @example addWorkingDays(windowCal, new Date('2026-09-24T02:00:00Z'), 3) // 2026-09-30 17:30 +08:00
 */
export function addWorkingDays(cal: Calendar, from: Date, days: number): Date {
  let dayStart = Math.floor(toLocal(from, cal.timeZone) / DAY_MS) * DAY_MS;
  let counted = 0;
  for (let i = 0; i < MAX_DAYS; i++) {
    dayStart += DAY_MS;
    if (isWorkingDay(cal, dayKey(dayStart)) && ++counted === days) {
      const close = cal.kind === '24x7' ? 24 * 60 : (cal.hours.at(-1)?.[1] ?? 24 * 60);
      return fromLocal(dayStart + close * 60_000, cal.timeZone);
    }
  }
  throw new Error(`calendar ${cal.code} has no ${days} working days within ${MAX_DAYS} days`);
}
