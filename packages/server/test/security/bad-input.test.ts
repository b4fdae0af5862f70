import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

const cursor = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe.each(testDatabaseKinds)('bad input is a 4xx naming the field on %s', (kind) => {
  let s: TestServer;
  let agent: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    agent = await s.tokenFor('agent');
  });
  afterAll(async () => s.close());

  it('a NUL byte in an otherwise valid order is refused with 400 naming the field, and nothing is written', async () => {
    const res = await s.call('POST', '/api/v1/tickets', agent, repairRequest(s.seed, { description: '暖气\u0000不热' }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('body.description');
    const list = await s.call('GET', '/api/v1/tickets', agent);
    expect(list.body.items).toHaveLength(0);
  });

  it('a NUL byte in a search or filter is refused with 400', async () => {
    for (const q of ['categoryCode=a%00b', 'phone=%00', 'q=%00']) {
      const res = await s.call('GET', `/api/v1/tickets?${q}`, agent);
      expect(res.status, q).toBe(400);
    }
    expect((await s.call('GET', '/api/v1/premises?q=a%00b', agent)).status).toBe(400);
  });

  it('a crafted cursor is refused with 400 naming cursor', async () => {
    for (const c of [
      cursor(['2026-11-21T02:00:00Z', 'not-a-uuid']),
      cursor(['+275760-09-13T00:00:00Z', '0b0c3c1e-1111-4111-8111-111111111111']),
    ]) {
      const res = await s.call('GET', `/api/v1/tickets?cursor=${c}`, agent);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_cursor');
      expect(res.body.error.message).toMatch(/^cursor:/);
    }
  });

  it('receivedAt in year 0001 or on 31 February is refused with 400 naming receivedAt', async () => {
    for (const receivedAt of ['0001-01-01T00:00:00Z', '2026-02-31T10:00:00+08:00', '9999-12-31T00:00:00Z']) {
      const res = await s.call('POST', '/api/v1/tickets', agent, repairRequest(s.seed, { receivedAt }));
      expect(res.status, receivedAt).toBe(400);
      expect(res.body.error.message).toContain('receivedAt');
    }
  });

  it('from and to are compared as moments, not as text', async () => {
    // 10:00 at +08:00 is 02:00Z, one hour before 03:00Z, although it sorts after it as text.
    const ok = await s.call(
      'GET',
      `/api/v1/tickets?from=${encodeURIComponent('2026-11-21T10:00:00+08:00')}&to=2026-11-21T03:00:00Z`,
      agent,
    );
    expect(ok.status).toBe(200);
    const bad = await s.call(
      'GET',
      `/api/v1/tickets?from=2026-11-21T03:00:00Z&to=${encodeURIComponent('2026-11-21T10:00:00+08:00')}`,
      agent,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_range');
    const ancient = await s.call('GET', '/api/v1/kpi/summary?from=0001-01-01T00:00:00Z&to=2026-11-21T00:00:00Z', agent);
    expect(ancient.status).toBe(400);
    expect(ancient.body.error.message).toContain('from');
  });

  it('a stray % in an Open311 path is a 400 in the requested format', async () => {
    const res = await fetch(`${s.base}/open311/v2/requests/%E4%.json`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('json');
    const xml = await fetch(`${s.base}/open311/v2/requests/a%00b.xml`);
    expect(xml.status).toBe(400);
    expect(xml.headers.get('content-type')).toContain('xml');
  });
});
