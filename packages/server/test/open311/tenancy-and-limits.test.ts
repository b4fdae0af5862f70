import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_LIMITS } from '../../src/open311/open311.routes.js';
import { testDatabaseKinds } from '../databases.js';
import { seedOrganisation } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { open311 } from './open311-client.js';

describe.each(testDatabaseKinds)('Open311 tenancy and result limits on %s', (kind) => {
  let s: TestServer;
  let api: ReturnType<typeof open311>;
  let heatKey: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    api = open311(s);
    await seedOrganisation(s.db, 'power');
    heatKey = (await s.call('POST', '/api/v1/open311/clients', await s.tokenFor('admin'), { name: 'heat app' })).body.apiKey;
  });
  afterAll(() => s?.close());

  it('jurisdiction_id picks the tenant; without it the first tenant answers', async () => {
    const filed = await api.post('requests.json', [
      ['api_key', heatKey],
      ['service_code', 'billing'],
      ['address_string', '某处'],
      ['description', '账单'],
    ]);
    expect(filed.status).toBe(201);
    const id = filed.body[0].service_request_id as string;
    expect((await api.get(`requests/${id}.json`)).status).toBe(200);
    expect((await api.get(`requests/${id}.json`, { jurisdiction_id: 'heat' })).status).toBe(200);
    expect((await api.get(`requests/${id}.json`, { jurisdiction_id: 'power' })).status).toBe(404);
    expect((await api.get('services.json', { jurisdiction_id: 'power' })).status).toBe(200);
  });

  it("a key works only for its own tenant's jurisdiction", async () => {
    const res = await api.post('requests.json', [
      ['api_key', heatKey],
      ['jurisdiction_id', 'power'],
      ['service_code', 'billing'],
      ['address_string', '某处'],
    ]);
    expect(res.status).toBe(403);
    expect(res.body[0].description).toContain('jurisdiction_id');
  });

  it('answers at most 1000 requests, newest first, and says so in X-Open311-Truncated', async () => {
    // 1,100 orders in one statement, one a minute back from now.
    await sql`
      INSERT INTO tickets (tenant_id, id, number, kind, channel, status, category_id, category_code, priority, address, contact_name, contact_phone,
        description, unit_id, unit_path, received_at, created_at, updated_at)
      SELECT c.tenant_id, gen_random_uuid(), 'BULK-' || lpad(g::text, 5, '0'), 'repair', 'open311', 'new', c.id, c.code, 'normal', '', 'x', '',
        'bulk', u.id, u.path, now() - g * interval '1 minute', now(), now()
      FROM generate_series(1, 1100) g
      CROSS JOIN (SELECT * FROM categories WHERE tenant_id = ${s.seed.tenantId} AND code = 'leak') c
      CROSS JOIN (SELECT * FROM units WHERE id = ${s.seed.units.root}) u`.execute(s.db);
    const res = await api.get('requests.json', {
      service_code: 'leak',
      start_date: '2026-01-01T00:00:00Z',
      end_date: '2026-03-31T00:00:00Z',
    });
    expect(res.body).toEqual([]);
    const now = new Date();
    const all = await api.get('requests.json', {
      service_code: 'leak',
      start_date: new Date(now.getTime() - 80 * 86_400_000).toISOString(),
      end_date: new Date(now.getTime() + 86_400_000).toISOString(),
    });
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(1000);
    expect(all.headers.get('x-open311-truncated')).toBe('true');
    expect(all.body[0].service_request_id).toBe('BULK-00001');
    expect(all.body[999].service_request_id).toBe('BULK-01000');
    const few = await api.get('requests.json', {
      service_code: 'billing',
      start_date: new Date(now.getTime() - 80 * 86_400_000).toISOString(),
    });
    expect(few.headers.get('x-open311-truncated')).toBeNull();
  });

  it('each address has a budget of writes; past it the answer is 429 in the spec format with Retry-After', async () => {
    // A fresh window so earlier tests' calls do not count.
    s.clock.advance(11);
    const statuses: number[] = [];
    for (let i = 0; i < OPEN311_LIMITS.writePerIp.max; i++) {
      statuses.push(
        (
          await api.post('requests.json', [
            ['service_code', 'billing'],
            ['address_string', '某处'],
          ])
        ).status,
      );
    }
    expect(new Set(statuses)).toEqual(new Set([403]));
    const over = await api.post('requests.xml', [
      ['api_key', heatKey],
      ['service_code', 'billing'],
      ['address_string', '某处'],
    ]);
    expect(over.status).toBe(429);
    expect(over.body.errors.error[0].code).toBe('429');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    s.clock.advance(11);
    expect(
      (
        await api.post('requests.json', [
          ['api_key', heatKey],
          ['service_code', 'billing'],
          ['address_string', '某处'],
        ])
      ).status,
    ).toBe(201);
  });
});
