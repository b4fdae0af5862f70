import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarMinutes, addWorkingDays, type Calendar, isWorkingDay, parseHours, roundTheClock } from './calendar.js';
import type { DayKind } from './holidays-cn.js';
import { shippedCalendarDays } from './holidays-cn.js';

// Properties of the working-time arithmetic, checked against a slow oracle that walks the
// calendar minute by minute (Asia/Shanghai has no daylight saving, so local time is UTC+8).
const SHANGHAI_MS = 8 * 3_600_000;
const shipped = new Map(shippedCalendarDays().map((d) => [d.day, d.kind] as const));
const localDay = (ms: number) => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
const localMinute = (ms: number) => Math.floor(((ms + SHANGHAI_MS) % 86_400_000) / 60_000);

/** Working hours: one to three ordered ranges inside a day. */
const hoursArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 24 * 4 }), { minLength: 2, maxLength: 6 })
  .map((qs) => qs.sort((a, b) => a - b))
  .filter((qs) => qs.length % 2 === 0)
  .map((qs) => {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < qs.length; i += 2) out.push([qs[i]! * 15, qs[i + 1]! * 15]);
    return out;
  });
const calendarArb: fc.Arbitrary<Calendar> = fc.record({
  code: fc.constant('prop'),
  kind: fc.constant('working_hours' as const),
  timeZone: fc.constant('Asia/Shanghai'),
  weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  hours: hoursArb,
  days: fc.oneof(
    fc.constant(shipped),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom<DayKind>('holiday', 'workday')), { maxLength: 10 })
      .map((xs) => new Map(xs.map(([d, k]) => [localDay(Date.UTC(2026, 10, 1) + d * 86_400_000), k] as const))),
  ),
});
const office: Calendar = {
  code: 'office',
  kind: 'working_hours',
  timeZone: 'Asia/Shanghai',
  weekdays: [1, 2, 3, 4, 5],
  hours: parseHours('08:30-12:00,13:30-17:30'),
  days: shipped,
};
/** Whole minutes between October 2025 and the end of 2026, the range the shipped holidays cover. */
const instantArb = fc.integer({ min: Date.UTC(2025, 9, 1) / 60_000, max: Date.UTC(2026, 11, 1) / 60_000 }).map((m) => new Date(m * 60_000));

/** Enough working time that the minutes fit well inside the three years the arithmetic searches. */
const fits = (cal: Calendar, minutes: number) => cal.weekdays.length * cal.hours.reduce((n, [s, e]) => n + e - s, 0) * 100 > minutes;

const isWorkingMinute = (cal: Calendar, ms: number) =>
  isWorkingDay(cal, localDay(ms)) && cal.hours.some(([s, e]) => localMinute(ms) >= s && localMinute(ms) < e);

/** The end of the m-th working minute after `from`, walking minute by minute. */
function oracleAdd(cal: Calendar, from: Date, minutes: number): Date {
  let t = from.getTime();
  for (let counted = 0; counted < minutes; t += 60_000) if (isWorkingMinute(cal, t)) counted++;
  return new Date(t);
}

describe('working-time arithmetic (properties)', () => {
  it('adding working minutes lands where counting them one by one lands', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 2000 }), (cal, from, minutes) => {
        fc.pre(fits(cal, minutes));
        expect(addCalendarMinutes(cal, from, minutes).getTime()).toBe(oracleAdd(cal, from, minutes).getTime());
      }),
    );
  });

  it('the office calendar counts 08:30–12:00 and 13:30–17:30 on working days only', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 5000 }), (from, minutes) => {
        const due = addCalendarMinutes(office, from, minutes);
        expect(due.getTime()).toBe(oracleAdd(office, from, minutes).getTime());
        // A deadline ends inside a working period, never in a break or on a day off.
        expect(isWorkingMinute(office, due.getTime() - 60_000)).toBe(true);
      }),
    );
  });

  it('more minutes never give an earlier deadline, and adding in two goes equals adding at once', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), (cal, from, a, b) => {
        fc.pre(fits(cal, a + b));
        const once = addCalendarMinutes(cal, from, a + b);
        expect(addCalendarMinutes(cal, from, a).getTime()).toBeLessThanOrEqual(once.getTime());
        expect(addCalendarMinutes(cal, addCalendarMinutes(cal, from, a), b).getTime()).toBe(once.getTime());
      }),
    );
  });

  it('round the clock, a minute is a minute', () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 100_000 }), (from, minutes) => {
        expect(addCalendarMinutes(roundTheClock(), from, minutes).getTime()).toBe(from.getTime() + minutes * 60_000);
      }),
    );
  });

  it('"within n working days" ends at close of business of the n-th working day after the day of receipt', () => {
    fc.assert(
      fc.property(fc.oneof(calendarArb, fc.constant(office)), instantArb, fc.integer({ min: 1, max: 15 }), (cal, from, n) => {
        const due = addWorkingDays(cal, from, n);
        const close = cal.hours.at(-1)![1];
        expect(localMinute(due.getTime()) === close % (24 * 60)).toBe(true);
        // The due day (the day that closes at `close`) is a working day, and exactly n working days
        // lie after the day of receipt up to it.
        const dueDay = localDay(due.getTime() - close * 60_000 + 1);
        expect(isWorkingDay(cal, dueDay)).toBe(true);
        let counted = 0;
        for (let d = Date.parse(`${localDay(from.getTime())}T00:00:00Z`) + 86_400_000; ; d += 86_400_000) {
          const key = new Date(d).toISOString().slice(0, 10);
          if (isWorkingDay(cal, key)) counted++;
          if (key === dueDay) break;
        }
        expect(counted).toBe(n);
        expect(addWorkingDays(cal, from, n + 1).getTime()).toBeGreaterThan(due.getTime());
      }),
    );
  });

  it('a make-up working day is always worked and a holiday never, whatever the weekday', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 7 }),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom<DayKind>('holiday', 'workday'),
        (weekdays, offset, kind) => {
          const day = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
          const cal = { ...roundTheClock(), weekdays, days: new Map([[day, kind]]) };
          expect(isWorkingDay(cal, day)).toBe(kind === 'workday');
          const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
          expect(isWorkingDay({ ...cal, days: new Map() }, day)).toBe(weekdays.includes(weekday));
        },
      ),
    );
  });
});
