import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketOut } from '../../src/tickets/ticket.schema.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('the service loop on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const repair = (premiseId: string, extra: Record<string, unknown> = {}) => ({
    kind: 'repair',
    channel: 'hotline',
    categoryCode: 'heating-cold',
    description: '暖气不热，室温14度',
    premiseId,
    contact: { name: '王大爷', phone: '13900010001' },
    ...extra,
  });

  it('a repair goes from intake to a satisfied callback with every step in its timeline', async () => {
    const agent = await s.tokenFor('agent');
    const dispatcher = await s.tokenFor('dispatcher');
    const crew = await s.tokenFor('crew');
    const created = await s.call('POST', '/api/v1/tickets', agent, repair(s.seed.premises.urban));
    expect(created.status).toBe(201);
    ticketOut.parse(created.body);
    const id = created.body.id as string;
    expect(created.body.number).toMatch(/^RX-20261121-\d{4}$/);
    expect(created.body.firstContactUserId).toBe(s.seed.users.agent.id);
    expect(created.body.unitId).toBe(s.seed.units.station);
    expect(created.body.deadlines).toEqual({
      respondBy: '2026-11-21T10:10:00.000+08:00',
      arriveBy: '2026-11-21T10:45:00.000+08:00',
      resolveBy: '2026-11-22T10:00:00.000+08:00',
    });

    const step = async (token: string, body: Record<string, unknown>) => {
      s.clock.advance(5);
      const res = await s.call('POST', `/api/v1/tickets/${id}/actions`, token, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ticketOut.parse(res.body);
      return res.body;
    };
    expect((await step(agent, { action: 'accept' })).status).toBe('accepted');
    expect((await step(dispatcher, { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id })).status).toBe(
      'dispatched',
    );
    expect((await step(crew, { action: 'take' })).status).toBe('taken');
    expect((await step(crew, { action: 'arrive' })).status).toBe('on_site');
    expect((await step(crew, { action: 'resolve', note: '排气后恢复，室温19度' })).status).toBe('resolved');
    const closed = await step(agent, { action: 'callback', satisfaction: 5, note: '很满意' });
    expect(closed.status).toBe('closed');
    expect(closed.late).toBe(false);
    expect(closed.firstContactUserId).toBe(s.seed.users.agent.id);
    expect(closed.assigneeId).toBe(s.seed.users.crew.id);

    const detail = await s.call('GET', `/api/v1/tickets/${id}`, agent);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'accepted',
      'dispatched',
      'taken',
      'arrived',
      'resolved',
      'callback',
      'closed',
    ]);
    expect(detail.body.events[6].data).toEqual({ satisfaction: 5 });
  });
});
