import { addCalendarMinutes, addWorkingDays, type Calendar, roundTheClock } from './calendar.js';

/**
 * A commitment's targets; null means the commitment sets no such clock. Minutes count on the
 * commitment's calendar (working minutes on a working-hours calendar); a working-day target
 * (e.g. "within 3 working days") replaces the minutes of that clock.
 */
export type Targets = {
  respondMinutes: number | null;
  arriveMinutes: number | null;
  resolveMinutes: number | null;
  respondWorkingDays?: number | null;
  arriveWorkingDays?: number | null;
  resolveWorkingDays?: number | null;
  /** Code of the calendar the clocks run on; '24x7' or absent means round the clock. */
  calendarCode?: string;
};
export type Deadlines = { respondBy: Date | null; arriveBy: Date | null; resolveBy: Date | null };

function deadline(cal: Calendar, from: Date, minutes: number | null, workingDays: number | null | undefined): Date | null {
  if (workingDays != null) return addWorkingDays(cal, from, workingDays);
  return minutes == null ? null : addCalendarMinutes(cal, from, minutes);
}

/** Deadlines counted from the moment the request was received, on the given calendar (round the clock by default). */
export function computeDeadlines(targets: Targets | null, receivedAt: Date, calendar: Calendar = roundTheClock()): Deadlines {
  if (!targets) return { respondBy: null, arriveBy: null, resolveBy: null };
  return {
    respondBy: deadline(calendar, receivedAt, targets.respondMinutes, targets.respondWorkingDays),
    arriveBy: deadline(calendar, receivedAt, targets.arriveMinutes, targets.arriveWorkingDays),
    resolveBy: deadline(calendar, receivedAt, targets.resolveMinutes, targets.resolveWorkingDays),
  };
}

export type Milestones = { respondedAt: Date | null; arrivedAt: Date | null; resolvedAt: Date | null };

/**
 * Moves every deadline not yet met by the time spent suspended, so a pause for parts or
 * for the resident does not count against the crew. Met deadlines stay as they were.
 */
export function extendForPause(deadlines: Deadlines, met: Milestones, pausedMs: number): Deadlines {
  const shift = (d: Date | null, done: Date | null) => (d && !done ? new Date(d.getTime() + pausedMs) : d);
  return {
    respondBy: shift(deadlines.respondBy, met.respondedAt),
    arriveBy: shift(deadlines.arriveBy, met.arrivedAt),
    resolveBy: shift(deadlines.resolveBy, met.resolvedAt),
  };
}

/** True when a milestone missed its deadline: done after it, or not done and the deadline has passed. */
export function isMissed(deadline: Date | null, doneAt: Date | null, now: Date): boolean {
  if (!deadline) return false;
  return (doneAt ?? now).getTime() > deadline.getTime();
}

/** True when any clock of the order is missed at `now`. */
export function isLate(deadlines: Deadlines, met: Milestones, now: Date): boolean {
  return (
    isMissed(deadlines.respondBy, met.respondedAt, now) ||
    isMissed(deadlines.arriveBy, met.arrivedAt, now) ||
    isMissed(deadlines.resolveBy, met.resolvedAt, now)
  );
}
