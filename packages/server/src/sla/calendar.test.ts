import { describe, expect, it } from 'vitest';
import { addCalendarMinutes, addWorkingDays, type Calendar, formatHours, isWorkingDay, parseHours, roundTheClock } from './calendar.js';
import { CN_HOLIDAYS, shippedCalendarDays } from './holidays-cn.js';

const days = new Map(shippedCalendarDays().map((d) => [d.day, d.kind] as const));
const office: Calendar = {
  code: 'office',
  kind: 'working_hours',
  timeZone: 'Asia/Shanghai',
  weekdays: [1, 2, 3, 4, 5],
  hours: parseHours('08:30-12:00,13:30-17:30'),
  days,
};
const at = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

// Each 2026 period as the State Council published it (notice of 4 Nov 2025): the days off,
// the make-up working days, and the ordinary working days on either side.
const periods2026 = [
  { name: '元旦', off: ['2026-01-01', '2026-01-02', '2026-01-03'], work: ['2026-01-04'], before: '2025-12-31', after: '2026-01-05' },
  {
    name: '春节',
    off: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'],
    work: ['2026-02-14', '2026-02-28'],
    before: '2026-02-13',
    after: '2026-02-24',
  },
  { name: '清明节', off: ['2026-04-04', '2026-04-05', '2026-04-06'], work: [], before: '2026-04-03', after: '2026-04-07' },
  {
    name: '劳动节',
    off: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
    work: ['2026-05-09'],
    before: '2026-04-30',
    after: '2026-05-06',
  },
  { name: '端午节', off: ['2026-06-19', '2026-06-20', '2026-06-21'], work: [], before: '2026-06-18', after: '2026-06-22' },
  { name: '中秋节', off: ['2026-09-25', '2026-09-26', '2026-09-27'], work: [], before: '2026-09-24', after: '2026-09-28' },
  {
    name: '国庆节',
    off: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    work: ['2026-09-20', '2026-10-10'],
    before: '2026-09-30',
    after: '2026-10-08',
  },
];

describe('the 2026 statutory schedule', () => {
  it('ships exactly the seven published periods', () => {
    expect(CN_HOLIDAYS[2026]!.map((p) => p.name)).toEqual(periods2026.map((p) => p.name));
  });
  it.each(periods2026)('$name: days off are not working days, make-up days are, neighbours are', (p) => {
    for (const d of p.off) expect(isWorkingDay(office, d), d).toBe(false);
    for (const d of p.work) expect(isWorkingDay(office, d), d).toBe(true);
    expect(isWorkingDay(office, p.before)).toBe(true);
    expect(isWorkingDay(office, p.after)).toBe(true);
    const shipped = CN_HOLIDAYS[2026]!.find((x) => x.name === p.name)!;
    expect(shipped.off).toEqual([p.off[0], p.off.at(-1)]);
    expect(shipped.workdays).toEqual(p.work);
  });
  it('a make-up working day is a weekend day', () => {
    for (const p of periods2026) for (const d of p.work) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
  });
});

describe('the 2025 statutory schedule', () => {
  it('the Spring Festival ran 28 Jan – 4 Feb with 26 Jan and 8 Feb worked', () => {
    expect(isWorkingDay(office, '2025-01-26')).toBe(true);
    expect(isWorkingDay(office, '2025-01-28')).toBe(false);
    expect(isWorkingDay(office, '2025-02-04')).toBe(false);
    expect(isWorkingDay(office, '2025-02-08')).toBe(true);
  });
  it('National Day and Mid-Autumn ran 1–8 Oct with 28 Sep and 11 Oct worked', () => {
    expect(isWorkingDay(office, '2025-09-28')).toBe(true);
    expect(isWorkingDay(office, '2025-10-08')).toBe(false);
    expect(isWorkingDay(office, '2025-10-11')).toBe(true);
  });
});

describe('working days', () => {
  it('"within 3 working days" counts from the next working day and ends at close of business', () => {
    expect(iso(addWorkingDays(office, at('2026-11-18T10:00'), 3))).toBe('2026-11-23T17:30'); // Wed → Mon
  });
  it('skips the Mid-Autumn break', () => {
    expect(iso(addWorkingDays(office, at('2026-09-24T09:00'), 3))).toBe('2026-09-30T17:30');
  });
  it('counts the make-up Sunday before National Day and skips the whole week', () => {
    expect(iso(addWorkingDays(office, at('2026-09-18T09:00'), 1))).toBe('2026-09-20T17:30');
    expect(iso(addWorkingDays(office, at('2026-09-29T16:00'), 2))).toBe('2026-10-08T17:30');
  });
  it('a request filed on a holiday still counts from the next working day', () => {
    expect(iso(addWorkingDays(office, at('2026-02-17T11:00'), 1))).toBe('2026-02-24T17:30');
  });
  it('round the clock, a working day ends at midnight', () => {
    expect(iso(addWorkingDays(roundTheClock('Asia/Shanghai', days), at('2026-01-03T10:00'), 1))).toBe('2026-01-05T00:00');
  });
});

describe('working minutes', () => {
  it('round the clock adds plain minutes', () => {
    expect(iso(addCalendarMinutes(roundTheClock(), at('2026-02-16T23:50'), 15))).toBe('2026-02-17T00:05');
  });
  it('stops the clock over lunch', () => {
    expect(iso(addCalendarMinutes(office, at('2026-11-23T11:30'), 60))).toBe('2026-11-23T14:00');
  });
  it('starts at opening time when filed before hours', () => {
    expect(iso(addCalendarMinutes(office, at('2026-11-23T06:00'), 30))).toBe('2026-11-23T09:00');
  });
  it('carries over the weekend', () => {
    expect(iso(addCalendarMinutes(office, at('2026-11-20T17:00'), 60))).toBe('2026-11-23T09:00');
  });
  it('carries over a holiday and works the make-up Saturday', () => {
    expect(iso(addCalendarMinutes(office, at('2026-02-13T17:00'), 60))).toBe('2026-02-14T09:00');
    expect(iso(addCalendarMinutes(office, at('2026-02-14T17:00'), 60))).toBe('2026-02-24T09:00');
  });
  it('half a working day (210 min) from Friday morning ends before lunch', () => {
    expect(iso(addCalendarMinutes(office, at('2026-11-20T08:30'), 210))).toBe('2026-11-20T12:00');
  });
});

describe('hours text', () => {
  it('round-trips', () => expect(formatHours(parseHours('08:30-12:00,13:30-17:30'))).toBe('08:30-12:00,13:30-17:30'));
  it('refuses overlapping ranges', () => expect(() => parseHours('09:00-12:00,11:00-13:00')).toThrow());
});
