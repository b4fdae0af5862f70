import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { SATISFIED_MIN } from '../tickets/ticket.state.js';

export type Rate = { numerator: number; denominator: number; rate: number | null };
export type KpiSummary = { onTime: Rate; satisfaction: Rate; callback: Rate; repeat: Rate };

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
});

/**
 * The first figures of the commitments scoreboard for a period and a unit subtree:
 * - on-time rate: orders resolved in the period that missed no clock / orders resolved in the period
 * - satisfaction: callbacks in the period rated 4–5 / callbacks in the period
 * - callback rate: orders resolved in the period that have had a callback / orders resolved in the period
 * - repeat rate: orders received in the period linked as repeats / orders received in the period
 */
export async function kpiSummary(db: Kysely<DB>, tenantId: string, unitPath: string, from: Date, to: Date): Promise<KpiSummary> {
  const inScope = sql`tenant_id = ${tenantId} AND unit_path LIKE ${`${unitPath}%`}`;
  const { rows } = await sql<{
    resolved: number;
    resolved_on_time: number;
    resolved_called: number;
    callbacks: number;
    satisfied: number;
    received: number;
    repeats: number;
  }>`
    SELECT
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to})::int AS resolved,
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to} AND NOT late)::int AS resolved_on_time,
      count(*) FILTER (WHERE resolved_at >= ${from} AND resolved_at < ${to} AND callback_at IS NOT NULL)::int AS resolved_called,
      count(*) FILTER (WHERE callback_at >= ${from} AND callback_at < ${to})::int AS callbacks,
      count(*) FILTER (WHERE callback_at >= ${from} AND callback_at < ${to} AND satisfaction >= ${SATISFIED_MIN})::int AS satisfied,
      count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to})::int AS received,
      count(*) FILTER (WHERE received_at >= ${from} AND received_at < ${to} AND repeat_of_id IS NOT NULL)::int AS repeats
    FROM tickets
    WHERE ${inScope}
      AND (resolved_at >= ${from} OR callback_at >= ${from} OR received_at >= ${from})
  `.execute(db);
  const r = rows[0]!;
  return {
    onTime: rate(r.resolved_on_time, r.resolved),
    satisfaction: rate(r.satisfied, r.callbacks),
    callback: rate(r.resolved_called, r.resolved),
    repeat: rate(r.repeats, r.received),
  };
}
