import { sql } from 'kysely';
import { z } from 'zod';
import { isInScope } from '../auth/roles.js';
import { localDayBoundary } from '../kpi/kpi-days.js';
import { getUnit } from '../org/unit.repo.js';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import { visibleTo } from '../tickets/ticket.repo.js';
import { loadComplaintSettings } from './complaint.repo.js';

// Issue 10 item 5, the analysis: complaints received in a period, counted per month (in the
// tenant's time zone) along one dimension — who escalated them, the channel, the sub-type, the
// category, the unit holding them, the ruling. Scoped like the desk: what the caller may see.

export const ANALYSIS_DIMENSIONS = ['source', 'channel', 'subType', 'category', 'unit', 'ruling'] as const;
export type AnalysisDimension = (typeof ANALYSIS_DIMENSIONS)[number];
const MAX_MONTHS = 36;

export const analysisQuery = z.object({
  from: z.iso.date().describe('first local day (YYYY-MM-DD)'),
  to: z.iso.date().describe('the local day after the last (exclusive)'),
  by: z.enum(ANALYSIS_DIMENSIONS).default('source'),
  unitId: z.uuid().optional().describe('only complaints held in this unit and below'),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN').describe('language of the labels'),
});

export const analysisOut = z
  .object({
    by: z.enum(ANALYSIS_DIMENSIONS),
    months: z.array(z.string()).describe('YYYY-MM, local, every month of the period'),
    rows: z.array(
      z.object({
        key: z.string().describe('the code; empty for "none" (filed directly, not yet ruled)'),
        label: z.string(),
        months: z.array(z.object({ month: z.string(), count: z.number().int() })),
        total: z.number().int(),
      }),
    ),
    total: z.number().int(),
  })
  .meta({ id: 'ComplaintAnalysis' });
export type AnalysisOut = z.infer<typeof analysisOut>;

type Lang = 'zh-CN' | 'en';
const LABELS: Record<'source' | 'channel' | 'ruling', Record<string, [string, string]>> = {
  source: {
    '': ['直接受理', 'Filed directly'],
    regulator: ['能源监管（12398）', 'Energy regulator (12398)'],
    provincial_hotline: ['省级热线', 'Provincial hotline'],
    '95598': ['95598监督中心', '95598 supervision centre'],
    '12345': ['12345热线', '12345 hotline'],
    conduct_office: ['行风办', 'Conduct office'],
    media: ['媒体', 'Media'],
    other: ['其他', 'Other'],
  },
  channel: {
    hotline: ['电话', 'Phone'],
    window: ['窗口', 'Counter'],
    web: ['网站', 'Website'],
    app: ['App', 'App'],
    sms: ['短信', 'SMS'],
    open311: ['Open311', 'Open311'],
    escalated: ['越级转办', 'Escalated'],
    import: ['导入', 'Import'],
  },
  ruling: {
    '': ['未定性', 'Not ruled yet'],
    verified: ['属实', 'Verified'],
    partly_verified: ['部分属实', 'Partly verified'],
    unfounded: ['不属实', 'Unfounded'],
  },
};

/** Every local month from the month of `fromDay` to the month of the day before `toDay`. */
export function monthsOf(fromDay: string, toDay: string): string[] {
  const last = new Date(`${toDay}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const out: string[] = [];
  let y = Number(fromDay.slice(0, 4));
  let m = Number(fromDay.slice(5, 7));
  const end = last.getUTCFullYear() * 12 + last.getUTCMonth();
  while (y * 12 + (m - 1) <= end) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const keyOf: Record<AnalysisDimension, ReturnType<typeof sql<string>>> = {
  source: sql<string>`coalesce(t.source_body, '')`,
  channel: sql<string>`t.channel`,
  subType: sql<string>`coalesce(c.sub_type, 'other')`,
  category: sql<string>`t.category_code`,
  unit: sql<string>`t.unit_id::text`,
  ruling: sql<string>`coalesce(c.ruling, '')`,
};

export async function complaintAnalysis(ctx: Ctx, q: z.infer<typeof analysisQuery>): Promise<AnalysisOut> {
  const { db, actor } = ctx;
  const tz = actor.timeZone;
  const fromDay = localDayBoundary(q.from, tz);
  const toDay = localDayBoundary(q.to, tz);
  if (!fromDay || !toDay || toDay <= fromDay) fail('invalid_period', 'to: must be after from');
  const months = monthsOf(fromDay, toDay);
  if (months.length > MAX_MONTHS) fail('invalid_period', `to: at most ${MAX_MONTHS} months at once`);
  let unitPath: string | null = null;
  if (q.unitId) {
    const unit = await getUnit(db, actor.tenantId, q.unitId);
    if (!isInScope(actor, unit.path)) fail('unit_out_of_scope', 'unitId: outside your part of the organisation');
    unitPath = unit.path;
  }
  const key = keyOf[q.by];
  const rows = await db
    .selectFrom('tickets as t')
    .leftJoin('complaints as c', (j) => j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.ticket_id', '=', 't.id'))
    .select([
      key.as('key'),
      sql<string>`to_char(t.received_at AT TIME ZONE ${tz}, 'YYYY-MM')`.as('month'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('t.tenant_id', '=', actor.tenantId)
    .where('t.kind', '=', 'complaint')
    .where(sql<boolean>`${visibleTo(actor)}`)
    .where(sql<boolean>`t.received_at >= (${fromDay}::date)::timestamp AT TIME ZONE ${tz}`)
    .where(sql<boolean>`t.received_at < (${toDay}::date)::timestamp AT TIME ZONE ${tz}`)
    .$if(unitPath !== null, (qb) => qb.where('t.unit_path', 'like', `${unitPath}%`))
    .groupBy([key, sql`2`])
    .execute();

  const byKey = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = byKey.get(r.key) ?? new Map<string, number>();
    m.set(r.month, (m.get(r.month) ?? 0) + Number(r.n));
    byKey.set(r.key, m);
  }
  const labels = await labelsFor(ctx, q.by, [...byKey.keys()], q.lang);
  const out = [...byKey.entries()].map(([k, m]) => ({
    key: k,
    label: labels.get(k) ?? k,
    months: months.map((month) => ({ month, count: m.get(month) ?? 0 })),
    total: [...m.values()].reduce((a, b) => a + b, 0),
  }));
  out.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  return { by: q.by, months, rows: out, total: out.reduce((a, r) => a + r.total, 0) };
}

async function labelsFor(ctx: Ctx, by: AnalysisDimension, keys: string[], lang: Lang): Promise<Map<string, string>> {
  const i = lang === 'en' ? 1 : 0;
  const tenantId = ctx.actor.tenantId;
  if (by === 'source' || by === 'channel' || by === 'ruling') return new Map(keys.map((k) => [k, LABELS[by][k]?.[i] ?? k]));
  if (by === 'subType') {
    const s = await loadComplaintSettings(ctx.db, tenantId);
    return new Map(s.subTypes.map((e) => [e.code, lang === 'en' ? e.en : e.zh]));
  }
  if (!keys.length) return new Map();
  if (by === 'category') {
    const rows = await ctx.db
      .selectFrom('categories')
      .select(['code', 'name', 'name_en'])
      .where('tenant_id', '=', tenantId)
      .where('code', 'in', keys)
      .execute();
    return new Map(rows.map((r) => [r.code, lang === 'en' && r.name_en ? r.name_en : r.name]));
  }
  const rows = await ctx.db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', 'in', keys).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
