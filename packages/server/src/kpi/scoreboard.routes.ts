import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Limit, perAddressLimit } from '../portal/rate-limit.repo.js';
import type { AppDeps } from '../shared/app-types.js';
import { sendError } from '../shared/http.js';
import { toZonedIso } from '../shared/time.js';
import { INDICATOR_BY_CODE, INDICATORS, type IndicatorUnit } from './indicators.js';
import { addMonths, type ScoreboardRow, scoreboardRows } from './scoreboard.js';

/** Public, so counted per address like the portal's look-ups (shared by every server process). */
export const SCOREBOARD_LIMIT: Limit = { bucket: 'status-scoreboard-ip', max: 120, windowSeconds: 600 };
const MONTHS_KEPT_PUBLIC = 24;

type Lang = 'zh-CN' | 'en';
const M = {
  'zh-CN': {
    title: '服务承诺兑现情况',
    intro: '我们公开承诺的服务指标，以及各公司每月的实际完成情况。数据每小时更新一次，历史月份保留当时公布的结果。',
    target: '承诺',
    unit: '单位',
    met: '达标',
    missed: '未达标',
    none: '无数据',
    updated: '更新于',
    months: '月份',
    empty: '本月尚未公布承诺兑现数据。',
    other: 'English',
    notices: '停热与预警公告',
    minutes: '分钟',
  },
  en: {
    title: 'Our service commitments',
    intro:
      'The service figures we publicly commit to, and what each company measured every month. Updated hourly; past months stay as they were published.',
    target: 'Commitment',
    unit: 'Unit',
    met: 'met',
    missed: 'missed',
    none: 'no data',
    updated: 'Updated',
    months: 'Months',
    empty: 'No figures have been published for this month yet.',
    other: '中文',
    notices: 'Outage and warning notices',
    minutes: 'min',
  },
} as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A value as published: a share as a percentage with one decimal, minutes and per-10,000 rates as numbers. */
export function formatFigure(unit: IndicatorUnit, v: number | null, minutes = 'min'): string {
  if (v == null) return '—';
  if (unit === 'ratio') return `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
  return unit === 'minutes' ? `${v.toFixed(1)} ${minutes}` : v.toFixed(2);
}

const meets = (direction: 'higher' | 'lower', v: number | null, target: number | null) =>
  v == null || target == null ? null : direction === 'higher' ? v >= target : v <= target;

type Figure = {
  month: string;
  unitId: string;
  unit: string;
  unitKind: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
  met: boolean | null;
};

/** The published scoreboard as one document: each commitment with its figures per month and unit. */
function shape(rows: ScoreboardRow[], timeZone: string) {
  const months = [...new Set(rows.map((r) => r.month))];
  const byCode = new Map<string, Figure[]>();
  let updated: Date | null = null;
  for (const r of rows) {
    const ind = INDICATOR_BY_CODE.get(r.code);
    if (!ind) continue;
    const computed = new Date(r.computed_at);
    if (!updated || computed > updated) updated = computed;
    const list = byCode.get(r.code) ?? [];
    const value = r.value == null ? null : Number(r.value);
    const target = r.target == null ? null : Number(r.target);
    list.push({
      month: r.month,
      unitId: r.unit_id,
      unit: r.unit_name,
      unitKind: r.unit_kind,
      numerator: r.numerator == null ? null : Number(r.numerator),
      denominator: r.denominator == null ? null : Number(r.denominator),
      value,
      target,
      met: meets(ind.direction, value, target),
    });
    byCode.set(r.code, list);
  }
  // In the catalogue's order (on-time first), not the codes' alphabet.
  const order = (code: string) => INDICATORS.findIndex((i) => i.code === code);
  const commitments = [...byCode.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([code, figures]) => {
      const ind = INDICATOR_BY_CODE.get(code)!;
      return {
        code,
        name: ind.name,
        unit: ind.unit,
        direction: ind.direction,
        target: figures[0]?.target ?? null,
        figures,
      };
    });
  return { months, updatedAt: updated ? toZonedIso(updated, timeZone) : null, commitments };
}

function langOf(req: FastifyRequest): Lang {
  const q = (req.query as { lang?: string }).lang;
  if (q === 'en' || q === 'zh-CN') return q;
  const accept = String(req.headers['accept-language'] ?? '');
  return /^en\b/i.test(accept) ? 'en' : 'zh-CN';
}

function page(o: { lang: Lang; code: string; organisation: string; month: string | null; data: ReturnType<typeof shape> }) {
  const m = M[o.lang];
  const { data } = o;
  const shown = o.month ? [o.month, addMonths(o.month, -1), addMonths(o.month, -2)].filter((x) => data.months.includes(x)) : [];
  const self = `/status/${esc(o.code)}/scoreboard`;
  const monthNav = data.months
    .map((x) => `<a href="${self}?lang=${o.lang}&amp;month=${x}"${x === o.month ? ' aria-current="page"' : ''}>${x}</a>`)
    .join(' ');
  const cards = data.commitments
    .map((c) => {
      const units = [...new Map(c.figures.filter((f) => shown.includes(f.month)).map((f) => [f.unitId, f])).values()];
      const cell = (unitId: string, month: string) => {
        const f = c.figures.find((x) => x.unitId === unitId && x.month === month);
        if (!f || f.value == null) return `<td class="none">—<span class="sr">${m.none}</span></td>`;
        const mark = f.met === null ? '' : f.met ? `<span class="ok">✓ ${m.met}</span>` : `<span class="bad">✗ ${m.missed}</span>`;
        const counts = c.unit === 'minutes' ? '' : `<small>${f.numerator} / ${f.denominator}</small>`;
        return `<td><b>${esc(formatFigure(c.unit, f.value, m.minutes))}</b>${mark}${counts}</td>`;
      };
      const head = shown.map((x) => `<th scope="col">${x}</th>`).join('');
      const body = units
        .map((u) => `<tr class="${u.unitKind}"><th scope="row">${esc(u.unit)}</th>${shown.map((x) => cell(u.unitId, x)).join('')}</tr>`)
        .join('');
      return `<section class="card" data-code="${esc(c.code)}"><h2>${esc(c.name[o.lang])}</h2>
<p class="target">${m.target}: ${c.direction === 'higher' ? '≥' : '≤'} ${esc(formatFigure(c.unit, c.target, m.minutes))}</p>
<div class="scroll"><table><thead><tr><th scope="col">${m.unit}</th>${head}</tr></thead><tbody>${body}</tbody></table></div></section>`;
    })
    .join('');
  const otherLang = o.lang === 'en' ? 'zh-CN' : 'en';
  return `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.organisation)} · ${m.title}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:56rem;padding:.75rem;color:#1f1f1f;background:#fafafa}
