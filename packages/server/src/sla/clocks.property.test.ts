import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDeadlines, extendForPause, isLate, isMissed } from './deadlines.js';
import { MAX_ESCALATION_LEVEL, nextDue, nextStep, type SlaSettings, type TimerState } from './timer-rules.js';

// Properties of deadlines and of the clock rules the sweep follows, over many instants and settings.
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const minutes = fc.integer({ min: 0, max: 10 * 24 * 60 });
const settingsArb: fc.Arbitrary<SlaSettings> = fc.record({
  warnShare: fc.double({ min: 0.05, max: 0.99, noNaN: true }),
  escalateMinutes: fc.integer({ min: 1, max: 24 * 60 }),
});

describe('deadlines (properties)', () => {
  it('round the clock, each deadline is the receipt time plus its minutes, and none without a target', () => {
    fc.assert(
      fc.property(instant, maybe(minutes), maybe(minutes), maybe(minutes), (at, r, a, s) => {
        const d = computeDeadlines({ respondMinutes: r, arriveMinutes: a, resolveMinutes: s }, at);
        const plus = (m: number | null) => (m === null ? null : at.getTime() + m * 60_000);
        expect([d.respondBy?.getTime() ?? null, d.arriveBy?.getTime() ?? null, d.resolveBy?.getTime() ?? null]).toEqual([
          plus(r),
          plus(a),
          plus(s),
        ]);
      }),
    );
  });

  it('a pause moves exactly the unmet deadlines by its length and leaves the met ones and the missing ones alone', () => {
    fc.assert(
      fc.property(
        fc.tuple(maybe(instant), maybe(instant), maybe(instant)),
        fc.tuple(maybe(instant), maybe(instant), maybe(instant)),
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        ([rb, ab, sb], [ra, aa, sa], paused) => {
          const moved = extendForPause(
            { respondBy: rb, arriveBy: ab, resolveBy: sb },
            { respondedAt: ra, arrivedAt: aa, resolvedAt: sa },
            paused,
          );
          const expectShift = (before: Date | null, met: Date | null, after: Date | null) =>
            expect(after?.getTime() ?? null).toBe(before === null ? null : before.getTime() + (met ? 0 : paused));
          expectShift(rb, ra, moved.respondBy);
          expectShift(ab, aa, moved.arriveBy);
          expectShift(sb, sa, moved.resolveBy);
        },
      ),
    );
  });

  it('a clock is missed exactly when its milestone (or, while open, now) is after the deadline', () => {
    fc.assert(
      fc.property(maybe(instant), maybe(instant), instant, (deadline, done, now) => {
        const expected = deadline !== null && (done ?? now).getTime() > deadline.getTime();
        expect(isMissed(deadline, done, now)).toBe(expected);
      }),
    );
  });

  it('an order is late now when any of its clocks is missed', () => {
    fc.assert(
      fc.property(fc.array(maybe(instant), { minLength: 6, maxLength: 6 }), instant, ([rb, ab, sb, ra, aa, sa], now) => {
        const late = isLate({ respondBy: rb!, arriveBy: ab!, resolveBy: sb! }, { respondedAt: ra!, arrivedAt: aa!, resolvedAt: sa! }, now);
        expect(late).toBe(isMissed(rb!, ra!, now) || isMissed(ab!, aa!, now) || isMissed(sb!, sa!, now));
      }),
    );
  });
});

const clockArb: fc.Arbitrary<TimerState> = fc.tuple(instant, fc.integer({ min: -60, max: 5 * 24 * 60 })).map(([startedAt, span]) => ({
  startedAt,
  deadline: new Date(startedAt.getTime() + span * 60_000),
  metAt: null,
  paused: false,
  warnedAt: null,
  breachedAt: null,
  escalationLevel: 0,
  escalatedAt: null,
  acknowledgedAt: null,
}));

/** Runs the clock as the sweep does, firing each step at its time, until nothing more is due. */
function run(clock: TimerState, s: SlaSettings) {
  const fired: { step: string; at: Date }[] = [];
  let state = { ...clock };
  for (let next = nextStep(state, s); next; next = nextStep(state, s)) {
    fired.push(next);
    if (next.step === 'warn') state = { ...state, warnedAt: next.at };
    else if (next.step === 'breach') state = { ...state, breachedAt: next.at, escalationLevel: 1, escalatedAt: next.at };
    else state = { ...state, escalationLevel: state.escalationLevel + 1, escalatedAt: next.at };
    if (fired.length > 10) break;
  }
  return fired;
}

describe('clock rules (properties)', () => {
  it('an unattended clock warns at most once before its deadline, breaches once at it, then climbs one level per interval to the top', () => {
    fc.assert(
      fc.property(clockArb, settingsArb, (clock, s) => {
        const fired = run(clock, s);
        const steps = fired.map((f) => f.step);
        const warned = steps[0] === 'warn' ? 1 : 0;
        expect(steps).toEqual([...(warned ? ['warn'] : []), 'breach', ...Array(MAX_ESCALATION_LEVEL - 1).fill('escalate')]);
        if (warned) {
          expect(fired[0]!.at.getTime()).toBeGreaterThanOrEqual(clock.startedAt.getTime());
          expect(fired[0]!.at.getTime()).toBeLessThan(clock.deadline.getTime());
        } else {
          // No warning only when there is no time to give one.
          const span = clock.deadline.getTime() - clock.startedAt.getTime();
          expect(span <= 0 || Math.floor(span * s.warnShare) >= span).toBe(true);
        }
        expect(fired[warned]!.at).toEqual(clock.deadline);
        for (let i = warned + 1; i < fired.length; i++) {
          expect(fired[i]!.at.getTime() - fired[i - 1]!.at.getTime()).toBe(s.escalateMinutes * 60_000);
        }
      }),
    );
  });

  it('a met, paused or acknowledged clock has nothing due, and what is due is the next step', () => {
    fc.assert(
      fc.property(clockArb, settingsArb, instant, fc.integer({ min: 0, max: MAX_ESCALATION_LEVEL }), (clock, s, at, level) => {
        expect(nextStep({ ...clock, metAt: at }, s)).toBeNull();
        expect(nextStep({ ...clock, paused: true }, s)).toBeNull();
        const breached = { ...clock, breachedAt: clock.deadline, escalationLevel: level, escalatedAt: clock.deadline };
        expect(nextStep({ ...breached, acknowledgedAt: at }, s)).toBeNull();
        expect(nextDue(breached, s)).toEqual(nextStep(breached, s)?.at ?? null);
        expect(nextDue(clock, s)).toEqual(nextStep(clock, s)!.at);
      }),
    );
  });
});
