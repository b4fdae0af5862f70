import { describe, expect, it } from 'vitest';
import { badgeCount, canAcknowledge, eventColor, eventDetail, notificationText, type StaffNotification, type Urging } from './urging-model';

const urging = (id: string, over: Partial<Urging> = {}): Urging => ({
  id,
  ticketId: 't1',
  ticketNumber: 'RX-1',
  clock: 'respond',
  level: 1,
  unitId: 'station',
  createdAt: '2026-11-21T10:00:00+08:00',
  acknowledgedAt: null,
  acknowledgedBy: null,
  note: null,
  kind: 'clock',
  dueBy: null,
  request: null,
  createdBy: null,
  ...over,
});
const note = (id: string, over: Partial<StaffNotification> = {}): StaffNotification => ({
  id,
  kind: 'urging',
  title: '催办',
  body: '',
  ticketId: 't1',
  urgingId: null,
  createdAt: '2026-11-21T10:00:00+08:00',
  readAt: null,
  ...over,
});

describe('badgeCount', () => {
  it('counts an open urging and its notification once, plus other unread notifications', () => {
    expect(
      badgeCount([note('n1', { urgingId: 'u1' }), note('n2'), note('n3', { readAt: '2026-11-21T11:00:00+08:00' })], [urging('u1')]),
    ).toBe(2);
    expect(badgeCount([note('n1', { urgingId: 'u1' })], [])).toBe(1);
    expect(badgeCount([], [])).toBe(0);
  });
});

describe('canAcknowledge', () => {
  it('lets the recipient unit or an administrator acknowledge an open urging', () => {
    expect(canAcknowledge(urging('u'), { unitId: 'station', role: 'station_manager' })).toBe(true);
    expect(canAcknowledge(urging('u'), { unitId: 'company', role: 'company_manager' })).toBe(false);
    expect(canAcknowledge(urging('u'), { unitId: 'root', role: 'admin' })).toBe(true);
    expect(canAcknowledge(urging('u', { acknowledgedAt: 'x' }), { unitId: 'station', role: 'station_manager' })).toBe(false);
  });
});

describe('eventDetail', () => {
  const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`;
  const unit = (id: string | null) => `unit:${id}`;
  it('names the clock, level and unit of clock events and the notice of a link', () => {
    expect(eventDetail({ type: 'sla_warning', data: { clock: 'respond', share: 0.8 } }, t, unit)).toBe(
      'eventDetail.warning{"clock":"clock.respond{\\"defaultValue\\":\\"respond\\"}","share":80}',
    );
    expect(eventDetail({ type: 'urged', data: { clock: 'arrive', level: 2, unitId: 'c' } }, t, unit)).toContain('"unit":"unit:c"');
    expect(eventDetail({ type: 'linked_to_notice', data: { kind: 'cold_snap', title: '寒潮' } }, t, unit)).toContain('"title":"寒潮"');
    expect(eventDetail({ type: 'dispatched', data: {} }, t, unit)).toBeNull();
  });
  it('colours breaches red and warnings orange', () => {
    expect(eventColor('sla_breached')).toBe('red');
    expect(eventColor('sla_warning')).toBe('orange');
    expect(eventColor('accepted')).toBeNull();
  });
});

describe('notificationText', () => {
  it("shows an urging's notification in the reader's language and other notifications whole", () => {
    const n = note('n', { title: '催办：工单RX-1响应超时', body: 'Order RX-1 missed its respond deadline' });
    expect(notificationText(n, 'zh-CN')).toEqual({ headline: '催办：工单RX-1响应超时', detail: null });
    expect(notificationText(n, 'en')).toEqual({ headline: 'Order RX-1 missed its respond deadline', detail: null });
    expect(notificationText({ ...n, kind: 'assigned' }, 'en')).toEqual({ headline: n.title, detail: n.body });
  });
});
