import type { paths } from '../api/models';

type Json<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } }
  ? T
  : never;

export type Indicator = Json<'/api/v1/kpi/indicators'>['items'][number];
export type ValueItem = Json<'/api/v1/kpi/values'>['items'][number];
export type Heat = Json<'/api/v1/kpi/heatmap'>;
export type Breakdown = Json<'/api/v1/kpi/complaints'>;

/** The period and unit every section of the dashboard shows. */
export type Scope = { from: string; to: string; unitId?: string };

/** Whether the orders behind an indicator's counts can be listed (not for a per-household rate). */
export const drillable = (i: Indicator) => i.available && i.unit !== 'per_10k_households';

/** An XLSX export's address with the dashboard's query (downloaded with the session cookie). */
export function xlsxHref(path: string, query: Record<string, string | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  return `/api/v1/kpi/${path}.xlsx?${q}`;
}
