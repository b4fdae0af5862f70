import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { COUNTERS, type Counts, factsOf, isZero, type RollupKey, rollupDelta, type TicketFacts } from './kpi-facts.js';

/** How far back each pass re-reads tickets.updated_at: a transaction that stamped its change
 * earlier but committed after the last pass is still caught. Re-reading is harmless (the delta
 * against the stored facts is zero). */
export const FOLD_OVERLAP_MS = 60_000;
const BATCH = 1000;

// jsonb gives keys back in its own order, so facts are compared key by key.
const canonical = (f: TicketFacts) => JSON.stringify(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1)));

type TicketCols = Record<string, unknown> & { tenant_id: string; id: string; updated_at: Date };

/**
 * Folds every order of one tenant changed since its mark into kpi_day_rollups: for each order,
 * minus what it contributed last time (kpi_ticket_facts), plus what it contributes now. Batches
 * are serialised per tenant by locking its mark row, so concurrent workers never count twice.
 * Reads tickets, never writes them. Returns the number of orders whose contribution changed.
 */
export async function foldTenant(db: Kysely<DB>, tenantId: string, timeZone: string): Promise<number> {
  await sql`INSERT INTO kpi_fold_marks (tenant_id, folded_to) VALUES (${tenantId}, NULL) ON CONFLICT DO NOTHING`.execute(db);
  const mark = await sql<{ folded_to: Date | null }>`SELECT folded_to FROM kpi_fold_marks WHERE tenant_id = ${tenantId}`.execute(db);
  const markAt = mark.rows[0]?.folded_to ?? null;
  let cursor: { at: Date; id: string } | null = markAt ? { at: new Date(markAt.getTime() - FOLD_OVERLAP_MS), id: '' } : null;
  let changed = 0;
  let maxSeen = markAt;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      await sql`SELECT 1 FROM kpi_fold_marks WHERE tenant_id = ${tenantId} FOR UPDATE`.execute(trx);
      const rows = await sql<TicketCols>`
        SELECT tenant_id, id, updated_at, unit_id, unit_path, kind, category_code, channel, source_body, received_at,
          resolved_at, callback_at, satisfaction, late, respond_by, responded_at, arrive_by, arrived_at, resolve_by,
          repeat_of_id, reopen_count
        FROM tickets
        WHERE tenant_id = ${tenantId}
          ${cursor ? sql`AND (updated_at, id) > (${cursor.at}, ${cursor.id === '' ? '00000000-0000-0000-0000-000000000000' : cursor.id}::uuid)` : sql``}
        ORDER BY updated_at, id
        LIMIT ${BATCH}`.execute(trx);
      if (rows.rows.length === 0) return { n: 0, last: null, changed: 0 };
      const ids = rows.rows.map((r) => r.id);
      const stored = await sql<{ ticket_id: string; facts: TicketFacts }>`
        SELECT ticket_id, facts FROM kpi_ticket_facts
        WHERE tenant_id = ${tenantId} AND ticket_id IN (${sql.join(ids)})`.execute(trx);
      const before = new Map(stored.rows.map((r) => [r.ticket_id, typeof r.facts === 'string' ? JSON.parse(r.facts) : r.facts]));
      const delta = new Map<string, { key: RollupKey; counts: Counts }>();
      const newFacts: Array<{ id: string; facts: TicketFacts }> = [];
      for (const t of rows.rows) {
        const after = factsOf(t);
        const prev = (before.get(t.id) as TicketFacts | undefined) ?? null;
        if (prev && canonical(prev) === canonical(after)) continue;
        rollupDelta(prev, after, timeZone, delta);
        newFacts.push({ id: t.id, facts: after });
      }
      await applyDelta(
        trx,
        tenantId,
        [...delta.values()].filter((d) => !isZero(d.counts)),
      );
      for (let i = 0; i < newFacts.length; i += 500) {
        const chunk = newFacts.slice(i, i + 500);
        await sql`
          INSERT INTO kpi_ticket_facts (tenant_id, ticket_id, facts)
          VALUES ${sql.join(chunk.map((f) => sql`(${tenantId}, ${f.id}, ${JSON.stringify(f.facts)}::jsonb)`))}
          ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET facts = excluded.facts`.execute(trx);
      }
      const last = rows.rows[rows.rows.length - 1]!;
      return { n: rows.rows.length, last: { at: last.updated_at, id: last.id }, changed: newFacts.length };
    });
    changed += batch.changed;
    if (batch.last) {
      cursor = batch.last;
      if (!maxSeen || batch.last.at > maxSeen) maxSeen = batch.last.at;
    }
    if (batch.n < BATCH) break;
  }
  if (maxSeen && (!markAt || maxSeen > markAt)) {
    await sql`UPDATE kpi_fold_marks SET folded_to = GREATEST(COALESCE(folded_to, ${maxSeen}), ${maxSeen}) WHERE tenant_id = ${tenantId}`.execute(
      db,
    );
  }
  return changed;
}

/** Adds a batch of deltas to the rollup rows, creating the rows that do not exist yet. */
async function applyDelta(db: Kysely<DB>, tenantId: string, deltas: Array<{ key: RollupKey; counts: Counts }>) {
  const cols = sql.join(COUNTERS.map((c) => sql.ref(c)));
  const sets = sql.join(COUNTERS.map((c) => sql`${sql.ref(c)} = kpi_day_rollups.${sql.ref(c)} + excluded.${sql.ref(c)}`));
  for (let i = 0; i < deltas.length; i += 200) {
    const chunk = deltas.slice(i, i + 200);
    await sql`
      INSERT INTO kpi_day_rollups (tenant_id, unit_id, unit_path, day, kind, category_code, source, ${cols})
      VALUES ${sql.join(
        chunk.map(
          (d) =>
            sql`(${tenantId}, ${d.key.unitId}, ${d.key.unitPath}, ${d.key.day}::date, ${d.key.kind}, ${d.key.categoryCode}, ${d.key.source}, ${sql.join(
              COUNTERS.map((c) => d.counts[c]),
            )})`,
        ),
      )}
      ON CONFLICT (tenant_id, unit_id, day, kind, category_code, source) DO UPDATE SET ${sets}`.execute(db);
  }
}

/** One pass of the fold over every tenant; the worker runs it in a loop. Returns the orders folded. */
export async function foldKpiRollups(db: Kysely<DB>, _clock?: Clock): Promise<number> {
  const tenants = await db.selectFrom('tenants').select(['id', 'time_zone']).execute();
  let n = 0;
  for (const t of tenants) n += await foldTenant(db, t.id, t.time_zone);
  return n;
}
