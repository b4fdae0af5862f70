// Urgings (催办) and staff notifications as the console reads them, and how the header counts them.

import type { StaffNotification, Urging } from '../api/models';

export type { StaffNotification, Urging };

/**
 * The number on the bell: open urgings plus unread notifications, where a notification that
 * announces an urging still open is the same piece of work and counts once.
 */
export function badgeCount(notifications: StaffNotification[], openUrgings: Urging[]): number {
  const open = new Set(openUrgings.map((u) => u.id));
  const unread = notifications.filter((n) => !n.readAt && !(n.urgingId && open.has(n.urgingId)));
  return open.size + unread.length;
}

/**
 * What the bell shows of a notification. The server writes an urging's notification with a
 * Chinese title and an English body, so each language shows the one it can read.
 */
export function notificationText(n: StaffNotification, lang: string): { headline: string; detail: string | null } {
  if (n.kind === 'urging') return { headline: lang.startsWith('en') ? n.body || n.title : n.title || n.body, detail: null };
  return { headline: n.title, detail: n.body || null };
}

/** Whether the signed-in user may acknowledge: it was sent to their unit, or they administer. */
export const canAcknowledge = (u: Urging, me: { unitId: string; role: string }) =>
  !u.acknowledgedAt && (u.unitId === me.unitId || me.role === 'admin');

type T = (key: string, opts?: Record<string, unknown>) => string;
export type TimelineEvent = { type: string; data: Record<string, unknown> };

/**
 * A readable line under a clock or notice event in the order's timeline, e.g.
 * "Respond clock · level 2 · 和平公司"; null for events that need none.
 */
export function eventDetail(e: TimelineEvent, t: T, unitName: (id: string | null) => string): string | null {
  const clock = typeof e.data.clock === 'string' ? t(`clock.${e.data.clock}`, { defaultValue: e.data.clock }) : null;
  switch (e.type) {
    case 'sla_warning':
      return t('eventDetail.warning', { clock, share: Math.round(Number(e.data.share ?? 0) * 100) });
    case 'sla_breached':
      return t('eventDetail.breached', { clock });
    case 'urged':
      return t('eventDetail.urged', {
        clock,
        level: t(`urgings.level.${e.data.level}`, { defaultValue: String(e.data.level) }),
        unit: unitName(typeof e.data.unitId === 'string' ? e.data.unitId : null),
      });
    case 'urging_acknowledged':
      return t('eventDetail.acknowledged', { clock, level: t(`urgings.level.${e.data.level}`, { defaultValue: String(e.data.level) }) });
    case 'linked_to_notice':
      return t('eventDetail.linked', {
        kind: t(`noticeKind.${e.data.kind}`, { defaultValue: String(e.data.kind ?? '') }),
        title: String(e.data.title ?? ''),
      });
    default:
      return null;
  }
}

/** Timeline dot colour: red for breaches and urgings, orange for warnings. */
export function eventColor(type: string): string | null {
  if (type === 'sla_breached' || type === 'urged') return 'red';
  if (type === 'sla_warning' || type === 'linked_to_notice') return 'orange';
  if (type === 'urging_acknowledged') return 'green';
  return null;
}
