import type { Ticket } from '../api/models';

export type ClockName = 'respond' | 'arrive' | 'resolve';
export type Urgency = 'ok' | 'near' | 'late' | 'none';
export type NextDeadline = { clock: ClockName; at: Date; msLeft: number; urgency: Urgency } | null;

/** Within this much of a deadline the countdown turns amber. */
export const NEAR_MS = 15 * 60_000;

type Timed = Pick<Ticket, 'status' | 'deadlines' | 'respondedAt' | 'arrivedAt' | 'resolvedAt' | 'createdAt'>;

/** The first clock of an order that is still running, or null when none is (suspended, closed, all met). */
export function nextDeadline(t: Timed, now: Date): NextDeadline {
  if (t.status === 'suspended' || t.status === 'closed' || t.status === 'resolved') return null;
  const clocks: [ClockName, string | null, string | null][] = [
    ['respond', t.deadlines.respondBy, t.respondedAt],
    ['arrive', t.deadlines.arriveBy, t.arrivedAt],
    ['resolve', t.deadlines.resolveBy, t.resolvedAt],
  ];
  for (const [clock, by, met] of clocks) {
    if (!by || met) continue;
    const at = new Date(by);
    const msLeft = at.getTime() - now.getTime();
    return { clock, at, msLeft, urgency: urgencyOf(msLeft, at.getTime() - new Date(t.createdAt).getTime()) };
  }
  return null;
}

/** Amber within 15 minutes or the last fifth of the allowed time, whichever is longer; red once passed. */
export function urgencyOf(msLeft: number, totalMs: number): Urgency {
  if (msLeft < 0) return 'late';
  if (msLeft <= Math.max(NEAR_MS, totalMs / 5)) return 'near';
  return 'ok';
}

/** "1:05:09", "12:03", "2d 04:00" — a compact remaining (or overrun) time. */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${pad(h)}:${pad(m)}`;
  if (h > 0) return `${h}:${pad(m)}:${pad(s)}`;
  return `${pad(m)}:${pad(s)}`;
}
