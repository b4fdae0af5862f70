import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.js';
import { repairRequest } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(testDatabaseKinds)('daily figures on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    // 02:00 UTC is 10:00 in Shanghai, the seeded tenant's zone.
    s = await startTestServer(kind, { start: '2026-11-21T02:00:00Z' });
  });
  afterAll(async () => s.close());

  const file = async () => (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed))).body;

  it('gives thirty local days ending today with the day’s on-time, satisfaction and callback rates', async () => {
    const a = await file();
    await file(); // stays open
    const crew = await s.tokenFor('crew');
    await s.call('POST', `/api/v1/tickets/${a.id}/actions`, await s.tokenFor('dispatcher'), {
      action: 'dispatch',
      unitId: s.seed.units.team,
      assigneeId: s.seed.users.crew.id,
    });
    await s.call('POST', `/api/v1/tickets/${a.id}/actions`, crew, { action: 'take' });
    await s.call('POST', `/api/v1/tickets/${a.id}/actions`, crew, { action: 'arrive' });
    await s.call('POST', `/api/v1/tickets/${a.id}/actions`, crew, { action: 'resolve', note: '已修好' });
    await s.call('POST', `/api/v1/tickets/${a.id}/actions`, await s.tokenFor('agent'), { action: 'callback', satisfaction: 5 });

    const res = await s.call('GET', '/api/v1/kpi/daily', await s.tokenFor('companyManager'));
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(30);
    expect(res.body.days.at(-1).date).toBe('2026-11-21');
    expect(res.body.days[0].date).toBe('2026-10-23');
    expect(res.body.days.at(-1).onTime).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(res.body.days.at(-1).satisfaction).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(res.body.days.at(-2).onTime.denominator).toBe(0);
    expect(res.body.open).toBe(1);
    expect(res.body.late).toBe(0);
  });

  it('counts an open order whose clock has passed as late', async () => {
    (s.clock as unknown as { advance(m: number): void }).advance(3 * 24 * 60);
    const res = await s.call('GET', '/api/v1/kpi/daily?days=7', await s.tokenFor('companyManager'));
    expect(res.body.days).toHaveLength(7);
    expect(res.body.late).toBe(1);
  });

  it('refuses a unit outside the manager’s subtree and a silly number of days', async () => {
    expect((await s.call('GET', `/api/v1/kpi/daily?unitId=${s.seed.units.otherStation}`, await s.tokenFor('companyManager'))).status).toBe(
      403,
    );
    const bad = await s.call('GET', '/api/v1/kpi/daily?days=1000', await s.tokenFor('companyManager'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('days');
  });
});
