/**
 * Local midnight of a calendar day in a time zone, as an ISO instant: the start of "that day" for
 * the tenant, whatever zone the browser is in.
 * @example startOfDay('2026-11-21', 'Asia/Shanghai') // '2026-11-20T16:00:00.000Z'
 */
export function startOfDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  })
    .formatToParts(new Date(guess))
    .reduce<Record<string, number>>((a, p) => {
      if (p.type !== 'literal') a[p.type] = Number(p.value);
      return a;
    }, {});
  const offset = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - guess;
  return new Date(guess - offset).toISOString();
}

/** The day after a calendar day ('2026-12-31' → '2027-01-01'). */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
