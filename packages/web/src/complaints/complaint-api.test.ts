import { describe, expect, it } from 'vitest';
import { zonedInputToIso } from './complaint-api';

describe('a typed local time in the tenant zone', () => {
  it('carries the zone offset of that moment', () => {
    expect(zonedInputToIso('2026-11-21T09:30', 'Asia/Shanghai')).toBe('2026-11-21T09:30:00+08:00');
    expect(zonedInputToIso('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T12:00:00+02:00');
    expect(zonedInputToIso('2026-01-15T08:05', 'America/New_York')).toBe('2026-01-15T08:05:00-05:00');
  });
});
