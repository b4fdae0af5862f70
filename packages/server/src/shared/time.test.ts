import { describe, expect, it } from 'vitest';
import { toZonedIso, zonedDayKey } from './time.js';

describe('zoned times', () => {
  it('formats an instant with the tenant offset', () => {
    expect(toZonedIso(new Date('2026-11-21T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-22T00:30:00.000+08:00');
    expect(toZonedIso(new Date('2026-07-01T12:00:00.250Z'), 'America/New_York')).toBe('2026-07-01T08:00:00.250-04:00');
    expect(toZonedIso(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01T00:00:00.000+00:00');
  });

  it('numbers orders by the local calendar day, not the UTC one', () => {
    expect(zonedDayKey(new Date('2026-11-21T16:30:00Z'), 'Asia/Shanghai')).toBe('20261122');
    expect(zonedDayKey(new Date('2026-11-21T15:59:59Z'), 'Asia/Shanghai')).toBe('20261121');
  });
});
