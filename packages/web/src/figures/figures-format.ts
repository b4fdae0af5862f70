// Pure helpers of the managers' dashboard: periods in the tenant's time zone and how a value shows.

export type IndicatorUnit = 'ratio' | 'per_10k_households' | 'minutes';
export type Direction = 'higher' | 'lower';

/** The local month (YYYY-MM) of an instant in a time zone. */
export function monthOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);
}

/** A month (YYYY-MM) moved by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The local days [from, to) of a month, as the figures API takes them. */
export function monthRange(month: string): { from: string; to: string } {
  return { from: `${month}-01`, to: `${addMonths(month, 1)}-01` };
}

/**
 * A value as shown: a share as a percentage with one decimal ("86.8 %"), minutes with one
 * decimal, a rate per 10,000 households with two; null as a dash.
 * @example formatValue('ratio', 0.8681) // '86.8 %'
 */
export function formatValue(unit: IndicatorUnit, value: number | null | undefined, minutes = 'min'): string {
  if (value == null) return '—';
  if (unit === 'ratio') return `${(Math.round(value * 1000) / 10).toFixed(1)} %`;
  if (unit === 'minutes') return `${value.toFixed(1)} ${minutes}`;
  return value.toFixed(2);
}

/** Whether a value meets its target in the indicator's direction; null when either is missing. */
export function meetsTarget(direction: Direction, value: number | null | undefined, target: number | null | undefined): boolean | null {
  if (value == null || target == null) return null;
  return direction === 'higher' ? value >= target : value <= target;
}

/** Items ranked best first in the indicator's direction; units without a value go last, by name. */
export function rank<T extends { value: number | null; name: string }>(
  items: T[],
  direction: Direction,
): Array<T & { rank: number | null }> {
  const sorted = [...items].sort((a, b) => {
    if (a.value == null || b.value == null)
      return a.value == null && b.value == null ? a.name.localeCompare(b.name) : a.value == null ? 1 : -1;
    return direction === 'higher' ? b.value - a.value : a.value - b.value;
  });
  let prev: number | null = null;
  let prevRank = 0;
  return sorted.map((it, i) => {
    if (it.value == null) return { ...it, rank: null };
    const r = it.value === prev ? prevRank : i + 1;
    prev = it.value;
    prevRank = r;
    return { ...it, rank: r };
  });
}
