import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from '../../test/databases.js';
import { PASSWORD, seedOrganisation } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { buildServer } from '../server.js';
import { manualClock } from '../shared/clock.js';

/** Opens the live stream as a user and collects its events. */
async function listen(base: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/live/tickets`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const events: { event: string; data: any }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: data ? JSON.parse(data) : null });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

const until = async (check: () => boolean, ms = 5000, what = 'condition') => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.each(testDatabaseKinds)('live ticket feed on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(async () => s.close());

  const file = async (premiseId: string) =>
    (
      await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), {
        kind: 'repair',
        channel: 'hotline',
        categoryCode: 'heating-cold',
        description: '暖气不热',
        premiseId,
        contact: { name: '王大爷', phone: '13900010001' },
      })
    ).body;

  it('refuses a stream without a session', async () => {
    expect((await s.call('GET', '/api/v1/live/tickets')).status).toBe(401);
  });

  it("pushes another user's change to a dispatcher within a second, and only to users who may see the order", async () => {
    const dispatcher = await listen(s.base, await s.tokenFor('dispatcher'));
    const outsider = await listen(s.base, await s.tokenFor('otherCrew'));
    expect(dispatcher.res.headers.get('content-type')).toContain('text/event-stream');
    await until(
      () => dispatcher.events.some((e) => e.event === 'ready') && outsider.events.some((e) => e.event === 'ready'),
      5000,
      'ready',
    );
    await new Promise((r) => setTimeout(r, 400)); // let the feed take its starting point

    const t = await file(s.seed.premises.urban);
    const started = Date.now();
    await until(() => dispatcher.events.some((e) => e.event === 'ticket' && e.data.id === t.id), 1000, 'the new order');
    expect(Date.now() - started).toBeLessThan(1000);
    const pushed = dispatcher.events.find((e) => e.event === 'ticket' && e.data.id === t.id)!;
    expect(pushed.data.status).toBe('new');

    await s.call('POST', `/api/v1/tickets/${t.id}/actions`, await s.tokenFor('dispatcher'), {
      action: 'dispatch',
      unitId: s.seed.units.team,
    });
    await until(() => dispatcher.events.some((e) => e.event === 'ticket' && e.data.id === t.id && e.data.status === 'dispatched'));
    // The crew of the other company sees nothing of it.
    expect(outsider.events.filter((e) => e.event === 'ticket')).toEqual([]);
    await dispatcher.close();
    await outsider.close();
  });
});

describe.each(testDatabaseKinds)('live feed across server processes on %s', (kind) => {
  it('a change made through one server reaches a console connected to another', async () => {
    // Two servers that share nothing but the database, as two processes behind a load balancer would.
    const database = await openTestDatabase(kind);
    const seed = await seedOrganisation(database.db);
    const clock = manualClock('2026-11-21T02:00:00Z');
    const servers = await Promise.all(
      [0, 1].map(async () => {
        const app = await buildServer({ db: database.db, dbKind: database.kind, clock, sessionHours: 12 }, { logger: false });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const a = app.server.address();
        return { app, base: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` };
      }),
    );
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const login = async (base: string, username: string) =>
      (
        (await (
          await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: PASSWORD }),
          })
        ).json()) as { token: string }
      ).token;
    try {
      const stream = await listen(b.base, await login(b.base, seed.users.dispatcher.username));
      await until(() => stream.events.some((e) => e.event === 'ready'), 5000, 'ready');
      await new Promise((r) => setTimeout(r, 400));
      const res = await fetch(`${a.base}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(a.base, seed.users.agent.username)}` },
        body: JSON.stringify({
          kind: 'repair',
          channel: 'hotline',
          categoryCode: 'leak',
          description: '漏水',
          premiseId: seed.premises.urban,
          contact: { name: '王大爷', phone: '13900010001' },
        }),
      });
      const t = (await res.json()) as { id: string };
      await until(() => stream.events.some((e) => e.event === 'ticket' && e.data.id === t.id), 2000, 'the order filed on the other server');
      await stream.close();
    } finally {
      await Promise.all(servers.map((s) => s.app.close()));
      await database.close();
    }
  });
});
