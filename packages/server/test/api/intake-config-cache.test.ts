import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import {
  freePort,
  httpClient,
  type PreparedDatabase,
  prepareDatabase,
  repairBody,
  type ServerProcess,
  startServerProcess,
} from '../durability/server-process.js';
import { PASSWORD, repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// The intake keeps each tenant's configuration in the process (tickets/intake-config.ts). A change
// must be seen on the very next order, whoever made it: another API process, a tool, psql.

const respondMinutes = (order: { receivedAt: string; deadlines: { respondBy: string } }) =>
  (Date.parse(order.deadlines.respondBy) - Date.parse(order.receivedAt)) / 60_000;

describe.each(testDatabaseKinds)('kept intake configuration on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('sees commitments, the tenant row and the catalogue changed behind its back on the next order', async () => {
    const agent = await s.tokenFor('agent');
    const file = () => s.call('POST', '/api/v1/tickets', agent, repairRequest(s.seed));
    const first = await file();
    expect(first.status).toBe(201);
    expect(respondMinutes(first.body)).not.toBe(77);
    // Written as another process would: straight to the database, nothing in this process is told.
    await sql`UPDATE commitments SET respond_minutes = 77 WHERE tenant_id = ${s.seed.tenantId}`.execute(s.db);
    const second = await file();
    expect(second.status).toBe(201);
    expect(respondMinutes(second.body)).toBe(77);

    await sql`UPDATE tenants SET ticket_prefix = 'ZQ' WHERE id = ${s.seed.tenantId}`.execute(s.db);
    const third = await file();
    expect(third.body.number).toMatch(/^ZQ-/);

    await sql`UPDATE categories SET active = false WHERE tenant_id = ${s.seed.tenantId} AND code = 'heating-cold'`.execute(s.db);
    const refused = await file();
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('unknown_category');
  });

  it('returns the same timeline on filing as a later read of the order', async () => {
    const agent = await s.tokenFor('agent');
    await sql`UPDATE categories SET active = true WHERE tenant_id = ${s.seed.tenantId}`.execute(s.db);
    const created = await s.call('POST', '/api/v1/tickets', agent, repairRequest(s.seed, { categoryCode: 'heating-cold' }));
    expect(created.status).toBe(201);
    const read = await s.call('GET', `/api/v1/tickets/${created.body.id}`, agent);
    expect(created.body.events.length).toBeGreaterThan(0);
    expect(created.body.events).toEqual(read.body.events);
    expect(created.body.eventCount ?? created.body.events.length).toBe(read.body.eventCount ?? read.body.events.length);
  });
});

// Two API processes on one PostgreSQL (PGlite is one process by design).
describe.each(testDatabaseKinds.filter((k) => k === 'postgres'))('two API processes on %s', (kind) => {
  let prepared: PreparedDatabase;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    prepared = await prepareDatabase(kind);
    for (let i = 0; i < 2; i++) {
      servers.push(await startServerProcess({ port: await freePort(), env: { ...prepared.env, WARMLINE_ROLE: 'api' } }));
    }
  }, 120_000);
  afterAll(async () => {
    for (const server of servers) await server.kill('SIGTERM');
    await prepared?.remove();
  });

  it('a commitment changed through one process applies to the next order filed through the other', async () => {
    const a = httpClient(servers[0]!.base);
    const b = httpClient(servers[1]!.base);
    try {
      const agent = await a.login(prepared.seed.users.agent.username, PASSWORD);
      const admin = await b.login(prepared.seed.users.admin.username, PASSWORD);
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      const before = await a.request('POST', '/api/v1/tickets', repairBody(prepared.seed.premises.urban, 'one'), auth(agent));
      expect(before.status).toBe(201);
      expect(respondMinutes(before.body)).not.toBe(33);

      const changed = await b.request(
        'PUT',
        '/api/v1/catalog/categories/heating-cold/commitments',
        { commitments: [{ priority: '*', areaTier: '*', respondMinutes: 33, arriveMinutes: 90, resolveMinutes: 600 }] },
        auth(admin),
      );
      expect(changed.status).toBe(204);

      const after = await a.request('POST', '/api/v1/tickets', repairBody(prepared.seed.premises.urban, 'two'), auth(agent));
      expect(after.status).toBe(201);
      expect(respondMinutes(after.body)).toBe(33);
    } finally {
      a.close();
      b.close();
    }
  }, 60_000);
});
