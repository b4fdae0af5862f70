import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('the live feed and sessions on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('a stream opened before sign-out ends at the next heartbeat', async () => {
    const token = await s.tokenFor('dispatcher');
    const res = await fetch(`${s.base}/api/v1/live/tickets`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the "ready" event
    expect((await s.call('POST', '/api/v1/auth/logout', token)).status).toBe(204);
    let ended = false;
    const deadline = Date.now() + 25_000;
    while (!ended && Date.now() < deadline) ended = (await reader.read()).done;
    expect(ended).toBe(true);
  }, 40_000);
});
