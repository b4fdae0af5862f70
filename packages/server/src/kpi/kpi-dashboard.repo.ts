import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

export type HeatRow = { unitId: string; unitName: string; orders: number[]; late: number[] };

/**
 * Orders received per station and local hour of day over local days [fromDay, toDay), with how
 * many of them are late (missed a clock). An order still above any station (not dispatched yet)
 * counts at the unit it sits on. Read from the orders (one index range on received_at), since
 * the daily rollups have no hour.
 */
export async function heatmap(
  db: Kysely<DB>,
  q: { tenantId: string; unitPath: string; timeZone: string; fromDay: string; toDay: string },
): Promise<HeatRow[]> {
  const from = sql`(${q.fromDay}::date)::timestamp AT TIME ZONE ${q.timeZone}`;
  const to = sql`(${q.toDay}::date)::timestamp AT TIME ZONE ${q.timeZone}`;
  const { rows } = await sql<{ unit_id: string; name: string; hour: number; orders: number; late: number }>`
    WITH cells AS (
      SELECT COALESCE(st.id, t.unit_id) AS unit_id,
        extract(hour FROM t.received_at AT TIME ZONE ${q.timeZone})::int AS hour,
        count(*)::int AS orders,
        count(*) FILTER (WHERE t.late)::int AS late
      FROM tickets t
      LEFT JOIN units st ON st.tenant_id = t.tenant_id AND st.kind = 'station' AND t.unit_path LIKE st.path || '%'
      WHERE t.tenant_id = ${q.tenantId} AND t.unit_path LIKE ${`${q.unitPath}%`}
        AND t.received_at >= ${from} AND t.received_at < ${to}
      GROUP BY 1, 2
    )
    SELECT c.unit_id, u.name, c.hour, c.orders, c.late
    FROM cells c JOIN units u ON u.tenant_id = ${q.tenantId} AND u.id = c.unit_id
    ORDER BY u.path, c.hour`.execute(db);
  const byUnit = new Map<string, HeatRow>();
  for (const r of rows) {
    let row = byUnit.get(r.unit_id);
    if (!row) {
      row = { unitId: r.unit_id, unitName: r.name, orders: Array(24).fill(0), late: Array(24).fill(0) };
      byUnit.set(r.unit_id, row);
    }
    row.orders[r.hour] = Number(r.orders);
    row.late[r.hour] = Number(r.late);
  }
  return [...byUnit.values()];
}

export type BreakdownRow = { key: string; name: string; nameEn: string; count: number };

/**
 * Complaints received over local days [fromDay, toDay) in a subtree, by category and by the
 * outside body that escalated them ('' = filed directly), from the daily rollups.
 */
export async function complaintBreakdown(
  db: Kysely<DB>,
  q: { tenantId: string; unitPath: string; fromDay: string; toDay: string },
): Promise<{ byCategory: BreakdownRow[]; bySource: Array<{ key: string; count: number }>; total: number }> {
  const { rows } = await sql<{ category_code: string; source: string; n: number; name: string | null; name_en: string | null }>`
    SELECT r.category_code, r.source, sum(r.complaints)::int AS n, c.name, c.name_en
    FROM kpi_day_rollups r
    LEFT JOIN categories c ON c.tenant_id = r.tenant_id AND c.code = r.category_code
    WHERE r.tenant_id = ${q.tenantId} AND r.unit_path LIKE ${`${q.unitPath}%`}
      AND r.day >= ${q.fromDay}::date AND r.day < ${q.toDay}::date AND r.kind = 'complaint'
    GROUP BY r.category_code, r.source, c.name, c.name_en
    HAVING sum(r.complaints) > 0`.execute(db);
  const cats = new Map<string, BreakdownRow>();
  const sources = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    const cat = cats.get(r.category_code) ?? {
      key: r.category_code,
      name: r.name ?? r.category_code,
      nameEn: r.name_en || r.name || r.category_code,
      count: 0,
    };
    cat.count += n;
    cats.set(r.category_code, cat);
    sources.set(r.source, (sources.get(r.source) ?? 0) + n);
  }
  const desc = <T extends { count: number; key: string }>(a: T, b: T) => b.count - a.count || (a.key < b.key ? -1 : 1);
  return {
    byCategory: [...cats.values()].sort(desc),
    bySource: [...sources.entries()].map(([key, count]) => ({ key, count })).sort(desc),
    total,
  };
}

/**
 * The orders behind one cell of the heat map: received in local hour `hour` over local days
 * [fromDay, toDay) at the heat map's row `unitId` (a station, or the unit an order sits on above
 * any station), within the caller's subtree; only the late ones when `late`. Newest first.
 */
export async function heatOrders(
  db: Kysely<DB>,
  q: {
    tenantId: string;
    scopePath: string;
    timeZone: string;
    fromDay: string;
    toDay: string;
    unitId: string;
    hour: number;
    late: boolean;
    limit: number;
  },
) {
  const from = sql`(${q.fromDay}::date)::timestamp AT TIME ZONE ${q.timeZone}`;
  const to = sql`(${q.toDay}::date)::timestamp AT TIME ZONE ${q.timeZone}`;
  const { rows } = await sql<{ id: string; number: string; kind: string; status: string; unit_id: string; received_at: Date }>`
    SELECT t.id, t.number, t.kind, t.status, t.unit_id, t.received_at
    FROM tickets t
    LEFT JOIN units st ON st.tenant_id = t.tenant_id AND st.kind = 'station' AND t.unit_path LIKE st.path || '%'
    WHERE t.tenant_id = ${q.tenantId} AND t.unit_path LIKE ${`${q.scopePath}%`}
      AND t.received_at >= ${from} AND t.received_at < ${to}
      AND extract(hour FROM t.received_at AT TIME ZONE ${q.timeZone})::int = ${q.hour}
      AND COALESCE(st.id, t.unit_id) = ${q.unitId}
      ${q.late ? sql`AND t.late` : sql``}
    ORDER BY t.received_at DESC, t.id
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
