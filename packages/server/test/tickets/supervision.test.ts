import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketOut } from '../../src/tickets/ticket.schema.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 15, missing step 6: a quality supervisor or manager urges (督办) any order in scope with a
// note and a deadline; it lands in the timeline and in the bell of the unit holding the order.
describe.each(testDatabaseKinds)('urging by a supervisor on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const act = async (user: Parameters<TestServer['tokenFor']>[0], id: string, body: Record<string, unknown>) =>
    s.call('POST', `/api/v1/tickets/${id}/actions`, await s.tokenFor(user), body);

  async function dispatchedToTeam() {
    const t = (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed))).body;
    expect(
      (await act('dispatcher', t.id, { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id })).status,
    ).toBe(200);
    return t as { id: string; number: string };
  }

  it('the supervisor urges with a note and deadline: timeline, the holding unit’s urgings and its people’s bell', async () => {
    const t = await dispatchedToTeam();
    const res = await act('supervisor', t.id, {
      action: 'supervise',
      note: '住户三次来电，今日务必处理',
      dueBy: '2026-11-21T14:00:00+08:00',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ticketOut.parse(res.body);
    expect(res.body.status).toBe('dispatched');
    expect(res.body.events.at(-1)).toMatchObject({
      type: 'supervised',
      actorId: s.seed.users.supervisor.id,
      note: '住户三次来电，今日务必处理',
      data: { dueBy: '2026-11-21T06:00:00.000Z', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id },
    });

    // The crew member of the team holding the order sees it in the bell and may acknowledge it.
    const crew = await s.tokenFor('crew');
    const urgings = await s.call('GET', '/api/v1/urgings?open=true', crew);
    const u = urgings.body.items.find((x: { ticketId: string }) => x.ticketId === t.id);
    expect(u).toMatchObject({
      kind: 'supervision',
      unitId: s.seed.units.team,
      request: '住户三次来电，今日务必处理',
      dueBy: '2026-11-21T14:00:00.000+08:00',
      createdBy: s.seed.users.supervisor.id,
      acknowledgedAt: null,
    });
    const bell = await s.call('GET', '/api/v1/notifications', crew);
    expect(bell.body.items.find((n: { urgingId: string | null }) => n.urgingId === u.id)).toMatchObject({
      kind: 'supervision',
      ticketId: t.id,
      body: '住户三次来电，今日务必处理',
    });
    // The station above is not the holding unit: nothing in its open urgings.
    const station = await s.call('GET', '/api/v1/urgings?open=true', await s.tokenFor('stationManager'));
    expect(station.body.items.some((x: { ticketId: string }) => x.ticketId === t.id)).toBe(false);

    s.clock.advance(10);
    const ack = await s.call('POST', `/api/v1/urgings/${u.id}/acknowledge`, crew, { note: '已联系住户，下午到场' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    const after = await s.call('GET', `/api/v1/tickets/${t.id}`, crew);
    expect(after.body.events.at(-1)).toMatchObject({
      type: 'urging_acknowledged',
      actorId: s.seed.users.crew.id,
      note: '已联系住户，下午到场',
      data: { urgingId: u.id, kind: 'supervision' },
    });
  });

  it('a company manager may urge inside the company; a dispatcher or agent may not; past deadlines and closed orders are refused', async () => {
    const t = await dispatchedToTeam();
    expect((await act('companyManager', t.id, { action: 'supervise', note: '请加快', dueBy: '2026-11-22T10:00:00+08:00' })).status).toBe(
      200,
    );
    expect((await act('dispatcher', t.id, { action: 'supervise', note: '请加快', dueBy: '2026-11-22T10:00:00+08:00' })).status).toBe(403);
    expect((await act('agent', t.id, { action: 'supervise', note: '请加快', dueBy: '2026-11-22T10:00:00+08:00' })).status).toBe(403);
    const past = await act('supervisor', t.id, { action: 'supervise', note: '请加快', dueBy: '2026-11-21T09:00:00+08:00' });
    expect([past.status, past.body.error.code]).toEqual([422, 'due_not_future']);
    const noNote = await act('supervisor', t.id, { action: 'supervise', note: ' ', dueBy: '2026-11-22T10:00:00+08:00' });
    expect(noNote.status).toBe(400);
    const other = (
      await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed, { premiseId: s.seed.premises.otherCompany }))
    ).body;
    // The company manager of 和平 does not see an order of 东盛.
    expect(
      (await act('companyManager', other.id, { action: 'supervise', note: '请加快', dueBy: '2026-11-22T10:00:00+08:00' })).status,
    ).toBe(404);
  });
});
