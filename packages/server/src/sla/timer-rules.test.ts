import { describe, expect, it } from 'vitest';
import { nextStep, type TimerState } from './timer-rules.js';

const t0 = new Date('2026-11-21T02:00:00Z');
const min = (m: number) => new Date(t0.getTime() + m * 60_000);
const base: TimerState = {
  startedAt: t0,
  deadline: min(60),
  metAt: null,
  paused: false,
  warnedAt: null,
  breachedAt: null,
  escalationLevel: 0,
  escalatedAt: null,
  acknowledgedAt: null,
};
const s = { warnShare: 0.8, escalateMinutes: 30 };

describe('the next step of a clock', () => {
  it('warns at 80 % of the time allowed', () => expect(nextStep(base, s)).toEqual({ step: 'warn', at: min(48) }));
  it('the share is configurable', () => expect(nextStep(base, { ...s, warnShare: 0.5 })?.at).toEqual(min(30)));
  it('after the warning comes the breach at the deadline', () =>
    expect(nextStep({ ...base, warnedAt: min(48) }, s)).toEqual({ step: 'breach', at: min(60) }));
  it('after the breach the urging climbs every 30 minutes until acknowledged', () => {
    const breached = { ...base, warnedAt: min(48), breachedAt: min(60), escalationLevel: 1, escalatedAt: min(60) };
    expect(nextStep(breached, s)).toEqual({ step: 'escalate', at: min(90) });
    expect(nextStep({ ...breached, acknowledgedAt: min(70) }, s)).toBeNull();
  });
  it('stops at the group', () =>
    expect(nextStep({ ...base, warnedAt: min(1), breachedAt: min(60), escalationLevel: 3, escalatedAt: min(120) }, s)).toBeNull());
  it('a met clock or a paused one has nothing due', () => {
    expect(nextStep({ ...base, metAt: min(10) }, s)).toBeNull();
    expect(nextStep({ ...base, paused: true }, s)).toBeNull();
  });
  it('a clock already past its deadline when armed breaches without warning twice', () => {
    expect(nextStep({ ...base, deadline: t0 }, s)).toEqual({ step: 'breach', at: t0 });
  });
});
