import { describe, expect, it } from 'vitest';
import { routedPeople, routingDetail } from './step-detail';

const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`;
const unitName = (id: string | null) => (id === 'u1' ? '和平一所' : id === 'u2' ? '东盛公司' : '?');
const userName = (id: string | null) => (id === 'p1' ? '张师傅' : null);

describe('routingDetail', () => {
  it('a dispatch names the unit and the crew member it went to', () => {
    expect(routingDetail({ type: 'dispatched', data: { unitId: 'u1', assigneeId: 'p1' } }, t, unitName, userName)).toBe(
      'ticketTimeline.dispatchedToCrew{"unit":"和平一所","crew":"张师傅"}',
    );
    expect(routingDetail({ type: 'dispatched', data: { unitId: 'u1', assigneeId: null } }, t, unitName, userName)).toBe(
      'ticketTimeline.dispatchedTo{"unit":"和平一所"}',
    );
  });
  it('a transfer and a return name where the order came from and where it went', () => {
    expect(routingDetail({ type: 'transferred', data: { fromUnitId: 'u1', toUnitId: 'u2' } }, t, unitName, userName)).toBe(
      'ticketTimeline.transferred{"from":"和平一所","to":"东盛公司"}',
    );
    expect(routingDetail({ type: 'returned', data: { fromUnitId: 'u2', toUnitId: 'u1' } }, t, unitName, userName)).toBe(
      'ticketTimeline.returned{"from":"东盛公司","to":"和平一所"}',
    );
  });
  it('other steps say nothing more', () => {
    expect(routingDetail({ type: 'taken', data: {} }, t, unitName, userName)).toBeNull();
    expect(
      routedPeople([
        { type: 'dispatched', data: { assigneeId: 'p1' } },
        { type: 'taken', data: {} },
      ]),
    ).toEqual(['p1']);
  });
});
