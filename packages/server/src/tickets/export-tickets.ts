import type { TicketRow } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import { toZonedIso } from '../shared/time.js';
import type { XlsxColumn } from '../shared/xlsx.js';
import { countTickets, listTickets } from './list-tickets.js';
import type { ExportQuery } from './ticket.schema.js';
import { isOverdue } from './ticket.view.js';

/** Excel holds 1,048,576 rows a sheet; an export past this many asks for narrower filters instead of cutting silently. */
export const EXPORT_MAX_ROWS = 1_000_000;
const PAGE = 1000;

type Lang = 'zh-CN' | 'en';
type Names = { units: Map<string, string>; users: Map<string, string>; categories: Map<string, { zh: string; en: string }> };
type Row = { t: TicketRow; overdue: boolean };

const LABELS = {
  'zh-CN': {
    sheet: '工单',
    number: '工单号',
    received: '受理时间',
    created: '登记时间',
    kind: '类型',
    category: '类别',
    status: '状态',
    channel: '渠道',
    source: '来源机构',
    priority: '优先级',
    address: '地址',
    contact: '联系人',
    phone: '电话',
    description: '诉求内容',
    unit: '责任单位',
    assignee: '处理人',
    respondBy: '响应时限',
    arriveBy: '到场时限',
    resolveBy: '办结时限',
    resolved: '处理完成',
    closed: '办结',
    late: '超时',
    satisfaction: '满意度',
    yes: '是',
    no: '否',
  },
  en: {
    sheet: 'Orders',
    number: 'Number',
    received: 'Received',
    created: 'Filed',
    kind: 'Kind',
    category: 'Category',
    status: 'Status',
    channel: 'Channel',
    source: 'Source body',
    priority: 'Priority',
    address: 'Address',
    contact: 'Contact',
    phone: 'Phone',
    description: 'Description',
    unit: 'Unit',
    assignee: 'Assignee',
    respondBy: 'Respond by',
    arriveBy: 'Arrive by',
    resolveBy: 'Resolve by',
    resolved: 'Resolved',
    closed: 'Closed',
    late: 'Late',
    satisfaction: 'Satisfaction',
    yes: 'yes',
    no: 'no',
  },
} as const;

const ENUMS: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    repair: '报修',
    complaint: '投诉',
    consultation: '咨询',
    suggestion: '建议',
    praise: '表扬',
    misconduct: '举报',
    billing: '收费',
    new: '新建',
    accepted: '已受理',
    dispatched: '已派单',
    taken: '已接单',
    on_site: '已到场',
    resolved: '已处理',
    suspended: '已挂起',
    closed: '已办结',
    hotline: '热线',
    window: '窗口',
    web: '网站',
    app: 'App',
    sms: '短信',
    open311: 'Open311',
    escalated: '越级转办',
    import: '导入',
    regulator: '能源监管',
    provincial_hotline: '省级热线',
    '95598': '95598',
    '12345': '12345',
    conduct_office: '行风办',
    media: '媒体',
    other: '其他',
    urgent: '紧急',
    high: '高',
    normal: '普通',
    low: '低',
  },
  en: {},
};

/** The workbook's columns, headers in the reader's language and times as wall-clock text in the tenant's zone. */
function columns(lang: Lang, tz: string, names: Names): XlsxColumn<Row>[] {
  const l = LABELS[lang];
  const word = (v: string | null) => (v ? (ENUMS[lang][v] ?? v) : '');
  const at = (d: Date | null) => (d ? toZonedIso(d, tz).slice(0, 16).replace('T', ' ') : '');
  return [
    { header: l.number, width: 18, value: (r) => r.t.number },
    { header: l.received, width: 17, value: (r) => at(r.t.received_at) },
    { header: l.created, width: 17, value: (r) => at(r.t.created_at) },
    { header: l.kind, value: (r) => word(r.t.kind) },
    {
      header: l.category,
      width: 16,
      value: (r) => {
        const c = names.categories.get(r.t.category_code);
        return c ? (lang === 'en' && c.en ? c.en : c.zh) : r.t.category_code;
      },
    },
    { header: l.status, value: (r) => word(r.t.status) },
    { header: l.channel, value: (r) => word(r.t.channel) },
    { header: l.source, value: (r) => (r.t.source_body ? `${word(r.t.source_body)} ${r.t.source_ref ?? ''}`.trim() : '') },
    { header: l.priority, value: (r) => word(r.t.priority) },
    { header: l.address, width: 30, value: (r) => r.t.address },
    { header: l.contact, value: (r) => r.t.contact_name },
    { header: l.phone, width: 15, value: (r) => r.t.contact_phone },
    { header: l.description, width: 40, value: (r) => r.t.description },
    { header: l.unit, width: 16, value: (r) => names.units.get(r.t.unit_id) ?? '' },
    { header: l.assignee, value: (r) => (r.t.assignee_id ? (names.users.get(r.t.assignee_id) ?? '') : '') },
    { header: l.respondBy, width: 17, value: (r) => at(r.t.respond_by) },
    { header: l.arriveBy, width: 17, value: (r) => at(r.t.arrive_by) },
    { header: l.resolveBy, width: 17, value: (r) => at(r.t.resolve_by) },
    { header: l.resolved, width: 17, value: (r) => at(r.t.resolved_at) },
    { header: l.closed, width: 17, value: (r) => at(r.t.closed_at) },
    { header: l.late, value: (r) => (r.t.late || r.overdue ? l.yes : l.no) },
    { header: l.satisfaction, value: (r) => r.t.satisfaction },
  ];
}

/**
 * The orders matching a search, as a workbook sheet whose rows are read page by page (keyset,
 * 1,000 at a time) while the file is written. Counts first: the count goes to the console for its
 * progress bar, and a result larger than a workbook holds is refused before anything is sent.
 */
export async function exportTickets(ctx: Ctx, q: ExportQuery, lang: Lang) {
  const total = await countTickets(ctx, q);
  if (total > EXPORT_MAX_ROWS) {
    fail(
      'export_too_large',
      `filters: ${total} orders match, at most ${EXPORT_MAX_ROWS} fit in one export; narrow the period or the status`,
    );
  }
  const { db, actor } = ctx;
  const [units, users, categories] = await Promise.all([
    db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', actor.tenantId).execute(),
    db.selectFrom('users').select(['id', 'display_name']).where('tenant_id', '=', actor.tenantId).execute(),
    db.selectFrom('categories').select(['code', 'name', 'name_en']).where('tenant_id', '=', actor.tenantId).execute(),
  ]);
  const names: Names = {
    units: new Map(units.map((u) => [u.id, u.name])),
    users: new Map(users.map((u) => [u.id, u.display_name])),
    categories: new Map(categories.map((c) => [c.code, { zh: c.name, en: c.name_en }])),
  };
  async function* rows(): AsyncIterable<Row> {
    let cursor: string | undefined;
    do {
      const page = await listTickets(ctx, { ...q, limit: PAGE, cursor });
      const now = ctx.clock.now();
      for (const t of page.rows) yield { t, overdue: isOverdue(t, now) };
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { total, sheet: { name: LABELS[lang].sheet, columns: columns(lang, actor.timeZone, names), rows: rows() } };
}
