import { describe, expect, it } from 'vitest';
import { dayStartsInZone, localDate } from './kpi-days.js';

describe('dayStartsInZone', () => {
  it('starts each day at local midnight in Shanghai (UTC+8)', () => {
    const days = dayStartsInZone(new Date('2026-11-21T02:00:00Z'), 'Asia/Shanghai', 2);
    expect(days).toEqual([
      { date: '2026-11-20', start: new Date('2026-11-19T16:00:00Z') },
      { date: '2026-11-21', start: new Date('2026-11-20T16:00:00Z') },
    ]);
  });

  it('counts today by the local date, not the UTC date', () => {
    // 17:30 UTC on the 21st is already the 22nd in Shanghai.
    const days = dayStartsInZone(new Date('2026-11-21T17:30:00Z'), 'Asia/Shanghai', 1);
    expect(days[0]?.date).toBe('2026-11-22');
    expect(localDate(new Date('2026-11-21T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-22');
  });

  it('follows a daylight-saving change (Berlin, 2026-10-25)', () => {
    const days = dayStartsInZone(new Date('2026-10-26T12:00:00Z'), 'Europe/Berlin', 2);
    expect(days.map((d) => d.start.toISOString())).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('returns thirty consecutive days oldest first', () => {
    const days = dayStartsInZone(new Date('2026-03-01T08:00:00Z'), 'Asia/Shanghai', 30);
    expect(days).toHaveLength(30);
    expect(days[0]?.date).toBe('2026-01-31');
    expect(days[29]?.date).toBe('2026-03-01');
  });
});
