import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWERABLE_KINDS, KINDS } from '../../src/catalog/kinds.js';
import { DISSATISFIED_MAX, SATISFIED_MIN } from '../../src/tickets/ticket.state.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)("the server's rules for the console on %s", (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('come from the definitions the loop itself uses', async () => {
    const res = await s.call('GET', '/api/v1/meta', await s.tokenFor('agent'));
    expect(res.status).toBe(200);
    expect(res.body.kinds).toEqual([...KINDS]);
    expect(res.body.answerableKinds).toEqual([...ANSWERABLE_KINDS]);
    expect(res.body.answerableKinds).not.toContain('repair');
    expect(res.body.satisfaction).toEqual({ levels: [1, 2, 3, 4, 5], reopensAtOrBelow: DISSATISFIED_MAX, satisfiedFrom: SATISFIED_MIN });
    expect(res.body.repeatWindowDays).toBe(30);
  });

  it("the repeat window is the tenant's setting", async () => {
    await s.db.updateTable('tenants').set({ repeat_window_days: 14 }).where('id', '=', s.seed.tenantId).execute();
    const res = await s.call('GET', '/api/v1/meta', await s.tokenFor('dispatcher'));
    expect(res.body.repeatWindowDays).toBe(14);
  });

  it('needs a session', async () => {
    expect((await s.call('GET', '/api/v1/meta')).status).toBe(401);
  });
});
