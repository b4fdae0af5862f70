import { describe, expect, it } from 'vitest';
import type { TicketRow } from '../db/schema.js';
import { seasonStart } from './load-demo.js';
import { applyStep, type SimStep, simulate } from './order-simulator.js';
import { Random } from './random.js';

const T0 = new Date('2026-11-20T01:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const paths = (id: string) => `/root/${id}/`;

const created: TicketRow = {
  tenant_id: 't',
  id: 'o1',
  number: 'RX-20261120-0001',
  kind: 'repair',
  channel: 'hotline',
  status: 'new',
  suspended_from: null,
  category_id: 'c',
  category_code: 'heating-cold',
  priority: 'normal',
  premise_id: 'p',
  address: '幸福小区3号楼2单元501室',
  area_tier: 'urban',
  contact_name: '王大爷',
  contact_phone: '13900010001',
  description: '暖气不热',
  unit_id: 'station',
  unit_path: '/root/station/',
  assignee_id: null,
  first_contact_user_id: 'agent',
  dispatched_from_unit_id: null,
  source_body: null,
  source_ref: null,
  received_at: T0,
  created_at: T0,
  updated_at: T0,
  respond_by: at(10),
  arrive_by: at(45),
  resolve_by: at(24 * 60),
  responded_at: null,
  arrived_at: null,
  resolved_at: null,
  closed_at: null,
  suspended_at: null,
  late: false,
  repeat_of_id: null,
  satisfaction: null,
  callback_at: null,
  reopen_count: 0,
  repeat_calls: 0,
  duplicate_of_id: null,
  event_count: 1,
  hidden_from_path: null,
};
const step = (minutes: number, actorId: string, input: SimStep['input']): SimStep => ({
  at: at(minutes),
  actorId,
  actorUnitId: `${actorId}-unit`,
  input,
});
const loop: SimStep[] = [
  step(3, 'agent', { action: 'accept' }),
  step(8, 'dispatcher', { action: 'dispatch', unitId: 'team', assigneeId: 'crew' }),
  step(10, 'crew', { action: 'take' }),
  step(60, 'crew', { action: 'arrive' }),
  step(90, 'crew', { action: 'resolve', note: '排气后恢复' }),
  step(300, 'agent', { action: 'callback', satisfaction: 1, note: '还是不热' }),
];

describe('the order simulator', () => {
  it('an arrival after its deadline marks the order late and says so in the event', () => {
    const { ticket, events } = simulate(created, loop.slice(0, 4), at(1000), paths);
    expect(ticket).toMatchObject({
      status: 'on_site',
      late: true,
      assignee_id: 'crew',
      unit_path: '/root/team/',
      dispatched_from_unit_id: 'dispatcher-unit',
      event_count: 5,
    });
    expect(events.map((e) => e.type)).toEqual(['accepted', 'dispatched', 'taken', 'arrived']);
    expect(events[3]!.data).toEqual({ deadline: at(45).toISOString(), late: true });
    expect(events[0]!.data).toEqual({ deadline: at(10).toISOString(), late: false });
  });

  it('a dissatisfied callback reopens the order to its crew and clears the resolution', () => {
    const { ticket, events } = simulate(created, loop, at(1000), paths);
    expect(ticket).toMatchObject({
      status: 'dispatched',
      satisfaction: 1,
      resolved_at: null,
      reopen_count: 1,
      assignee_id: 'crew',
      event_count: 8,
    });
    expect(events.slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['callback', { satisfaction: 1 }],
      ['reopened', { cause: 'dissatisfied_callback' }],
    ]);
  });

  it('steps after "now" are the future and are left out', () => {
    const { ticket } = simulate(created, loop, at(20), paths);
    expect(ticket.status).toBe('taken');
    expect(ticket.updated_at).toEqual(at(10));
  });

  it('a resume moves the deadlines not yet met by the time suspended', () => {
    const taken = simulate(created, loop.slice(0, 3), at(1000), paths).ticket;
    const suspended = applyStep(taken, step(20, 'crew', { action: 'suspend', reason: '等待配件' }), paths).ticket;
    const { ticket, events } = applyStep(suspended, step(140, 'crew', { action: 'resume' }), paths);
    expect(ticket).toMatchObject({ status: 'taken', suspended_from: null, arrive_by: at(165), respond_by: at(10) });
    expect(events[0]!.data).toEqual({ pausedSeconds: 7200 });
  });

  it('a step the state does not allow is a bug in the plan and throws', () => {
    expect(() => applyStep(created, step(1, 'crew', { action: 'arrive' }), paths)).toThrow(/cannot arrive an order that is new/);
  });
});

describe('demo helpers', () => {
  it('the same seed gives the same numbers', () => {
    const a = new Random(7);
    const b = new Random(7);
    expect(Array.from({ length: 5 }, () => a.int(1, 1000))).toEqual(Array.from({ length: 5 }, () => b.int(1, 1000)));
  });

  it('the season starts on 1 November local time, or the year before when that is less than a day ago', () => {
    expect(seasonStart(new Date('2026-11-21T02:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(seasonStart(new Date('2026-11-01T02:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2025-10-31T16:00:00.000Z');
    expect(seasonStart(new Date('2027-02-10T02:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(seasonStart(new Date('2026-10-31T15:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2025-10-31T16:00:00.000Z');
  });
});
