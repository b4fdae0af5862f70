import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { assertSchema } from './georeport.schemas.js';
import { open311 } from './open311-client.js';

describe.each(testDatabaseKinds)('FixMyStreet servicerequestupdates on %s', (kind) => {
  let s: TestServer;
  let api: ReturnType<typeof open311>;
  let key: string;
  let number: string;
  let ticketId: string;
  const since = { start_date: '2026-11-21T00:00:00+08:00', end_date: '2026-11-23T00:00:00+08:00' };

  beforeAll(async () => {
    s = await startTestServer(kind);
    api = open311(s);
    key = (await s.call('POST', '/api/v1/open311/clients', await s.tokenFor('admin'), { name: 'FixMyStreet' })).body.apiKey;
    const created = await api.post('requests.json', [
      ['api_key', key],
      ['service_code', 'leak'],
      ['address_string', '和平区幸福小区3号楼'],
      ['attribute[location_type]', 'stairwell'],
      ['description', '楼道漏水'],
    ]);
    number = created.body[0].service_request_id;
    const list = await s.call('GET', '/api/v1/tickets?limit=10', await s.tokenFor('admin'));
    ticketId = list.body.items.find((t: { number: string }) => t.number === number).id;
    // Without a premise the order sits with the group, so the group's administrator dispatches it.
    const step = async (user: 'admin' | 'crew', body: Record<string, unknown>) => {
      s.clock.advance(5);
      const r = await s.call('POST', `/api/v1/tickets/${ticketId}/actions`, await s.tokenFor(user), body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await step('admin', { action: 'accept', note: '内部：李工' });
    await step('admin', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
    await step('crew', { action: 'take' });
    await step('crew', { action: 'arrive' });
    await step('crew', { action: 'resolve', note: '内部：换了阀门' });
  });
  afterAll(() => s?.close());

  it('GET needs an api_key', async () => {
    const json = await api.get('servicerequestupdates.json', since);
    expect(json.status).toBe(403);
    assertSchema('errors', json.body);
    expect((await api.get('servicerequestupdates.xml', since)).body.errors.error[0].code).toBe('403');
  });

  it('GET lists each public step with its extended status, oldest first, without staff notes', async () => {
    const json = await api.get('servicerequestupdates.json', { ...since, api_key: key });
    expect(json.status).toBe(200);
    assertSchema('updates', json.body);
    const mine = json.body.filter((u: { service_request_id: string }) => u.service_request_id === number);
    expect(mine.map((u: { status: string }) => u.status)).toEqual([
      'open',
      'open',
      'action_scheduled',
      'in_progress',
      'in_progress',
      'fixed',
    ]);
    expect(new Set(mine.map((u: { update_id: string }) => u.update_id)).size).toBe(6);
    expect(json.text).not.toContain('内部');
    expect(json.text).not.toContain('heat-crew');

    const xml = await api.get('servicerequestupdates.xml', { ...since, api_key: key });
    const updates = xml.body.service_request_updates.request_update;
    expect(updates.length).toBe(json.body.length);
    expect(Object.keys(updates[0]).sort()).toEqual([
      'description',
      'media_url',
      'service_request_id',
      'status',
      'update_id',
      'updated_datetime',
    ]);
    expect(updates[0].updated_datetime).toMatch(/\+08:00$/);
  });

  it('GET refuses a range over 90 days', async () => {
    const res = await api.get('servicerequestupdates.json', {
      api_key: key,
      start_date: '2026-01-01T00:00:00Z',
      end_date: '2026-11-21T00:00:00Z',
    });
    expect(res.status).toBe(400);
    expect(res.body[0].description).toContain('90 days');
  });

  const update = (fields: Record<string, string>) =>
    api.post(
      'servicerequestupdates.json',
      Object.entries({
        api_key: key,
        service_request_id: number,
        update_id: 'fms-1',
        status: 'OPEN',
        updated_datetime: '2026-11-21T11:00:00Z',
        description: '居民反馈：还是漏水',
        ...fields,
      }),
    );

  it.each([
    [{ api_key: '' }, 403, 'api_key'],
    [{ service_request_id: '' }, 400, 'service_request_id'],
    [{ service_request_id: 'RX-19990101-0001' }, 404, 'service_request_id'],
    [{ update_id: '' }, 400, 'update_id'],
    [{ status: 'BROKEN' }, 400, 'status'],
    [{ updated_datetime: '2026-11-21 11:00' }, 400, 'updated_datetime'],
    [{ description: '' }, 400, 'description'],
  ])('POST refuses %o', async (fields, status, words) => {
    const res = await update({ update_id: `bad-${words}`, ...fields });
    expect(res.status).toBe(status);
    assertSchema('errors', res.body);
    expect(res.body[0].description).toContain(words);
  });

  it('POST OPEN on a resolved order reopens it and records the update once, however often it is sent', async () => {
    const first = await update({});
    expect(first.status).toBe(200);
    assertSchema('postUpdateResponse', first.body);
    const again = await update({});
    expect(again.body[0].update_id).toBe(first.body[0].update_id);

    const detail = await s.call('GET', `/api/v1/tickets/${ticketId}`, await s.tokenFor('admin'));
    expect(detail.body.status).toBe('dispatched');
    const external = detail.body.events.filter((e: { type: string }) => e.type === 'open311_update');
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({ note: '居民反馈：还是漏水' });
    expect(external[0].data).toMatchObject({ client: 'FixMyStreet', updateId: 'fms-1', status: 'open' });
    expect(detail.body.events.some((e: { type: string }) => e.type === 'reopened')).toBe(true);

    const xml = await api.post(
      'servicerequestupdates.xml',
      Object.entries({
        api_key: key,
        service_request_id: number,
        update_id: 'fms-2',
        status: 'IN_PROGRESS',
        updated_datetime: '2026-11-21T11:05:00+08:00',
        description: '补充照片',
      }),
    );
    expect(xml.status).toBe(200);
    expect(xml.body.service_request_updates.request_update[0].update_id).toMatch(new RegExp(`^${number}-\\d+$`));
    expect((await s.call('GET', `/api/v1/tickets/${ticketId}`, await s.tokenFor('admin'))).body.status).toBe('dispatched');

    const listed = await api.get('servicerequestupdates.json', { ...since, api_key: key });
    expect(
      listed.body.some((u: { status: string; service_request_id: string }) => u.status === 'reopen' && u.service_request_id === number),
    ).toBe(true);
  });
});
