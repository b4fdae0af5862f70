import { describe, expect, it } from 'vitest';
import { formatDuration, nextDeadline, urgencyOf } from './deadline';

const base = {
  status: 'dispatched' as const,
  createdAt: '2026-11-21T10:00:00+08:00',
  deadlines: { respondBy: '2026-11-21T10:05:00+08:00', arriveBy: '2026-11-21T11:00:00+08:00', resolveBy: '2026-11-22T10:00:00+08:00' },
  respondedAt: '2026-11-21T10:01:00+08:00',
  arrivedAt: null,
  resolvedAt: null,
};

describe('nextDeadline', () => {
  it('skips a clock that was met and counts down to the next one', () => {
    const d = nextDeadline(base, new Date('2026-11-21T02:10:00Z'));
    expect(d?.clock).toBe('arrive');
    expect(d?.msLeft).toBe(50 * 60_000);
    expect(d?.urgency).toBe('ok');
  });
  it('turns amber within fifteen minutes of the deadline', () => {
    expect(nextDeadline(base, new Date('2026-11-21T02:50:00Z'))?.urgency).toBe('near');
  });
  it('turns red once the deadline has passed', () => {
    const d = nextDeadline(base, new Date('2026-11-21T03:00:01Z'));
    expect(d?.urgency).toBe('late');
    expect(d!.msLeft).toBeLessThan(0);
  });
  it('has no running clock while suspended or resolved', () => {
    expect(nextDeadline({ ...base, status: 'suspended' }, new Date('2026-11-21T02:10:00Z'))).toBeNull();
    expect(nextDeadline({ ...base, status: 'resolved' }, new Date('2026-11-21T02:10:00Z'))).toBeNull();
  });
  it('has no running clock when every deadline is met or absent', () => {
    const t = { ...base, arrivedAt: '2026-11-21T10:30:00+08:00', deadlines: { ...base.deadlines, resolveBy: null } };
    expect(nextDeadline(t, new Date('2026-11-21T02:10:00Z'))).toBeNull();
  });
});

describe('urgencyOf', () => {
  it('uses the last fifth of a long window as the amber zone', () => {
    const day = 24 * 3600_000;
    expect(urgencyOf(day / 5 + 1, day)).toBe('ok');
    expect(urgencyOf(day / 5, day)).toBe('near');
  });
});

describe('formatDuration', () => {
  it('formats minutes, hours and days', () => {
    expect(formatDuration(65_000)).toBe('01:05');
    expect(formatDuration(3_600_000 + 5 * 60_000 + 9_000)).toBe('1:05:09');
    expect(formatDuration(-(2 * 86400_000 + 4 * 3600_000))).toBe('2d 04:00');
  });
});
