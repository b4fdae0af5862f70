import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { zonedParts } from '../shared/time.js';
import { INDICATORS, type Indicator, indicatorValue } from './indicators.js';
import { householdsBySubtree, rollupSums, tenantTargets } from './kpi-values.repo.js';

/** How often the background pass refreshes a tenant's scoreboard (the issue asks for at least daily). */
export const SCOREBOARD_REFRESH_MS = 60 * 60 * 1000;
/** Months computed on a tenant's first refresh, so the page has a history from the start. */
export const SCOREBOARD_BACKFILL_MONTHS = 12;

/** A month (YYYY-MM) moved by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The local month (YYYY-MM) of an instant in a time zone. */
export function localMonth(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/**
 * The tenant's published commitments: every indicator that is measured today and has a target
 * (the catalogue's default, from the commitments of seed 000, or the tenant's own).
 */
export function publishedCommitments(targets: Map<string, number>): Array<{ ind: Indicator; target: number }> {
  return INDICATORS.flatMap((ind) => {
    const target = targets.get(ind.code) ?? ind.defaultTarget;
    return ind.source && target != null ? [{ ind, target }] : [];
  });
}

/**
 * Recomputes one tenant's scoreboard for the given months from the daily rollups (the group and
 * each company, every published commitment) and replaces those months' rows in one transaction.
 */
export async function snapshotMonths(db: Kysely<DB>, tenantId: string, months: string[], at: Date): Promise<number> {
  const targets = await tenantTargets(db, tenantId);
  const published = publishedCommitments(targets);
  const units = await db
    .selectFrom('units')
    .select(['id', 'name', 'path', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('kind', 'in', ['group', 'company'])
    .orderBy('path')
    .execute();
  const households = published.some((p) => p.ind.source?.den === 'households')
    ? await householdsBySubtree(
        db,
        tenantId,
        units.map((u) => u.path),
      )
    : new Map<string, number>();
  const rows: Array<Record<string, unknown>> = [];
  for (const month of months) {
    const sums = await rollupSums(db, { tenantId, unitPath: '/', fromDay: `${month}-01`, toDay: `${addMonths(month, 1)}-01`, by: 'unit' });
    const byUnit = new Map(sums.map((s) => [s.group, s.sums]));
    for (const u of units) {
      const counts = byUnit.get(u.id);
      if (!counts) continue;
      for (const { ind, target } of published) {
        const v = indicatorValue(ind, counts, households.get(u.path) ?? 0);
        rows.push({
          tenant_id: tenantId,
          month,
          code: ind.code,
          unit_id: u.id,
          unit_name: u.name,
          unit_kind: u.kind,
          numerator: v.numerator,
          denominator: v.denominator,
          value: v.value,
          target,
          computed_at: at,
        });
      }
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('kpi_scoreboard_months').where('tenant_id', '=', tenantId).where('month', 'in', months).execute();
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('kpi_scoreboard_months')
        .values(rows.slice(i, i + 500) as never)
        .execute();
    }
    await sql`
      INSERT INTO kpi_scoreboard_refreshes (tenant_id, refreshed_at) VALUES (${tenantId}, ${at})
      ON CONFLICT (tenant_id) DO UPDATE SET refreshed_at = excluded.refreshed_at`.execute(trx);
  });
  return rows.length;
}

/**
 * The background pass: refreshes the current and previous month of every tenant whose scoreboard
 * is older than SCOREBOARD_REFRESH_MS (the last SCOREBOARD_BACKFILL_MONTHS on its first run).
 * Older months keep what was published. Returns the number of tenants refreshed.
 */
export async function refreshScoreboards(db: Kysely<DB>, clock: Clock, maxAgeMs = SCOREBOARD_REFRESH_MS): Promise<number> {
  const now = clock.now();
  const due = await sql<{ id: string; time_zone: string; refreshed_at: Date | null }>`
    SELECT t.id, t.time_zone, r.refreshed_at
    FROM tenants t LEFT JOIN kpi_scoreboard_refreshes r ON r.tenant_id = t.id
    WHERE r.refreshed_at IS NULL OR r.refreshed_at <= ${new Date(now.getTime() - maxAgeMs)}`.execute(db);
  for (const t of due.rows) {
    const current = localMonth(now, t.time_zone);
    const back = t.refreshed_at ? 2 : SCOREBOARD_BACKFILL_MONTHS;
    await snapshotMonths(
      db,
      t.id,
      Array.from({ length: back }, (_, i) => addMonths(current, -i)),
      now,
    );
  }
  return due.rows.length;
}

export type ScoreboardRow = {
  month: string;
  code: string;
  unit_id: string;
  unit_name: string;
  unit_kind: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
  computed_at: Date;
};

/** A tenant's published scoreboard rows, newest month first, at most `months` months. */
export async function scoreboardRows(db: Kysely<DB>, tenantId: string, months: number): Promise<ScoreboardRow[]> {
  const { rows } = await sql<ScoreboardRow>`
    SELECT month, code, unit_id, unit_name, unit_kind, numerator, denominator, value, target, computed_at
    FROM kpi_scoreboard_months
    WHERE tenant_id = ${tenantId}
      AND month IN (SELECT DISTINCT month FROM kpi_scoreboard_months WHERE tenant_id = ${tenantId} ORDER BY month DESC LIMIT ${months})
    ORDER BY month DESC, code, unit_kind DESC, unit_name`.execute(db);
  return rows;
}
