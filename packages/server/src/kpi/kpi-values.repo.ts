import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { SATISFIED_MIN } from '../tickets/ticket.state.js';
import { COUNTERS, type Counts, zeroCounts } from './kpi-facts.js';

export type Grouping = 'none' | 'unit' | 'day' | 'month';
export type SumsRow = { group: string | null; sums: Counts };

const sumCols = sql.join(COUNTERS.map((c) => sql`COALESCE(sum(r.${sql.ref(c)}), 0)::bigint AS ${sql.ref(c)}`));
const toCounts = (row: Record<string, unknown>): Counts => {
  const c = zeroCounts();
  for (const k of COUNTERS) c[k] = Number(row[k] ?? 0);
  return c;
};

/**
 * Summed rollup counters for a unit subtree over local days [fromDay, toDay), optionally one
 * kind and one escalation source, grouped by nothing, unit (each unit of the subtree with its
 * own subtree's total), local day or month.
 */
export async function rollupSums(
  db: Kysely<DB>,
  q: {
    tenantId: string;
    unitPath: string;
    fromDay: string;
    toDay: string;
    by: Grouping;
    kind?: string;
    source?: string;
    unitKind?: string;
  },
): Promise<SumsRow[]> {
  const filters = sql`r.day >= ${q.fromDay}::date AND r.day < ${q.toDay}::date
    ${q.kind ? sql`AND r.kind = ${q.kind}` : sql``} ${q.source ? sql`AND r.source = ${q.source}` : sql``}`;
  if (q.by === 'unit') {
    // One pass over the subtree's rollups summed per holding unit, then each unit gets the total of
    // every unit at or below it: a join per unit grows with the rollup rows, this does not.
    const [units, perPath] = await Promise.all([
      sql<{ id: string; path: string }>`
        SELECT id, path FROM units u
        WHERE u.tenant_id = ${q.tenantId} AND u.path LIKE ${`${q.unitPath}%`} ${q.unitKind ? sql`AND u.kind = ${q.unitKind}` : sql``}
        ORDER BY u.path`.execute(db),
      sql<Record<string, unknown>>`
        SELECT r.unit_path AS grp, ${sumCols}
        FROM kpi_day_rollups r
        WHERE r.tenant_id = ${q.tenantId} AND r.unit_path LIKE ${`${q.unitPath}%`} AND ${filters}
        GROUP BY r.unit_path`.execute(db),
    ]);
    const totals = new Map(units.rows.map((u) => [u.path, zeroCounts()]));
    for (const row of perPath.rows) {
      const path = String(row.grp);
      const counts = toCounts(row);
      // Every ancestor path of the holding unit ('/a/', '/a/b/', …) that is one of the units asked for.
      let at = path.indexOf('/', 1);
      while (at > 0) {
        const total = totals.get(path.slice(0, at + 1));
        if (total) for (const c of COUNTERS) total[c] += counts[c];
        at = path.indexOf('/', at + 1);
      }
    }
    return units.rows.map((u) => ({ group: u.id, sums: totals.get(u.path)! }));
  }
  const grp = q.by === 'day' ? sql`to_char(r.day, 'YYYY-MM-DD')` : q.by === 'month' ? sql`to_char(r.day, 'YYYY-MM')` : sql`NULL::text`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${grp} AS grp, ${sumCols}
    FROM kpi_day_rollups r
    WHERE r.tenant_id = ${q.tenantId} AND r.unit_path LIKE ${`${q.unitPath}%`} AND ${filters}
    ${q.by === 'none' ? sql`` : sql`GROUP BY 1 ORDER BY 1`}`.execute(db);
  return rows.map((r) => ({ group: r.grp == null ? null : String(r.grp), sums: toCounts(r) }));
}

/** Households (premises) attached to each given unit's subtree. */
export async function householdsBySubtree(db: Kysely<DB>, tenantId: string, paths: string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const { rows } = await sql<{ path: string; n: number }>`
    SELECT s.path, count(p.id)::int AS n
    FROM unnest(${paths}::text[]) AS s(path)
    LEFT JOIN units u ON u.tenant_id = ${tenantId} AND u.path LIKE s.path || '%'
    LEFT JOIN premises p ON p.tenant_id = ${tenantId} AND p.unit_id = u.id
    GROUP BY s.path`.execute(db);
  return new Map(rows.map((r) => [r.path, Number(r.n)]));
}

/**
 * The same counters computed straight from the orders over instants [from, to): the reference
 * the rollups must equal (a test checks it) and what /kpi/summary answers for arbitrary instants.
 */
export async function rawSums(db: Kysely<DB>, tenantId: string, unitPath: string, from: Date, to: Date, kind?: string): Promise<Counts> {
  const rcv = sql`received_at >= ${from} AND received_at < ${to}`;
  const res = sql`resolved_at >= ${from} AND resolved_at < ${to}`;
  const cb = sql`callback_at >= ${from} AND callback_at < ${to}`;
  const secs = (at: string) =>
    sql`COALESCE(sum(floor(extract(epoch FROM ${sql.ref(at)} - received_at))) FILTER (WHERE ${res} AND ${sql.ref(at)} IS NOT NULL), 0)::bigint`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT
      count(*) FILTER (WHERE ${rcv})::int AS received,
      count(*) FILTER (WHERE ${rcv} AND repeat_of_id IS NOT NULL)::int AS repeats,
      count(*) FILTER (WHERE ${rcv} AND kind = 'repair')::int AS repairs_received,
      count(*) FILTER (WHERE ${rcv} AND kind = 'repair' AND repeat_of_id IS NOT NULL)::int AS repeat_repairs,
      count(*) FILTER (WHERE ${rcv} AND kind = 'complaint')::int AS complaints,
      count(*) FILTER (WHERE ${rcv} AND kind = 'complaint' AND channel = 'escalated')::int AS escalated_complaints,
      count(*) FILTER (WHERE ${res})::int AS resolved,
      count(*) FILTER (WHERE ${res} AND NOT late)::int AS resolved_on_time,
      count(*) FILTER (WHERE ${res} AND callback_at IS NOT NULL)::int AS resolved_called,
      count(*) FILTER (WHERE ${res} AND reopen_count = 0)::int AS first_time_fixed,
      count(*) FILTER (WHERE ${res} AND respond_by IS NOT NULL)::int AS respond_clocked,
      count(*) FILTER (WHERE ${res} AND responded_at <= respond_by)::int AS respond_on_time,
      count(*) FILTER (WHERE ${res} AND arrive_by IS NOT NULL)::int AS arrive_clocked,
      count(*) FILTER (WHERE ${res} AND arrived_at <= arrive_by)::int AS arrive_on_time,
      count(*) FILTER (WHERE ${res} AND resolve_by IS NOT NULL)::int AS resolve_clocked,
      count(*) FILTER (WHERE ${res} AND resolved_at <= resolve_by)::int AS resolve_on_time,
      count(*) FILTER (WHERE ${res} AND responded_at IS NOT NULL)::int AS respond_n,
      ${secs('responded_at')} AS respond_seconds,
      count(*) FILTER (WHERE ${res} AND arrived_at IS NOT NULL)::int AS arrive_n,
      ${secs('arrived_at')} AS arrive_seconds,
      count(*) FILTER (WHERE ${res})::int AS resolve_n,
      ${secs('resolved_at')} AS resolve_seconds,
      count(*) FILTER (WHERE ${cb})::int AS callbacks,
      count(*) FILTER (WHERE ${cb} AND satisfaction >= ${SATISFIED_MIN})::int AS satisfied
    FROM tickets
    WHERE tenant_id = ${tenantId} AND unit_path LIKE ${`${unitPath}%`}
      ${kind ? sql`AND kind = ${kind}` : sql``}
      AND (received_at >= ${from} OR resolved_at >= ${from} OR callback_at >= ${from})`.execute(db);
  return toCounts(rows[0] ?? {});
}

/** A tenant's targets that differ from the catalogue defaults. */
export async function tenantTargets(db: Kysely<DB>, tenantId: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ code: string; target: number }>`SELECT code, target FROM kpi_targets WHERE tenant_id = ${tenantId}`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.code, Number(r.target)]));
}

/** Sets a tenant's target for one indicator. */
export async function setTarget(db: Kysely<DB>, tenantId: string, code: string, target: number, userId: string, at: Date) {
  await sql`
    INSERT INTO kpi_targets (tenant_id, code, target, updated_at, updated_by) VALUES (${tenantId}, ${code}, ${target}, ${at}, ${userId})
    ON CONFLICT (tenant_id, code) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(
    db,
  );
}

/** Names of units by id (one tenant). */
export async function unitNames(db: Kysely<DB>, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
