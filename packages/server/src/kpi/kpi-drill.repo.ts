import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { SATISFIED_MIN } from '../tickets/ticket.state.js';
import type { Counter } from './kpi-facts.js';

type Rule = { at: 'received_at' | 'resolved_at' | 'callback_at'; when: RawBuilder<unknown> };
const TRUE = sql`TRUE`;
const clock = (c: 'respond' | 'arrive' | 'resolve') => {
  const at = sql.ref(c === 'respond' ? 'responded_at' : c === 'arrive' ? 'arrived_at' : 'resolved_at');
  const by = sql.ref(`${c}_by`);
  return {
    [`${c}_clocked`]: { at: 'resolved_at', when: sql`${by} IS NOT NULL` },
    [`${c}_on_time`]: { at: 'resolved_at', when: sql`${at} <= ${by}` },
    [`${c}_n`]: { at: 'resolved_at', when: sql`${at} IS NOT NULL` },
    [`${c}_seconds`]: { at: 'resolved_at', when: sql`${at} IS NOT NULL` },
  } as Partial<Record<Counter, Rule>>;
};

/** Which orders each rollup counter counts, as the day column and a condition (docs/indicators.md). */
const RULES = {
  received: { at: 'received_at', when: TRUE },
  repeats: { at: 'received_at', when: sql`repeat_of_id IS NOT NULL` },
  repairs_received: { at: 'received_at', when: sql`kind = 'repair'` },
  repeat_repairs: { at: 'received_at', when: sql`kind = 'repair' AND repeat_of_id IS NOT NULL` },
  complaints: { at: 'received_at', when: sql`kind = 'complaint'` },
  escalated_complaints: { at: 'received_at', when: sql`kind = 'complaint' AND channel = 'escalated'` },
  resolved: { at: 'resolved_at', when: TRUE },
  resolved_on_time: { at: 'resolved_at', when: sql`NOT late` },
  resolved_called: { at: 'resolved_at', when: sql`callback_at IS NOT NULL` },
  first_time_fixed: { at: 'resolved_at', when: sql`reopen_count = 0` },
  ...clock('respond'),
  ...clock('arrive'),
  ...clock('resolve'),
  callbacks: { at: 'callback_at', when: TRUE },
  satisfied: { at: 'callback_at', when: sql`satisfaction >= ${SATISFIED_MIN}` },
} as Record<Counter, Rule>;

/**
 * The orders behind an indicator's value over local days [fromDay, toDay) in a subtree: those in
 * its numerator, its denominator, or its denominator but not its numerator ("missed": the late
 * ones behind on_time, the dissatisfied ones behind satisfaction). Newest first.
 */
export async function drillOrders(
  db: Kysely<DB>,
  q: {
    tenantId: string;
    unitPath: string;
    timeZone: string;
    fromDay: string;
    toDay: string;
    num: Counter;
    den: Counter;
    part: 'numerator' | 'denominator' | 'missed';
    kind?: string;
    limit: number;
  },
) {
  const den = RULES[q.den];
  const num = RULES[q.num];
  const localDay = sql`(${sql.ref(den.at)} AT TIME ZONE ${q.timeZone})::date`;
  const which = q.part === 'numerator' ? sql`AND (${num.when})` : q.part === 'missed' ? sql`AND NOT COALESCE((${num.when}), false)` : sql``;
  const { rows } = await sql<{ id: string; number: string; kind: string; status: string; unit_id: string; received_at: Date }>`
    SELECT id, number, kind, status, unit_id, received_at
    FROM tickets
    WHERE tenant_id = ${q.tenantId} AND unit_path LIKE ${`${q.unitPath}%`}
      AND ${sql.ref(den.at)} IS NOT NULL AND ${localDay} >= ${q.fromDay}::date AND ${localDay} < ${q.toDay}::date
      AND (${den.when}) ${which} ${q.kind ? sql`AND kind = ${q.kind}` : sql``}
    ORDER BY ${sql.ref(den.at)} DESC, id
    LIMIT ${q.limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    unitId: r.unit_id,
    receivedAt: new Date(r.received_at).toISOString(),
  }));
}
