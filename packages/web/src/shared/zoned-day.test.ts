import { describe, expect, it } from 'vitest';
import { nextDay, startOfDay } from './zoned-day';

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
