import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(testDatabaseKinds)('names of colleagues on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(async () => s.close());

  it('gives a dispatcher the name of the agent who owns an order, though the agent sits outside their subtree', async () => {
    const res = await s.call(
      'GET',
      `/api/v1/directory/people?ids=${s.seed.users.agent.id},${s.seed.users.crew.id}`,
      await s.tokenFor('dispatcher'),
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { displayName: string }) => p.displayName).sort()).toEqual(['agent', 'crew']);
  });

  it('names the field when an id is not a uuid', async () => {
    const res = await s.call('GET', '/api/v1/directory/people?ids=nope', await s.tokenFor('dispatcher'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('ids');
  });
});
