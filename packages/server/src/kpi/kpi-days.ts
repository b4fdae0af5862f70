/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
    .formatToParts(at)
    .reduce<Record<string, number>>((acc, p) => {
      if (p.type !== 'literal') acc[p.type] = Number(p.value);
      return acc;
    }, {});
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The starts of the last `days` local days up to and including today, oldest first.
 * @example dayStartsInZone(new Date('2026-11-21T02:00:00Z'), 'Asia/Shanghai', 2)
 * // [{ date: '2026-11-20', start: 2026-11-19T16:00Z }, { date: '2026-11-21', start: 2026-11-20T16:00Z }]
 */
export function dayStartsInZone(now: Date, timeZone: string, days: number): { date: string; start: Date }[] {
  const out: { date: string; start: Date }[] = [];
  const today = localDate(now, timeZone);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  for (let i = days - 1; i >= 0; i--) {
    const midnightUtc = Date.UTC(y, m - 1, d - i);
    // Local midnight = UTC midnight of that date minus the zone's offset (checked at the guess, then corrected once).
    let start = new Date(midnightUtc - offsetMinutes(new Date(midnightUtc), timeZone) * 60_000);
    start = new Date(midnightUtc - offsetMinutes(start, timeZone) * 60_000);
    out.push({ date: new Date(midnightUtc).toISOString().slice(0, 10), start });
  }
  return out;
}

/**
 * The local day a `from`/`to` parameter names: a date as is, or an instant that falls on a local
 * midnight in the zone; null for an instant inside a day (figures are kept per local day).
 * @example localDayBoundary('2026-11-01T00:00:00+08:00', 'Asia/Shanghai') // '2026-11-01'
 */
export function localDayBoundary(v: string, timeZone: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const at = new Date(v);
  if (Number.isNaN(at.getTime())) return null;
  const day = localDate(at, timeZone);
  const [start] = dayStartsInZone(at, timeZone, 1);
  return start && start.start.getTime() === at.getTime() ? day : null;
}
