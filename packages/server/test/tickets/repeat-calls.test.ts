import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketOut } from '../../src/tickets/ticket.schema.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 15, missing step 1: a household calling again is added to its open order (催单) instead
// of filing another; a dispatcher closes a duplicate into the other order, linked both ways.
describe.each(testDatabaseKinds)('repeat calls and duplicates on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const file = async (extra: Record<string, unknown> = {}) => {
    const res = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed, extra));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; number: string };
  };
  const act = async (user: Parameters<TestServer['tokenFor']>[0], id: string, body: Record<string, unknown>) =>
    s.call('POST', `/api/v1/tickets/${id}/actions`, await s.tokenFor(user), body);

  it('a repeat call joins the open order, counted, with the state and deadline the caller was told', async () => {
    const t = await file();
    s.clock.advance(20);
    const res = await act('agent', t.id, { action: 'repeat_call', note: '住户再次来电，问何时到' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ticketOut.parse(res.body);
    expect(res.body.status).toBe('new');
    expect(res.body.repeatCalls).toBe(1);
    const event = res.body.events.at(-1);
    expect(event).toMatchObject({
      type: 'repeat_call',
      actorId: s.seed.users.agent.id,
      note: '住户再次来电，问何时到',
      data: { channel: 'hotline', status: 'new', clock: 'respond', deadline: '2026-11-21T02:10:00.000Z', count: 1 },
    });
    // No second order was filed for the household.
    const list = await s.call('GET', `/api/v1/tickets?premiseId=${s.seed.premises.urban}&limit=200`, await s.tokenFor('agent'));
    expect(list.body.items.filter((x: { id: string }) => x.id === t.id)).toHaveLength(1);
    expect((await act('agent', t.id, { action: 'repeat_call', channel: 'window' })).body.repeatCalls).toBe(2);
  });

  it('a closed order takes no repeat call, and a crew member may not record one', async () => {
    const t = await file({ kind: 'consultation', categoryCode: 'consultation' });
    expect((await act('agent', t.id, { action: 'close', note: '已答复' })).status).toBe(200);
    const refused = await act('agent', t.id, { action: 'repeat_call' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('invalid_transition');
    const open = await file();
    expect(
      (await act('dispatcher', open.id, { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id })).status,
    ).toBe(200);
    expect((await act('crew', open.id, { action: 'repeat_call' })).status).toBe(403);
  });

  it('a dispatcher closes a duplicate into the other order: the link is on both, and both timelines say so', async () => {
    const first = await file();
    const second = await file({ description: '同一户又报暖气不热' });
    s.clock.advance(3);
    const merged = await act('dispatcher', second.id, { action: 'merge', intoId: first.id, note: '同一故障' });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    ticketOut.parse(merged.body);
    expect(merged.body).toMatchObject({ status: 'closed', duplicateOfId: first.id, resolvedAt: null });
    expect(merged.body.events.at(-1)).toMatchObject({ type: 'merged', data: { intoId: first.id, intoNumber: first.number } });
    // Nothing more happens on a duplicate, unless it was merged by mistake and is reopened.
    expect(merged.body.allowedActions).toEqual(['reopen']);

    const target = await s.call('GET', `/api/v1/tickets/${first.id}`, await s.tokenFor('dispatcher'));
    ticketOut.parse(target.body);
    expect(target.body.duplicates).toEqual([{ id: second.id, number: second.number }]);
    expect(target.body.repeatCalls).toBe(1);
    expect(target.body.events.at(-1)).toMatchObject({
      type: 'merge_received',
      actorId: s.seed.users.dispatcher.id,
      note: '同一故障',
      data: { fromId: second.id, fromNumber: second.number },
    });
    // Its clocks stopped: a closed duplicate is never overdue.
    const timers = await s.db.selectFrom('ticket_timers').select(['met_at']).where('ticket_id', '=', second.id).execute();
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.every((x) => x.met_at !== null)).toBe(true);

    const reopened = await act('dispatcher', second.id, { action: 'reopen', reason: '并非同一故障' });
    expect(reopened.body).toMatchObject({ status: 'dispatched', duplicateOfId: null });
    expect((await s.call('GET', `/api/v1/tickets/${first.id}`, await s.tokenFor('dispatcher'))).body.duplicates).toEqual([]);
  });

  it('refuses a merge into itself, into a duplicate, into an order out of scope, and from the agent', async () => {
    const a = await file();
    const b = await file();
    const c = await file();
    const self = await act('dispatcher', a.id, { action: 'merge', intoId: a.id });
    expect([self.status, self.body.error.code]).toEqual([422, 'merge_into_itself']);
    expect((await act('dispatcher', b.id, { action: 'merge', intoId: a.id })).status).toBe(200);
    const chained = await act('dispatcher', c.id, { action: 'merge', intoId: b.id });
    expect([chained.status, chained.body.error.code]).toEqual([422, 'merge_into_duplicate']);
    const elsewhere = await file({ premiseId: s.seed.premises.otherCompany });
    const outside = await act('dispatcher', c.id, { action: 'merge', intoId: elsewhere.id });
    expect([outside.status, outside.body.error.code]).toEqual([422, 'unknown_order']);
    expect((await act('agent', c.id, { action: 'merge', intoId: a.id })).status).toBe(403);
    // Nothing changed on the refused order.
    const after = await s.call('GET', `/api/v1/tickets/${c.id}`, await s.tokenFor('dispatcher'));
    expect(after.body).toMatchObject({ status: 'new', duplicateOfId: null });
  });
});
