import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { scopePrefix } from '../auth/roles.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { toZonedIso } from '../shared/time.js';
import { sendXlsx } from '../shared/xlsx.js';
import { complaintBreakdown, heatmap, heatOrders } from './kpi-dashboard.repo.js';
import { langQuery } from './kpi-export.routes.js';
import { drillQuery, periodQuery, toDay } from './kpi-query.js';
import { ordersBehind, scopedPath } from './kpi-values.js';
import { unitNames } from './kpi-values.repo.js';

const HEAT_DAYS_MAX = 400;

const T = {
  'zh-CN': {
    number: '工单号',
    kind: '类型',
    status: '状态',
    unit: '单位',
    received: '受理时间',
    orders: '工单',
    station: '站所',
    hour: '时段',
    ordersSheet: '工单量',
    lateSheet: '超时工单',
    category: '类别',
    source: '来源',
    count: '件数',
    direct: '直接受理',
    bySource: '按来源',
    byCategory: '按类别',
  },
  en: {
    number: 'Order',
    kind: 'Kind',
    status: 'Status',
    unit: 'Unit',
    received: 'Received',
    orders: 'Orders',
    station: 'Station',
    hour: 'Hour',
    ordersSheet: 'Orders',
    lateSheet: 'Late orders',
    category: 'Category',
    source: 'Source',
    count: 'Count',
    direct: 'Filed directly',
    bySource: 'By source',
    byCategory: 'By category',
  },
} as const;

const heatOut = z.object({
  hours: z.array(z.number().int()),
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      orders: z.array(z.number().int()).describe('orders received in each local hour 0–23'),
      late: z.array(z.number().int()).describe('of those, the ones that missed a clock'),
    }),
  ),
});

const breakdownOut = z.object({
  total: z.number().int(),
  byCategory: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string(), count: z.number().int() })),
  bySource: z.array(z.object({ key: z.string().describe("the outside body ('' = filed directly)"), count: z.number().int() })),
});

const orderOut = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.string(),
  status: z.string(),
  unitId: z.string(),
  receivedAt: z.string(),
});

const local = (iso: string, timeZone: string) => toZonedIso(new Date(iso), timeZone).slice(0, 16).replace('T', ' ');

