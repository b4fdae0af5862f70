import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('lists and figures on %s', (kind) => {
  let s: TestServer;
  const ids: string[] = [];
  beforeAll(async () => {
    s = await startTestServer(kind, { start: '2026-11-10T01:00:00Z' });
    const agent = await s.tokenFor('agent');
    for (let i = 0; i < 7; i++) {
      s.clock.advance(1);
      const res = await s.call('POST', '/api/v1/tickets', agent, {
        kind: i < 5 ? 'repair' : 'consultation',
        channel: i % 2 ? 'web' : 'hotline',
        categoryCode: i < 5 ? 'heating-cold' : 'consultation',
        description: `第${i}单`,
        premiseId: i === 4 ? s.seed.premises.otherCompany : s.seed.premises.urban,
        contact: { name: '张', phone: `1380000000${i}` },
      });
      ids.push(res.body.id);
    }
  });
  afterAll(() => s?.close());

  const list = async (query: string, user: Parameters<TestServer['tokenFor']>[0] = 'supervisor') => {
    const res = await s.call('GET', `/api/v1/tickets?${query}`, await s.tokenFor(user));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: Array<{ id: string; kind: string; status: string }>; nextCursor: string | null };
  };

  it('pages through every order exactly once, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by kind, status, unit subtree and phone', async () => {
    expect((await list('kind=consultation')).items).toHaveLength(2);
    expect((await list('kind=repair,consultation')).items).toHaveLength(7);
    expect((await list('status=new')).items).toHaveLength(7);
    expect((await list(`unitId=${s.seed.units.dongsheng}`)).items.map((i) => i.id)).toEqual([ids[4]]);
    expect((await list('phone=13800000003')).items.map((i) => i.id)).toEqual([ids[3]]);
  });

  it('filters by time range', async () => {
    const t2 = await s.call('GET', `/api/v1/tickets/${ids[2]}`, await s.tokenFor('supervisor'));
    const page = await list(`from=${encodeURIComponent(t2.body.createdAt)}`);
    expect(page.items).toHaveLength(5);
  });

  it('rejects a bad filter or cursor with a 400 naming it', async () => {
    const agent = await s.tokenFor('agent');
    const bad = await s.call('GET', '/api/v1/tickets?status=lost', agent);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('status');
    const cursor = await s.call('GET', '/api/v1/tickets?cursor=garbage', agent);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('invalid_cursor');
  });

  it('computes on-time, satisfaction, callback and repeat rates with numerators and denominators', async () => {
    const token = (u: Parameters<TestServer['tokenFor']>[0]) => s.tokenFor(u);
    const act = async (id: string, user: Parameters<TestServer['tokenFor']>[0], body: Record<string, unknown>) => {
      const res = await s.call('POST', `/api/v1/tickets/${id}/actions`, await token(user), body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    // Order 0: on time, called back very satisfied. Order 1: resolved late, dissatisfied callback.
    // Order 2: resolved on time, no callback yet.
    for (const id of [ids[0]!, ids[1]!, ids[2]!]) {
      await act(id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      await act(id, 'crew', { action: 'take' });
    }
    await act(ids[0]!, 'crew', { action: 'resolve', note: 'ok' });
    await act(ids[2]!, 'crew', { action: 'resolve', note: 'ok' });
    s.clock.advance(60 * 24 * 2);
    await act(ids[1]!, 'crew', { action: 'resolve', note: 'late' });
    await act(ids[0]!, 'agent', { action: 'callback', satisfaction: 5 });
    await act(ids[1]!, 'agent', { action: 'callback', satisfaction: 2 });

    const res = await s.call(
      'GET',
      '/api/v1/kpi/summary?from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00',
      await token('supervisor'),
    );
    expect(res.status).toBe(200);
    // Order 1 resolved late, but the dissatisfied callback reopened it: it counts again when resolved anew.
    expect(res.body.onTime).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(res.body.satisfaction).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(res.body.callback).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(res.body.repeat.denominator).toBe(7);
    expect(res.body.repeat.numerator).toBe(4);

    const company = await s.call(
      'GET',
      `/api/v1/kpi/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&unitId=${s.seed.units.dongsheng}`,
      await token('supervisor'),
    );
    expect(company.body.onTime).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(company.body.repeat).toEqual({ numerator: 0, denominator: 1, rate: 0 });

    const outside = await s.call(
      'GET',
      `/api/v1/kpi/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&unitId=${s.seed.units.dongsheng}`,
      await token('stationManager'),
    );
    expect(outside.status).toBe(403);
  });

  it('finds overdue orders: an open clock past its deadline', async () => {
    const agent = await s.tokenFor('agent');
    const fresh = await s.call('POST', '/api/v1/tickets', agent, {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'leak',
      description: '漏水',
      premiseId: s.seed.premises.rural,
      contact: { name: '赵', phone: '13700000000' },
    });
    const overdueIds = async () => (await list('overdue=true&limit=200')).items.map((i) => i.id);
    expect(await overdueIds()).not.toContain(fresh.body.id);
    expect((await list('overdue=false&limit=200')).items.map((i) => i.id)).toContain(fresh.body.id);
    s.clock.advance(11);
    expect(await overdueIds()).toContain(fresh.body.id);
    const reread = await s.call('GET', `/api/v1/tickets/${fresh.body.id}`, agent);
    expect(reread.body.overdue).toBe(true);
  });
});
