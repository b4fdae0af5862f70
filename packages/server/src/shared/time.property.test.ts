import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toZonedIso, zonedDayKey, zonedParts, zoneOffsetMinutes } from './time.js';

// Zoned formatting over many instants and zones, daylight saving and half-hour offsets included.
const ZONES = ['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns'];
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms));
const zone = fc.constantFrom(...ZONES);

describe('zoned time (properties)', () => {
  it('an ISO string with the zone offset names the same instant', () => {
    fc.assert(
      fc.property(instant, zone, (d, tz) => {
        const iso = toZonedIso(d, tz);
        expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
        expect(new Date(iso).getTime()).toBe(d.getTime());
      }),
    );
  });

  it('the wall-clock parts are the instant shifted by the zone offset', () => {
    fc.assert(
      fc.property(instant, zone, (d, tz) => {
        const p = zonedParts(d, tz);
        const shifted = new Date(Math.floor(d.getTime() / 1000) * 1000 + zoneOffsetMinutes(d, tz) * 60_000);
        expect([p.year, p.month, p.day, p.hour, p.minute, p.second]).toEqual([
          shifted.getUTCFullYear(),
          shifted.getUTCMonth() + 1,
          shifted.getUTCDate(),
          shifted.getUTCHours(),
          shifted.getUTCMinutes(),
          shifted.getUTCSeconds(),
        ]);
        expect(zonedDayKey(d, tz)).toBe(toZonedIso(d, tz).slice(0, 10).replaceAll('-', ''));
      }),
    );
  });

  it('China keeps UTC+8 all year', () => {
    fc.assert(
      fc.property(instant, (d) => {
        expect(zoneOffsetMinutes(d, 'Asia/Shanghai')).toBe(480);
      }),
    );
  });
});
