import { z } from 'zod';
import { fail } from '../shared/errors.js';
import { localDayBoundary } from './kpi-days.js';
import type { ValuesQuery } from './kpi-values.js';

export const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
export const KINDS = ['repair', 'complaint', 'consultation', 'suggestion', 'praise', 'misconduct', 'billing'] as const;

/** The query of /kpi/values (and of its XLSX export). */
export const valuesQuery = z.object({
  codes: z.string().optional().describe('comma-separated indicator codes; all when absent'),
  from: dayOrInstant.describe('first local day (YYYY-MM-DD), or an instant at local midnight'),
  to: dayOrInstant.describe('the local day after the last (exclusive)'),
  unitId: z.uuid().optional(),
  by: z.enum(['unit', 'day', 'month']).optional(),
  unitKind: z.enum(['group', 'company', 'station', 'team']).optional().describe('with by=unit: only units of this kind'),
  kind: z.enum(KINDS).optional().describe('only orders of this request kind'),
  source: z.string().min(1).max(100).optional().describe('only escalated orders from this outside body'),
});

/** A parsed /kpi/values query as the engine's input, in the actor's time zone. */
export function valuesInput(q: z.infer<typeof valuesQuery>, timeZone: string): ValuesQuery {
  return {
    codes: q.codes
      ? q.codes
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
      : undefined,
    fromDay: toDay('from', q.from, timeZone),
    toDay: toDay('to', q.to, timeZone),
    unitId: q.unitId,
    by: q.by,
    kind: q.kind,
    source: q.source,
    unitKind: q.unitKind,
  };
}

/** Turns `from`/`to` (a date, or an instant at a local midnight) into local days, naming the field when it is not a day boundary. */
export function toDay(field: 'from' | 'to', v: string, timeZone: string) {
  const d = localDayBoundary(v, timeZone);
  if (!d) fail('invalid_period', `${field}: must be a date or a local midnight in ${timeZone} (figures are kept per day)`);
  return d;
}

/** The query of /kpi/orders (the orders behind a value) and of its XLSX export. */
export const drillQuery = z.object({
  code: z.string(),
  part: z.enum(['numerator', 'denominator', 'missed']).default('missed'),
  from: dayOrInstant,
  to: dayOrInstant,
  unitId: z.uuid().optional(),
  kind: z.enum(KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type DrillQuery = z.infer<typeof drillQuery>;

/** A period query (local days) with an optional unit, for the dashboard's heat map and breakdowns. */
export const periodQuery = z.object({
  from: dayOrInstant.describe('first local day (YYYY-MM-DD), or an instant at local midnight'),
  to: dayOrInstant.describe('the local day after the last (exclusive)'),
  unitId: z.uuid().optional(),
});
