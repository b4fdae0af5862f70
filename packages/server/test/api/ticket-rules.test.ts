import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('work-order rules on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const body = (extra: Record<string, unknown> = {}) => repairRequest(s.seed, extra);
  const create = async (extra: Record<string, unknown> = {}, user: 'agent' | 'clerk' = 'agent', headers: Record<string, string> = {}) =>
    s.call('POST', '/api/v1/tickets', await s.tokenFor(user), body(extra), headers);
  const act = async (id: string, user: Parameters<TestServer['tokenFor']>[0], action: Record<string, unknown>) =>
    s.call('POST', `/api/v1/tickets/${id}/actions`, await s.tokenFor(user), action);

  describe('idempotency', () => {
    it('the same key with the same body returns the same order, once', async () => {
      const key = { 'idempotency-key': 'call-7731' };
      const a = await create({ description: '第一次' }, 'agent', key);
      const b = await create({ description: '第一次' }, 'agent', key);
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body.id).toBe(a.body.id);
      expect(b.body.number).toBe(a.body.number);
      expect(b.headers.get('idempotent-replayed')).toBe('true');
      const count = await s.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('description', '=', '第一次')
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('the same key with another body is a 422', async () => {
      const key = { 'idempotency-key': 'call-7732' };
      await create({ description: 'A' }, 'agent', key);
      const res = await create({ description: 'B' }, 'agent', key);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('idempotency_key_reused');
    });

    it('concurrent retries with one key create one order', async () => {
      const key = { 'idempotency-key': 'call-race' };
      const results = await Promise.all(Array.from({ length: 6 }, () => create({ description: '并发' }, 'agent', key)));
      expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    });
  });

  describe('bad input', () => {
    it.each([
      [{ kind: 'outage' }, 'body.kind'],
      [{ channel: 'fax' }, 'body.channel'],
      [{ contact: { name: '王', phone: 'abc' } }, 'body.contact.phone'],
      [{ description: '' }, 'body.description'],
      [{ premiseId: undefined, address: undefined }, 'address'],
      [{ premiseId: 'not-a-uuid' }, 'body.premiseId'],
      [{ receivedAt: 'yesterday' }, 'body.receivedAt'],
      [{ channel: 'escalated' }, 'source'],
    ])('%j is a 400 naming %s', async (extra, field) => {
      const res = await create(extra);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toContain(field);
    });

    it('an unknown category or a kind that does not match it is a 422 naming categoryCode', async () => {
      const unknown = await create({ categoryCode: 'nope' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.message).toContain('categoryCode');
      const mismatch = await create({ kind: 'complaint' });
      expect(mismatch.status).toBe(422);
      expect(mismatch.body.error.code).toBe('kind_category_mismatch');
    });

    it('malformed JSON is a 400, not a 500', async () => {
      const res = await fetch(`${s.base}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await s.tokenFor('agent')}` },
        body: '{"kind":',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBeTypeOf('string');
    });

    it('an action the state does not allow is a 409 with a code, and writes nothing', async () => {
      const t = (await create()).body;
      const res = await act(t.id, 'stationManager', { action: 'arrive' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('invalid_transition');
      const after = await s.call('GET', `/api/v1/tickets/${t.id}`, await s.tokenFor('agent'));
      expect(after.body.events).toHaveLength(1);
    });

    it('a satisfaction outside 1–5 is refused', async () => {
      const t = (await create()).body;
      expect((await act(t.id, 'agent', { action: 'callback', satisfaction: 6 })).status).toBe(400);
    });
  });

  describe('commitments', () => {
    it('arrival targets follow the area tier: 45 / 90 / 120 minutes', async () => {
      const received = new Date(s.clock.now()).getTime();
      for (const [premise, minutes] of [
        [s.seed.premises.urban, 45],
        [s.seed.premises.rural, 90],
        [s.seed.premises.remote, 120],
      ] as const) {
        const t = (await create({ premiseId: premise })).body;
        expect(Date.parse(t.deadlines.arriveBy) - received).toBe(minutes * 60_000);
      }
    });

    it('a pipe-network accident must be reached in 15 minutes and finished within a day', async () => {
      const t = (await create({ categoryCode: 'pipe-accident' })).body;
      const received = Date.parse(t.receivedAt);
      expect(Date.parse(t.deadlines.arriveBy) - received).toBe(15 * 60_000);
      expect(Date.parse(t.deadlines.resolveBy) - received).toBe(24 * 60 * 60_000);
      expect(t.priority).toBe('urgent');
    });

    it('an escalated request keeps its source and counts from its original receipt', async () => {
      const receivedAt = new Date(s.clock.now().getTime() - 30 * 60_000).toISOString();
      const res = await create({ channel: 'escalated', receivedAt, source: { body: '12345', reference: 'SH-2026-000913' } });
      expect(res.status).toBe(201);
      expect(res.body.source).toEqual({ body: '12345', reference: 'SH-2026-000913' });
      expect(Date.parse(res.body.deadlines.arriveBy)).toBe(Date.parse(receivedAt) + 45 * 60_000);
    });

    it('an edited commitment applies to new orders only', async () => {
      const before = (await create({ premiseId: s.seed.premises.rural })).body;
      const admin = await s.tokenFor('admin');
      const res = await s.call('PUT', '/api/v1/catalog/categories/heating-cold/commitments', admin, {
        commitments: [{ priority: '*', areaTier: '*', respondMinutes: 10, arriveMinutes: 30, resolveMinutes: 600 }],
      });
      expect(res.status).toBe(204);
      const after = (await create({ premiseId: s.seed.premises.rural })).body;
      expect(Date.parse(after.deadlines.arriveBy) - Date.parse(after.receivedAt)).toBe(30 * 60_000);
      const reread = await s.call('GET', `/api/v1/tickets/${before.id}`, admin);
      expect(reread.body.deadlines.arriveBy).toBe(before.deadlines.arriveBy);
      const catalog = await s.call('GET', '/api/v1/catalog', admin);
      const cat = catalog.body.categories.find((c: { code: string }) => c.code === 'heating-cold');
      expect(cat.commitments).toHaveLength(1);
      expect(cat.commitments[0]).toMatchObject({
        priority: '*',
        areaTier: '*',
        respondMinutes: 10,
        arriveMinutes: 30,
        resolveMinutes: 600,
      });
    });

    it('an arrival after the deadline marks the order late, and it stays late', async () => {
      const t = (await create({ categoryCode: 'pipe-accident' })).body;
      await act(t.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      await act(t.id, 'crew', { action: 'take' });
      s.clock.advance(16);
      const arrived = await act(t.id, 'crew', { action: 'arrive' });
      expect(arrived.body.late).toBe(true);
      const event = arrived.body.events.find((e: { type: string }) => e.type === 'arrived');
      expect(event.data.late).toBe(true);
      const resolved = await act(t.id, 'crew', { action: 'resolve', note: '抢修完成' });
      expect(resolved.body.late).toBe(true);
    });

    it('time spent suspended does not count against the open clocks', async () => {
      const t = (await create()).body;
      await act(t.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      await act(t.id, 'crew', { action: 'take' });
      await act(t.id, 'crew', { action: 'suspend', reason: '等待配件' });
      s.clock.advance(120);
      const resumed = await act(t.id, 'crew', { action: 'resume' });
      expect(resumed.body.status).toBe('taken');
      expect(Date.parse(resumed.body.deadlines.arriveBy) - Date.parse(t.deadlines.arriveBy)).toBe(120 * 60_000);
      expect(Date.parse(resumed.body.deadlines.resolveBy) - Date.parse(t.deadlines.resolveBy)).toBe(120 * 60_000);
      expect(resumed.body.deadlines.respondBy).toBe(t.deadlines.respondBy);
    });
  });

  describe('the loop around the edges', () => {
    it('a dissatisfied callback reopens the order to its unit', async () => {
      const t = (await create()).body;
      await act(t.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      await act(t.id, 'crew', { action: 'take' });
      await act(t.id, 'crew', { action: 'resolve', note: '已处理' });
      const res = await act(t.id, 'agent', { action: 'callback', satisfaction: 1, note: '还是不热' });
      expect(res.body.status).toBe('dispatched');
      expect(res.body.unitId).toBe(s.seed.units.team);
      expect(res.body.reopenCount).toBe(1);
      expect(res.body.resolvedAt).toBeNull();
      expect(res.body.events.slice(-2).map((e: { type: string }) => e.type)).toEqual(['callback', 'reopened']);
    });

    it('a consultation is answered and closed at first contact', async () => {
      const t = (await create({ kind: 'consultation', categoryCode: 'consultation', description: '采暖费标准？' })).body;
      const res = await act(t.id, 'agent', { action: 'close', note: '已告知收费标准' });
      expect(res.body.status).toBe('closed');
      expect(res.body.respondedAt).not.toBeNull();
    });

    it('a crew returns an order to the dispatcher, who routes it again', async () => {
      const t = (await create()).body;
      await act(t.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
      const returned = await act(t.id, 'crew', { action: 'return', reason: '不属于本班组' });
      expect(returned.body.status).toBe('accepted');
      expect(returned.body.unitId).toBe(s.seed.units.heping);
      expect(returned.body.assigneeId).toBeNull();
    });

    it('the first-contact owner stays recorded apart from the assignee through a transfer', async () => {
      const t = (await create()).body;
      const moved = await act(t.id, 'dispatcher', { action: 'transfer', unitId: s.seed.units.otherStation });
      expect(moved.status).toBe(200);
      expect(moved.body.unitId).toBe(s.seed.units.otherStation);
      expect(moved.body.firstContactUserId).toBe(s.seed.users.agent.id);
    });

    it('an order for the same premise and category within 30 days is linked as a repeat', async () => {
      const first = (await create({ premiseId: s.seed.premises.remote, categoryCode: 'leak' })).body;
      s.clock.advance(60 * 24 * 3);
      const secondRes = await create({ premiseId: s.seed.premises.remote, categoryCode: 'leak' });
      expect(secondRes.status, JSON.stringify(secondRes.body)).toBe(201);
      const second = secondRes.body;
      expect(second.repeatOfId).toBe(first.id);
      expect(second.events[0].data.repeatOf.number).toBe(first.number);
      s.clock.advance(60 * 24 * 31);
      const third = (await create({ premiseId: s.seed.premises.remote, categoryCode: 'leak' })).body;
      expect(third.repeatOfId).toBeNull();
    });

    it('numbers are readable and unique per day', async () => {
      const a = (await create()).body.number;
      const b = (await create()).body.number;
      expect(a).toMatch(/^RX-\d{8}-\d{4}$/);
      expect(b).not.toBe(a);
    });
  });

  describe('scoping by organisation unit', () => {
    it('a crew of another company cannot see or act on the order', async () => {
      const t = (await create()).body;
      const other = await s.tokenFor('otherCrew');
      expect((await s.call('GET', `/api/v1/tickets/${t.id}`, other)).status).toBe(404);
      expect((await act(t.id, 'otherCrew', { action: 'take' })).status).toBe(404);
      const list = await s.call('GET', '/api/v1/tickets?limit=200', other);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(t.id);
    });

    it('a station manager sees the station’s orders but not another company’s', async () => {
      const mine = (await create()).body;
      const theirs = (await create({ premiseId: s.seed.premises.otherCompany })).body;
      const manager = await s.tokenFor('stationManager');
      const ids = (await s.call('GET', '/api/v1/tickets?limit=200', manager)).body.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
    });

    it('a quality supervisor sees the whole tenant', async () => {
      const theirs = (await create({ premiseId: s.seed.premises.otherCompany })).body;
      const mine = (await create()).body;
      const sup = await s.tokenFor('supervisor');
      expect((await s.call('GET', `/api/v1/tickets/${theirs.id}`, sup)).status).toBe(200);
      expect((await s.call('GET', `/api/v1/tickets/${mine.id}`, sup)).status).toBe(200);
    });

    it('a dispatcher cannot send an order outside their company', async () => {
      const t = (await create()).body;
      const res = await act(t.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.otherStation });
      expect(res.status).toBe(403);
    });

    it('a crew member cannot act on an order assigned to someone else', async () => {
      const created = await s.call('POST', '/api/v1/users', await s.tokenFor('admin'), {
        username: 'crew-team-b',
        displayName: '李师傅',
        password: 'another-pass-1',
        role: 'field_crew',
        unitId: s.seed.units.team,
      });
      expect(created.status).toBe(201);
      const t = (await create()).body;
      await act(t.id, 'dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: created.body.id });
      const res = await act(t.id, 'crew', { action: 'take' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('action_not_allowed');
    });

    it('the actions offered follow role and state', async () => {
      const t = (await create()).body;
      // The agent accepts, or adds a repeat call when the household calls again.
      expect(t.allowedActions).toEqual(['accept', 'repeat_call']);
      const asDispatcher = await s.call('GET', `/api/v1/tickets/${t.id}`, await s.tokenFor('dispatcher'));
      expect(asDispatcher.body.allowedActions).toEqual(expect.arrayContaining(['accept', 'dispatch']));
      expect(asDispatcher.body.allowedActions).not.toContain('take');
    });
  });
});
