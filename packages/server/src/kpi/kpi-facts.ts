import { SATISFIED_MIN } from '../tickets/ticket.state.js';

/** What the indicator engine needs to know about one order: a snapshot of a few ticket columns. */
export type TicketFacts = {
  unitId: string;
  unitPath: string;
  kind: string;
  categoryCode: string;
  channel: string;
  sourceBody: string | null;
  receivedAt: string;
  resolvedAt: string | null;
  callbackAt: string | null;
  satisfaction: number | null;
  late: boolean;
  respondBy: string | null;
  respondedAt: string | null;
  arriveBy: string | null;
  arrivedAt: string | null;
  resolveBy: string | null;
  repeatOfId: string | null;
  reopenCount: number;
};

/** The counters of one rollup row, in the order of the table's columns. */
export const COUNTERS = [
  'received',
  'repeats',
  'repairs_received',
  'repeat_repairs',
  'complaints',
  'escalated_complaints',
  'resolved',
  'resolved_on_time',
  'resolved_called',
  'first_time_fixed',
  'respond_clocked',
  'respond_on_time',
  'arrive_clocked',
  'arrive_on_time',
  'resolve_clocked',
  'resolve_on_time',
  'respond_n',
  'respond_seconds',
  'arrive_n',
  'arrive_seconds',
  'resolve_n',
  'resolve_seconds',
  'callbacks',
  'satisfied',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

type Row = { tenant_id: string; ticket_id?: string } & Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Snapshot of the columns the formulas read, from a tickets row. */
export function factsOf(t: Row): TicketFacts {
  return {
    unitId: String(t.unit_id),
    unitPath: String(t.unit_path),
    kind: String(t.kind),
    categoryCode: String(t.category_code),
    channel: String(t.channel),
    sourceBody: (t.source_body as string | null) ?? null,
    receivedAt: iso(t.received_at)!,
    resolvedAt: iso(t.resolved_at),
    callbackAt: iso(t.callback_at),
    satisfaction: t.satisfaction == null ? null : Number(t.satisfaction),
    late: Boolean(t.late),
    respondBy: iso(t.respond_by),
    respondedAt: iso(t.responded_at),
    arriveBy: iso(t.arrive_by),
    arrivedAt: iso(t.arrived_at),
    resolveBy: iso(t.resolve_by),
    repeatOfId: (t.repeat_of_id as string | null) ?? null,
    reopenCount: Number(t.reopen_count ?? 0),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The local date (YYYY-MM-DD) of an ISO instant in a time zone; one formatter per zone. */
export function localDay(at: string, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(at));
}

/** A rollup row's key: unit, local day, kind, category and escalation source. */
export type RollupKey = { unitId: string; unitPath: string; day: string; kind: string; categoryCode: string; source: string };
export const keyString = (k: RollupKey) => `${k.unitId}|${k.day}|${k.kind}|${k.categoryCode}|${k.source}`;

const seconds = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / 1000);

/**
 * What one order adds to the rollups: counts on the local day it was received, the day it was
 * resolved, and the day it was called back. The formulas in docs/indicators.md, as counters.
 */
export function contributions(f: TicketFacts, timeZone: string): Array<{ key: RollupKey; counts: Partial<Counts> }> {
  const base = { unitId: f.unitId, unitPath: f.unitPath, kind: f.kind, categoryCode: f.categoryCode, source: f.sourceBody ?? '' };
  const out: Array<{ key: RollupKey; counts: Partial<Counts> }> = [];
  const received: Partial<Counts> = { received: 1 };
  if (f.repeatOfId) received.repeats = 1;
  if (f.kind === 'repair') {
    received.repairs_received = 1;
    if (f.repeatOfId) received.repeat_repairs = 1;
  }
  if (f.kind === 'complaint') {
    received.complaints = 1;
    if (f.channel === 'escalated') received.escalated_complaints = 1;
  }
  out.push({ key: { ...base, day: localDay(f.receivedAt, timeZone) }, counts: received });
  if (f.resolvedAt) {
    const c: Partial<Counts> = { resolved: 1 };
    if (!f.late) c.resolved_on_time = 1;
    if (f.callbackAt) c.resolved_called = 1;
    if (f.reopenCount === 0) c.first_time_fixed = 1;
    const clocks = [
      ['respond', f.respondBy, f.respondedAt],
      ['arrive', f.arriveBy, f.arrivedAt],
      ['resolve', f.resolveBy, f.resolvedAt],
    ] as const;
    for (const [name, by, at] of clocks) {
      if (by) {
        c[`${name}_clocked`] = 1;
        if (at && at <= by) c[`${name}_on_time`] = 1;
      }
      if (at) {
        c[`${name}_n`] = 1;
        c[`${name}_seconds`] = seconds(f.receivedAt, at);
      }
    }
    out.push({ key: { ...base, day: localDay(f.resolvedAt, timeZone) }, counts: c });
  }
  if (f.callbackAt) {
    const c: Partial<Counts> = { callbacks: 1 };
    if (f.satisfaction != null && f.satisfaction >= SATISFIED_MIN) c.satisfied = 1;
    out.push({ key: { ...base, day: localDay(f.callbackAt, timeZone) }, counts: c });
  }
  return out;
}

/**
 * The change to the rollups when an order goes from `before` (null: never folded) to `after`:
 * per rollup key, the counters to add (negative to take away). Keys that net to zero are dropped.
 */
export function rollupDelta(
  before: TicketFacts | null,
  after: TicketFacts,
  timeZone: string,
  into = new Map<string, { key: RollupKey; counts: Counts }>(),
) {
  const apply = (f: TicketFacts, sign: 1 | -1) => {
    for (const { key, counts } of contributions(f, timeZone)) {
      const k = keyString(key);
      let entry = into.get(k);
      if (!entry) {
        entry = { key, counts: zeroCounts() };
        into.set(k, entry);
      }
      for (const [c, n] of Object.entries(counts) as Array<[Counter, number]>) entry.counts[c] += sign * n;
    }
  };
  if (before) apply(before, -1);
  apply(after, 1);
  return into;
}

/** True when a delta entry changes nothing. */
export const isZero = (c: Counts) => COUNTERS.every((k) => c[k] === 0);
