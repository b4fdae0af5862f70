import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { INDICATOR_BY_CODE, indicatorValue } from './indicators.js';
import { rawSums } from './kpi-values.repo.js';

export type Rate = { numerator: number; denominator: number; rate: number | null };
export type KpiSummary = { onTime: Rate; satisfaction: Rate; callback: Rate; repeat: Rate };

/**
 * The catalogue's on_time, satisfaction, callback and repeat for arbitrary instants [from, to),
 * counted straight from the orders with the same formulas the rollups use (docs/indicators.md).
 */
export async function kpiSummary(db: Kysely<DB>, tenantId: string, unitPath: string, from: Date, to: Date): Promise<KpiSummary> {
  const sums = await rawSums(db, tenantId, unitPath, from, to);
  const rate = (code: string): Rate => {
    const v = indicatorValue(INDICATOR_BY_CODE.get(code)!, sums, 0);
    return { numerator: v.numerator ?? 0, denominator: v.denominator ?? 0, rate: v.value };
  };
  return { onTime: rate('on_time'), satisfaction: rate('satisfaction'), callback: rate('callback'), repeat: rate('repeat') };
}