/** The dashboard's heat map and complaint breakdown, and XLSX exports of them and of the orders behind a value. */
export function kpiDashboardRoutes(api: Api, deps: AppDeps) {
  const period = async (req: { query: z.infer<typeof periodQuery> }, actor: Parameters<typeof scopedPath>[1]) => {
    const fromDay = toDay('from', req.query.from, actor.timeZone);
    const to = toDay('to', req.query.to, actor.timeZone);
    if (fromDay >= to) fail('invalid_range', 'from: must be before to');
    return { fromDay, toDay: to, unitPath: await scopedPath(deps.db, actor, req.query.unitId) };
  };

  const heat = async (req: { query: z.infer<typeof periodQuery> }, ctx: ReturnType<typeof ctxOf>) => {
    const p = await period(req, ctx.actor);
    if ((Date.parse(p.toDay) - Date.parse(p.fromDay)) / 86_400_000 > HEAT_DAYS_MAX) {
      fail('invalid_range', `to: the heat map covers at most ${HEAT_DAYS_MAX} days`);
    }
    return { p, items: await heatmap(ctx.db, { tenantId: ctx.actor.tenantId, timeZone: ctx.actor.timeZone, ...p }) };
  };

  api.get(
    '/kpi/heatmap',
    {
      schema: {
        tags: ['kpi'],
        summary: 'Orders received and late orders per station and local hour of day',
        querystring: periodQuery,
        response: { 200: heatOut, ...errorResponses },
      },
    },
    async (req) => {
      const { items } = await heat(req, ctxOf(req, deps));
      return { hours: Array.from({ length: 24 }, (_, h) => h), items };
    },
  );

  api.get(
    '/kpi/heatmap.xlsx',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The heat map as XLSX: one sheet of orders and one of late orders, stations × hours',
        querystring: periodQuery.extend({ lang: langQuery }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { p, items } = await heat(req, ctxOf(req, deps));
      const t = T[req.query.lang];
      const hours = Array.from({ length: 24 }, (_, h) => h);
      const sheet = (name: string, pick: 'orders' | 'late') => ({
        name,
        columns: [
          { header: t.station, width: 20, value: (r: (typeof items)[number]) => r.unitName },
          ...hours.map((h) => ({ header: `${String(h).padStart(2, '0')}:00`, width: 7, value: (r: (typeof items)[number]) => r[pick][h] })),
        ],
        rows: items,
      });
      return sendXlsx(reply, `heatmap-${p.fromDay}--${p.toDay}.xlsx`, [sheet(t.ordersSheet, 'orders'), sheet(t.lateSheet, 'late')]);
    },
  );

  const breakdown = async (req: { query: z.infer<typeof periodQuery> }, ctx: ReturnType<typeof ctxOf>) => {
    const p = await period(req, ctx.actor);
    return { p, data: await complaintBreakdown(ctx.db, { tenantId: ctx.actor.tenantId, ...p }) };
  };

  api.get(
    '/kpi/complaints',
    {
      schema: {
        tags: ['kpi'],
        summary: 'Complaints received by category and by the outside body that escalated them, from the daily rollups',
        querystring: periodQuery,
        response: { 200: breakdownOut, ...errorResponses },
      },
    },
    async (req) => (await breakdown(req, ctxOf(req, deps))).data,
  );

  api.get(
    '/kpi/complaints.xlsx',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The complaint breakdown as XLSX: by category and by source',
        querystring: periodQuery.extend({ lang: langQuery }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { p, data } = await breakdown(req, ctxOf(req, deps));
      const t = T[req.query.lang];
      const en = req.query.lang === 'en';
      return sendXlsx(reply, `complaints-${p.fromDay}--${p.toDay}.xlsx`, [
        {
          name: t.byCategory,
          columns: [
            { header: t.category, width: 24, value: (r: (typeof data.byCategory)[number]) => (en ? r.nameEn : r.name) },
            { header: t.count, value: (r: (typeof data.byCategory)[number]) => r.count },
          ],
          rows: data.byCategory,
        },
        {
          name: t.bySource,
          columns: [
            { header: t.source, width: 24, value: (r: (typeof data.bySource)[number]) => r.key || t.direct },
            { header: t.count, value: (r: (typeof data.bySource)[number]) => r.count },
          ],
          rows: data.bySource,
        },
      ]);
    },
  );

  type OrderRow = Awaited<ReturnType<typeof ordersBehind>>[number];
  /** The orders of a drill-down as one sheet, unit names and local times. */
  const sendOrders = async (
    reply: FastifyReply,
    ctx: ReturnType<typeof ctxOf>,
    lang: 'zh-CN' | 'en',
    rows: OrderRow[],
    fileName: string,
  ) => {
    const names = await unitNames(ctx.db, ctx.actor.tenantId, [...new Set(rows.map((r) => r.unitId))]);
    const t = T[lang];
    return sendXlsx(reply, fileName, [
      {
        name: t.orders,
        columns: [
          { header: t.number, width: 18, value: (r: OrderRow) => r.number },
          { header: t.kind, value: (r: OrderRow) => r.kind },
          { header: t.status, value: (r: OrderRow) => r.status },
          { header: t.unit, width: 20, value: (r: OrderRow) => names.get(r.unitId) ?? r.unitId },
          { header: t.received, width: 18, value: (r: OrderRow) => local(r.receivedAt, ctx.actor.timeZone) },
        ],
        rows,
      },
    ]);
  };

  api.get(
    '/kpi/orders.xlsx',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The orders behind a value (as /kpi/orders) as XLSX, times in the tenant’s time zone',
        querystring: drillQuery.extend({ lang: langQuery }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const rows = await ordersBehind(ctx.db, ctx.actor, req.query);
      return sendOrders(reply, ctx, req.query.lang, rows, `orders-${req.query.code}-${req.query.part}.xlsx`);
    },
  );

  const heatCellQuery = periodQuery.extend({
    unitId: z.uuid().describe('the heat map row: a station, or the unit an order sits on above any station'),
    hour: z.coerce.number().int().min(0).max(23),
    late: z.enum(['true', 'false']).default('false').describe('only the late orders'),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  });
  const cellOrders = async (req: { query: z.infer<typeof heatCellQuery> }, ctx: ReturnType<typeof ctxOf>) => {
    const p = await period(req, ctx.actor);
    return heatOrders(ctx.db, {
      tenantId: ctx.actor.tenantId,
      scopePath: scopePrefix(ctx.actor),
      timeZone: ctx.actor.timeZone,
      fromDay: p.fromDay,
      toDay: p.toDay,
      unitId: req.query.unitId,
      hour: req.query.hour,
      late: req.query.late === 'true',
      limit: req.query.limit,
    });
  };

  api.get(
    '/kpi/heatmap/orders',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The orders behind one cell of the heat map (one row, one local hour), newest first',
        querystring: heatCellQuery,
        response: { 200: z.object({ items: z.array(orderOut) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await cellOrders(req, ctxOf(req, deps)) }),
  );

  api.get(
    '/kpi/heatmap/orders.xlsx',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The orders behind one cell of the heat map as XLSX',
        querystring: heatCellQuery.extend({ lang: langQuery }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const rows = await cellOrders(req, ctx);
      return sendOrders(reply, ctx, req.query.lang, rows, `orders-${String(req.query.hour).padStart(2, '0')}h.xlsx`);
    },
  );
}
