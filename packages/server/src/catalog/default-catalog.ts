import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { installCalendars } from '../sla/calendar.repo.js';
import type { AreaTier, Kind, Priority } from './kinds.js';

type Target = { respond?: number; arrive?: number; resolve?: number; resolveWorkingDays?: number };
type CategorySeed = {
  code: string;
  kind: Kind;
  name: string;
  nameEn: string;
  priority: Priority;
  emergency?: boolean;
  /** The calendar the clocks run on; round the clock when absent. */
  calendar?: 'working-hours';
  /** Targets in minutes per area tier; '*' applies to every tier. */
  targets: Partial<Record<AreaTier | '*', Target>>;
};

const DAY = 24 * 60;

// Commitments from the source documents (DOMAIN.md, seed 000 應急化 / 數字化): pipe-network
// accidents arrive in 15 minutes and finish within a day; equipment accidents within half a
// working day; ordinary repairs arrive in 45 / 90 / 120 minutes by area tier.
export const STANDARD_CATEGORIES: CategorySeed[] = [
  {
    code: 'pipe-accident',
    kind: 'repair',
    name: '管网事故',
    nameEn: 'Pipe-network accident',
    priority: 'urgent',
    emergency: true,
    targets: { '*': { respond: 5, arrive: 15, resolve: DAY } },
  },
  {
    code: 'equipment-accident',
    kind: 'repair',
    name: '设备事故',
    nameEn: 'Equipment accident',
    priority: 'urgent',
    emergency: true,
    targets: { '*': { respond: 5, arrive: 15, resolve: 4 * 60 } },
  },
  {
    code: 'heating-cold',
    kind: 'repair',
    name: '暖气不热',
    nameEn: 'Radiator not warm',
    priority: 'normal',
    targets: {
      urban: { respond: 10, arrive: 45, resolve: DAY },
      rural: { respond: 10, arrive: 90, resolve: DAY },
      remote: { respond: 10, arrive: 120, resolve: 2 * DAY },
    },
  },
  {
    code: 'leak',
    kind: 'repair',
    name: '跑冒滴漏',
    nameEn: 'Leak',
    priority: 'high',
    targets: {
      urban: { respond: 10, arrive: 45, resolve: DAY },
      rural: { respond: 10, arrive: 90, resolve: DAY },
      remote: { respond: 10, arrive: 120, resolve: 2 * DAY },
    },
  },
  {
    code: 'service-complaint',
    kind: 'complaint',
    name: '服务投诉',
    nameEn: 'Service complaint',
    priority: 'normal',
    targets: { '*': { respond: 60, resolve: 3 * DAY } },
  },
  {
    code: 'misconduct-report',
    kind: 'misconduct',
    name: '吃拿卡要举报',
    nameEn: 'Misconduct report',
    priority: 'high',
    targets: { '*': { respond: 60, resolve: 5 * DAY } },
  },
  {
    code: 'consultation',
    kind: 'consultation',
    name: '业务咨询',
    nameEn: 'Consultation',
    priority: 'normal',
    targets: { '*': { respond: 10, resolve: DAY } },
  },
  {
    code: 'billing',
    kind: 'billing',
    name: '收费问题',
    nameEn: 'Billing question',
    priority: 'normal',
    targets: { '*': { respond: 30, resolve: 3 * DAY } },
  },
  {
    code: 'suggestion',
    kind: 'suggestion',
    name: '意见建议',
    nameEn: 'Suggestion',
    priority: 'low',
    targets: { '*': { resolve: 7 * DAY } },
  },
  // Window service 限时办结: "finish within 3 working days", counted on the office calendar
  // (statutory holidays off, make-up days worked) from the working day after receipt.
  {
    code: 'window-general',
    kind: 'consultation',
    name: '窗口综合业务',
    nameEn: 'Window service (general)',
    priority: 'normal',
    calendar: 'working-hours',
    targets: { '*': { respond: 30, resolveWorkingDays: 3 } },
  },
  { code: 'praise', kind: 'praise', name: '表扬', nameEn: 'Praise', priority: 'low', targets: {} },
];

/** Installs the standard categories and their commitments for a new tenant. */
export async function installDefaultCatalog(db: Kysely<DB>, tenantId: string, routingUnitId: string | null = null) {
  await installCalendars(db, tenantId);
  for (const c of STANDARD_CATEGORIES) {
    const categoryId = randomUUID();
    await db
      .insertInto('categories')
      .values({
        tenant_id: tenantId,
        id: categoryId,
        code: c.code,
        kind: c.kind,
        name: c.name,
        name_en: c.nameEn,
        default_priority: c.priority,
        // Repairs route by the premise's station; desk work goes to the group until configured.
        routing_unit_id: c.kind === 'repair' ? null : routingUnitId,
        emergency: c.emergency ?? false,
      })
      .execute();
    const rows = Object.entries(c.targets).map(([tier, t]) => ({
      tenant_id: tenantId,
      id: randomUUID(),
      category_id: categoryId,
      priority: '*' as const,
      area_tier: tier as AreaTier,
      respond_minutes: t.respond ?? null,
      arrive_minutes: t.arrive ?? null,
      resolve_minutes: t.resolve ?? null,
      resolve_working_days: t.resolveWorkingDays ?? null,
      calendar_code: c.calendar ?? '24x7',
    }));
    if (rows.length) await db.insertInto('commitments').values(rows).execute();
  }
}
