import type { Kysely } from 'kysely';
import { type Actor, isInScope, scopePrefix } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { getUnit } from '../org/unit.repo.js';
import { fail } from '../shared/errors.js';
import { INDICATOR_BY_CODE, INDICATORS, type IndicatorValue, indicatorValue } from './indicators.js';
import { drillOrders } from './kpi-drill.repo.js';
import { type DrillQuery, toDay } from './kpi-query.js';
import { type Grouping, householdsBySubtree, rollupSums, tenantTargets } from './kpi-values.repo.js';

export type ValuesQuery = {
  codes?: string[];
  fromDay: string;
  toDay: string;
  unitId?: string;
  by?: Grouping;
  kind?: string;
  source?: string;
  unitKind?: string;
};
export type ValueItem = IndicatorValue & { code: string; unitId?: string; period?: string; target: number | null };

/** The unit subtree an actor asks for: their own scope, or a unit inside it (403 naming unitId otherwise). */
export async function scopedPath(db: Kysely<DB>, actor: Actor, unitId?: string) {
  if (!unitId) return scopePrefix(actor);
  const unit = await getUnit(db, actor.tenantId, unitId);
  if (!isInScope(actor, unit.path)) fail('unit_out_of_scope', 'unitId: outside your part of the organisation');
  return unit.path;
}

/** Checks a list of indicator codes; an unknown one is a 400 naming `codes`. */
export function checkCodes(codes: string[] | undefined) {
  const unknown = (codes ?? []).filter((c) => !INDICATOR_BY_CODE.has(c));
  if (unknown.length) fail('unknown_indicator', `codes: unknown indicator ${unknown.join(', ')}`);
  return codes?.length ? codes.map((c) => INDICATOR_BY_CODE.get(c)!) : INDICATORS;
}

/** Indicator values for the actor's scope from the daily rollups, per code and group. */
export async function indicatorValues(db: Kysely<DB>, actor: Actor, q: ValuesQuery): Promise<ValueItem[]> {
  const indicators = checkCodes(q.codes);
  if (q.fromDay >= q.toDay) fail('invalid_range', 'from: must be before to');
  const path = await scopedPath(db, actor, q.unitId);
  const by = q.by ?? 'none';
  const [rows, targets] = await Promise.all([
    rollupSums(db, {
      tenantId: actor.tenantId,
      unitPath: path,
      fromDay: q.fromDay,
      toDay: q.toDay,
      by,
      kind: q.kind,
      source: q.source,
      unitKind: q.unitKind,
    }),
    tenantTargets(db, actor.tenantId),
  ]);
  const needsHouseholds = indicators.some((i) => i.source?.den === 'households');
  let households = new Map<string, number>();
  let unitPaths = new Map<string, string>();
  if (needsHouseholds) {
    if (by === 'unit') {
      const units = await db
        .selectFrom('units')
        .select(['id', 'path'])
        .where('tenant_id', '=', actor.tenantId)
        .where('path', 'like', `${path}%`)
        .execute();
      unitPaths = new Map(units.map((u) => [u.id, u.path]));
      households = await householdsBySubtree(
        db,
        actor.tenantId,
        units.map((u) => u.path),
      );
    } else households = await householdsBySubtree(db, actor.tenantId, [path]);
  }
  const items: ValueItem[] = [];
  for (const ind of indicators) {
    const target = targets.get(ind.code) ?? ind.defaultTarget;
    for (const row of rows) {
      const hh = by === 'unit' ? (households.get(unitPaths.get(row.group!) ?? '') ?? 0) : (households.get(path) ?? 0);
      const v = indicatorValue(ind, row.sums, hh);
      items.push({
        code: ind.code,
        ...(by === 'unit' && { unitId: row.group! }),
        ...((by === 'day' || by === 'month') && { period: row.group! }),
        ...v,
        target,
      });
    }
  }
  return items;
}

/** The orders behind an indicator's value in the actor's scope (see drillOrders), newest first. */
export async function ordersBehind(db: Kysely<DB>, actor: Actor, q: DrillQuery) {
  const [ind] = checkCodes([q.code]);
  if (!ind?.source || ind.source.den === 'households') fail('not_drillable', `code: ${q.code} has no list of orders behind it`);
  const fromDay = toDay('from', q.from, actor.timeZone);
  const to = toDay('to', q.to, actor.timeZone);
  if (fromDay >= to) fail('invalid_range', 'from: must be before to');
  const path = await scopedPath(db, actor, q.unitId);
  return drillOrders(db, {
    tenantId: actor.tenantId,
    unitPath: path,
    timeZone: actor.timeZone,
    fromDay,
    toDay: to,
    num: ind.source.num,
    den: ind.source.den,
    part: q.part,
    kind: q.kind,
    limit: q.limit,
  });
}
