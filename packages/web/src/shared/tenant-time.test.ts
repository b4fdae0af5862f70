import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { fromWallClock, nextDay, startOfDay, toWallClock, zonedFields } from './tenant-time';

// The unit tests run with TZ=UTC: the device's zone is not the tenant's, as on the laptop in issue 15.
describe('tenant wall-clock times', () => {
  it('18:00 picked for a Shanghai tenant is 18:00+08:00, not the device zone’s 18:00', () => {
    expect(fromWallClock(dayjs('2026-12-03T18:00:00'), 'Asia/Shanghai')).toBe('2026-12-03T18:00:00+08:00');
    expect(new Date(fromWallClock(dayjs('2026-12-03T18:00:00'), 'Asia/Shanghai')).toISOString()).toBe('2026-12-03T10:00:00.000Z');
  });

  it('an instant shows as the tenant’s wall clock, and back again unchanged', () => {
    const wall = toWallClock('2026-12-03T10:00:00Z', 'Asia/Shanghai');
    expect(wall.format('YYYY-MM-DD HH:mm')).toBe('2026-12-03 18:00');
    expect(fromWallClock(wall, 'Asia/Shanghai')).toBe('2026-12-03T18:00:00+08:00');
    // Past midnight in the tenant's zone while still the day before in UTC.
    expect(toWallClock('2026-12-03T17:30:00Z', 'Asia/Shanghai').format('YYYY-MM-DD HH:mm')).toBe('2026-12-04 01:30');
  });

  it('zones with daylight saving and negative offsets take the offset of that date', () => {
    expect(fromWallClock(dayjs('2026-07-01T09:00:00'), 'Europe/Berlin')).toBe('2026-07-01T09:00:00+02:00');
    expect(fromWallClock(dayjs('2026-01-15T09:00:00'), 'Europe/Berlin')).toBe('2026-01-15T09:00:00+01:00');
    expect(fromWallClock(dayjs('2026-01-15T09:30:00'), 'America/St_Johns')).toBe('2026-01-15T09:30:00-03:30');
    expect(zonedFields(Date.UTC(2026, 0, 1, 0, 0), 'Asia/Shanghai').hour).toBe(8);
  });
});

describe('zoned days', () => {
  it("a day starts at the tenant's local midnight", () => {
    expect(startOfDay('2026-11-21', 'Asia/Shanghai')).toBe('2026-11-20T16:00:00.000Z');
    expect(startOfDay('2026-07-01', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDay('2026-01-01', 'UTC')).toBe('2026-01-01T00:00:00.000Z');
  });
  it('the next day crosses months and years', () => {
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