header{display:flex;justify-content:space-between;align-items:baseline;gap:.5rem;flex-wrap:wrap}
h1{font-size:1.3rem;margin:.3rem 0}h2{font-size:1.05rem;margin:0 0 .2rem}
nav.months{display:flex;gap:.4rem;flex-wrap:wrap;margin:.5rem 0}nav.months a{padding:.2rem .45rem;border:1px solid #d9d9d9;border-radius:4px;color:#7a2614;text-decoration:none;background:#fff}
nav.months a[aria-current]{background:#7a2614;color:#fff;border-color:#7a2614}
.card{background:#fff;border:1px solid #e8e8e8;border-radius:6px;padding:.7rem;margin:.7rem 0}
.target{margin:0 0 .4rem;color:#434343}.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .35rem;border-top:1px solid #f0f0f0;vertical-align:top}
thead th{white-space:nowrap}td b{display:block}td small{display:block;color:#595959}tr.group th{font-weight:700}
.ok{color:#237804;font-size:.8rem}.bad{color:#a8071a;font-size:.8rem}.none{color:#595959}
.sr{position:absolute;left:-9999px}a{color:#7a2614}footer{color:#595959;font-size:.85rem;margin-top:1rem}
</style></head>
<body><header><h1>${esc(o.organisation)} · ${m.title}</h1><a href="${self}?lang=${otherLang}${o.month ? `&amp;month=${o.month}` : ''}" lang="${otherLang}">${m.other}</a></header>
<p>${m.intro}</p>
${data.months.length ? `<nav class="months" aria-label="${m.months}">${monthNav}</nav>` : ''}
<main>${cards || `<p>${m.empty}</p>`}</main>
<footer>${data.updatedAt ? `${m.updated} <time datetime="${data.updatedAt}">${esc(data.updatedAt.slice(0, 16).replace('T', ' '))}</time> · ` : ''}<a href="/status/${esc(o.code)}">${m.notices}</a> · <a href="${self}.json">JSON</a></footer>
</body></html>`;
}

/** The public commitments scoreboard, as a mobile-first page in both languages and as JSON; no sign-in, no personal data. */
export function scoreboardRoutes(app: FastifyInstance, deps: AppDeps) {
  const params = z.object({ tenant: z.string().regex(/^[a-z0-9-]{1,64}$/) });
  const query = z.object({
    lang: z.enum(['zh-CN', 'en']).optional(),
    month: z
      .string()
      .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/)
      .optional(),
  });

  const limited = perAddressLimit(deps.db, deps.clock, SCOREBOARD_LIMIT);
  /** The tenant and its published rows. */
  const load = async (req: FastifyRequest, reply: FastifyReply) => {
    const { tenant: code } = req.params as z.infer<typeof params>;
    const tenant = await deps.db.selectFrom('tenants').select(['id', 'name', 'time_zone']).where('code', '=', code).executeTakeFirst();
    if (!tenant) {
      sendError(reply, 'not_found', 'Organisation not found');
      return null;
    }
    const rows = await scoreboardRows(deps.db, tenant.id, MONTHS_KEPT_PUBLIC);
    return { code, tenant, data: shape(rows, tenant.time_zone) };
  };

  app.get(
    '/status/:tenant/scoreboard.json',
    { schema: { hide: true, params, querystring: query }, preHandler: limited },
    async (req, reply) => {
      const got = await load(req, reply);
      if (!got) return reply;
      return reply
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .send({ organisation: got.tenant.name, tenant: got.code, timeZone: got.tenant.time_zone, ...got.data });
    },
  );

  app.get('/status/:tenant/scoreboard', { schema: { hide: true, params, querystring: query }, preHandler: limited }, async (req, reply) => {
    const got = await load(req, reply);
    if (!got) return reply;
    const lang = langOf(req);
    const asked = (req.query as z.infer<typeof query>).month;
    const month = asked && got.data.months.includes(asked) ? asked : (got.data.months[0] ?? null);
    return reply
      .header('cache-control', 'public, max-age=300')
      .header('vary', 'accept-language')
      .type('text/html; charset=utf-8')
      .send(page({ lang, code: got.code, organisation: got.tenant.name, month, data: got.data }));
  });
}
