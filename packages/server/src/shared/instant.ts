import { z } from 'zod';

/** Earliest and latest moments Warmline accepts: nothing it records happened before 2000 or after 2100. */
export const MIN_INSTANT = Date.parse('2000-01-01T00:00:00Z');
export const MAX_INSTANT = Date.parse('2100-01-01T00:00:00Z');

/** True for a real calendar moment inside the accepted range. */
export const isSaneInstant = (ms: number) => Number.isFinite(ms) && ms >= MIN_INSTANT && ms < MAX_INSTANT;

/**
 * An ISO 8601 moment with its offset, within 2000–2099 and a real calendar date (no 31 February):
 * year 0001 or 275760 would reach the database as an out-of-range error.
 */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((s) => isSaneInstant(Date.parse(s)) && calendarDateExists(s), 'must be a real moment between the years 2000 and 2099');

function calendarDateExists(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds an issue on `to` when both ends are given and `from` is not before `to` (compared as moments, not text). */
export function checkRange(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && Date.parse(v.from) >= Date.parse(v.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  }
}
