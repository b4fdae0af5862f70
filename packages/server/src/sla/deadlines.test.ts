import { describe, expect, it } from 'vitest';
import { addWorkingDays, parseHours, roundTheClock } from './calendar.js';
import { computeDeadlines, extendForPause, isLate, isMissed } from './deadlines.js';

const at = (s: string) => new Date(s);

describe('deadlines', () => {
  it('are counted from the receipt time, null where the commitment sets no clock', () => {
    const d = computeDeadlines({ respondMinutes: 5, arriveMinutes: 15, resolveMinutes: null }, at('2026-11-21T10:00:00Z'));
    expect(d).toEqual({ respondBy: at('2026-11-21T10:05:00Z'), arriveBy: at('2026-11-21T10:15:00Z'), resolveBy: null });
  });

  it('a working-day target replaces the minutes of its clock: "within 3 working days" ends at close of business', () => {
    const office = { ...roundTheClock(), code: 'office', kind: 'working_hours' as const, hours: parseHours('08:30-12:00,13:30-17:30') };
    const received = at('2026-09-24T02:00:00Z');
    const d = computeDeadlines(
      { respondMinutes: 30, arriveMinutes: null, resolveMinutes: 600, resolveWorkingDays: 3, respondWorkingDays: null },
      received,
      office,
    );
    expect(d.resolveBy).toEqual(addWorkingDays(office, received, 3));
    expect(d.resolveBy).toEqual(at('2026-09-29T09:30:00Z'));
    expect(d.respondBy).toEqual(at('2026-09-24T02:30:00Z'));
  });

  it('are all null without a commitment', () => {
    expect(computeDeadlines(null, at('2026-11-21T10:00:00Z'))).toEqual({ respondBy: null, arriveBy: null, resolveBy: null });
  });

  it('a suspension moves only the deadlines not yet met', () => {
    const d = { respondBy: at('2026-11-21T10:05:00Z'), arriveBy: at('2026-11-21T10:45:00Z'), resolveBy: at('2026-11-22T10:00:00Z') };
    const met = { respondedAt: at('2026-11-21T10:01:00Z'), arrivedAt: null, resolvedAt: null };
    const moved = extendForPause(d, met, 2 * 3600_000);
    expect(moved).toEqual({ respondBy: d.respondBy, arriveBy: at('2026-11-21T12:45:00Z'), resolveBy: at('2026-11-22T12:00:00Z') });
  });

  it('an arrival after the deadline marks the order late; one exactly on it does not', () => {
    const deadline = at('2026-11-21T10:15:00Z');
    expect(isMissed(deadline, at('2026-11-21T10:15:00Z'), at('2026-11-21T11:00:00Z'))).toBe(false);
    expect(isMissed(deadline, at('2026-11-21T10:15:01Z'), at('2026-11-21T11:00:00Z'))).toBe(true);
  });

  it('an open clock past its deadline makes the order late now', () => {
    const d = { respondBy: null, arriveBy: at('2026-11-21T10:15:00Z'), resolveBy: null };
    const none = { respondedAt: null, arrivedAt: null, resolvedAt: null };
    expect(isLate(d, none, at('2026-11-21T10:14:00Z'))).toBe(false);
    expect(isLate(d, none, at('2026-11-21T10:16:00Z'))).toBe(true);
  });
});
