/** A commitment's targets in minutes; null means the commitment sets no such clock. */
export type Targets = { respondMinutes: number | null; arriveMinutes: number | null; resolveMinutes: number | null };
export type Deadlines = { respondBy: Date | null; arriveBy: Date | null; resolveBy: Date | null };

const plus = (from: Date, minutes: number | null) => (minutes == null ? null : new Date(from.getTime() + minutes * 60_000));

/** Deadlines counted from the moment the request was received (round-the-clock calendar). */
export function computeDeadlines(targets: Targets | null, receivedAt: Date): Deadlines {
  if (!targets) return { respondBy: null, arriveBy: null, resolveBy: null };
  return {
    respondBy: plus(receivedAt, targets.respondMinutes),
    arriveBy: plus(receivedAt, targets.arriveMinutes),
    resolveBy: plus(receivedAt, targets.resolveMinutes),
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
