import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { type Limit, perAddressLimit } from '../portal/rate-limit.repo.js';
import type { AppDeps } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';

const KIND_ZH: Record<string, string> = {
  planned_outage: '计划停热',
  unplanned_outage: '临时停热',
  cold_snap: '寒潮预警',
  major_repair: '重大抢修',
};

async function activeNotices(db: Kysely<DB>, tenantCode: string) {
  const tenant = await db.selectFrom('tenants').select(['id', 'name', 'time_zone']).where('code', '=', tenantCode).executeTakeFirst();
  if (!tenant) fail('not_found', 'Organisation not found');
  const rows = await db
    .selectFrom('notices')
    .select(['id', 'kind', 'title', 'message', 'area', 'starts_at', 'expected_end_at', 'premise_count'])
    .where('tenant_id', '=', tenant.id)
    .where('status', '=', 'active')
    .orderBy('starts_at', 'desc')
    .execute();
  const tz = tenant.time_zone;
  return {
    organisation: tenant.name,
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      message: n.message,
      area: n.area,
      startsAt: toZonedIso(n.starts_at, tz),
      expectedEndAt: isoOrNull(n.expected_end_at, tz),
      households: n.premise_count,
    })),
  };
}

/**
 * Requests per client address to the public status page: generous, as an outage sends many
 * households to it at once (and several may share one address), yet a scraper is stopped.
 */
export const STATUS_PAGE_LIMIT: Limit = { bucket: 'status-page-ip', max: 240, windowSeconds: 600 };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The public status page of active notices by area, as JSON and HTML; no sign-in. */
export function statusPageRoutes(app: FastifyInstance, deps: AppDeps) {
  const params = z.object({ tenant: z.string().regex(/^[a-z0-9-]{1,64}$/) });
  const limited = perAddressLimit(deps.db, deps.clock, STATUS_PAGE_LIMIT);
  app.get('/status/:tenant/notices.json', { schema: { hide: true, params }, preHandler: limited }, async (req, reply) => {
    const { tenant } = req.params as z.infer<typeof params>;
    return reply.header('cache-control', 'public, max-age=30').send(await activeNotices(deps.db, tenant));
  });
  app.get('/status/:tenant', { schema: { hide: true, params }, preHandler: limited }, async (req, reply) => {
    const { tenant } = req.params as z.infer<typeof params>;
    const data = await activeNotices(deps.db, tenant);
    const byArea = new Map<string, typeof data.items>();
    for (const n of data.items) byArea.set(n.area || '—', [...(byArea.get(n.area || '—') ?? []), n]);
    const sections = [...byArea.entries()]
      .map(
        ([area, items]) =>
          `<section><h2>${esc(area)}</h2>${items
            .map(
              (n) =>
                `<article class="${esc(n.kind)}"><h3>${esc(KIND_ZH[n.kind] ?? n.kind)}：${esc(n.title)}</h3><p>${esc(n.message)}</p>` +
                `<p><time datetime="${n.startsAt}">${esc(n.startsAt.slice(0, 16).replace('T', ' '))}</time>${n.expectedEndAt ? ` — <time datetime="${n.expectedEndAt}">${esc(n.expectedEndAt.slice(0, 16).replace('T', ' '))}</time>` : ''}` +
                ` · ${n.households} 户</p></article>`,
            )
            .join('')}</section>`,
      )
      .join('');
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="60"><title>${esc(data.organisation)} · 停热与预警公告</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:48rem;margin:auto;padding:1rem}article{border-left:4px solid #c33;padding:.2rem 1rem;margin:1rem 0}article.cold_snap{border-color:#36c}</style></head>
<body><h1>${esc(data.organisation)} · 停热与预警公告</h1>${sections || '<p>目前没有生效的停热或预警公告。No active notices.</p>'}</body></html>`;
    return reply.header('cache-control', 'public, max-age=30').type('text/html; charset=utf-8').send(html);
  });
}
