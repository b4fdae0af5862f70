/** The clocks an order can run; each maps to a deadline and a milestone column of the ticket. */
export const CLOCKS = ['respond', 'arrive', 'resolve'] as const;
export type ClockName = (typeof CLOCKS)[number];

export type TimerState = {
  startedAt: Date;
  deadline: Date;
  metAt: Date | null;
  paused: boolean;
  warnedAt: Date | null;
  breachedAt: Date | null;
  escalationLevel: number;
  escalatedAt: Date | null;
  acknowledgedAt: Date | null;
};

/** Per-tenant settings: warn at this share of the time allowed; escalate if an urging is not acknowledged within this many minutes. */
export type SlaSettings = { warnShare: number; escalateMinutes: number };

export type TimerStep = 'warn' | 'breach' | 'escalate';

/** The top of the escalation chain: 1 station manager, 2 company manager, 3 group. */
export const MAX_ESCALATION_LEVEL = 3;

/**
 * What must happen next to a clock and when, or null when nothing more can happen
 * (met, paused, or escalated to the top or acknowledged).
 * @example nextStep({ startedAt: t0, deadline: t0 + 60 min, … }, { warnShare: 0.8, … }) // { step: 'warn', at: t0 + 48 min }
 */
export function nextStep(t: TimerState, s: SlaSettings): { step: TimerStep; at: Date } | null {
  if (t.metAt || t.paused) return null;
  if (!t.warnedAt && !t.breachedAt) {
    const span = t.deadline.getTime() - t.startedAt.getTime();
    const warnAt = new Date(t.startedAt.getTime() + Math.floor(span * s.warnShare));
    if (span > 0 && warnAt.getTime() < t.deadline.getTime()) return { step: 'warn', at: warnAt };
  }
  if (!t.breachedAt) return { step: 'breach', at: t.deadline };
  if (t.acknowledgedAt || t.escalationLevel >= MAX_ESCALATION_LEVEL) return null;
  const from = t.escalatedAt ?? t.breachedAt;
  return { step: 'escalate', at: new Date(from.getTime() + s.escalateMinutes * 60_000) };
}

/** The time the sweep must next look at the clock. */
export const nextDue = (t: TimerState, s: SlaSettings): Date | null => nextStep(t, s)?.at ?? null;
