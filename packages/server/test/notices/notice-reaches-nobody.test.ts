import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 15, bug 4: a notice for a building that does not exist was "published" to 0 households.
describe.each(testDatabaseKinds)('a notice that would reach nobody on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const notice = (building: string, publish: boolean) => ({
    kind: 'unplanned_outage',
    title: '楼内管道抢修',
    message: '因管道抢修临时停热，预计18时恢复。',
    startsAt: '2026-11-21T10:00:00+08:00',
    expectedEndAt: '2026-11-21T18:00:00+08:00',
    target: { kind: 'buildings', buildings: [{ community: '幸福小区', building }] },
    publish,
  });
  const count = async () =>
    Number(
      (
        await s.db
          .selectFrom('notices')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('is refused when published at once, naming the target, and leaves no draft behind', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const before = await count();
    const res = await s.call('POST', '/api/v1/notices', dispatcher, notice('99号楼', true));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('notice_reaches_nobody');
    expect(res.body.error.message).toContain('target');
    expect(await count()).toBe(before);
    expect(await s.db.selectFrom('outbox_messages').selectAll().execute()).toHaveLength(0);
  });

  it('a draft with such a target can be kept, but publishing it is refused and it stays a draft', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const draft = await s.call('POST', '/api/v1/notices', dispatcher, notice('99号楼', false));
    expect(draft.status).toBe(201);
    const published = await s.call('POST', `/api/v1/notices/${draft.body.id}/publish`, dispatcher);
    expect(published.status).toBe(422);
    expect(published.body.error.code).toBe('notice_reaches_nobody');
    expect((await s.call('GET', `/api/v1/notices/${draft.body.id}`, dispatcher)).body.status).toBe('draft');
  });

  it('a building that exists is published to its households', async () => {
    await s.db.updateTable('premises').set({ community: '幸福小区', building: '3号楼' }).where('id', '=', s.seed.premises.urban).execute();
    const res = await s.call('POST', '/api/v1/notices', await s.tokenFor('dispatcher'), notice('3号楼', true));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('active');
    expect(res.body.premiseCount).toBeGreaterThan(0);
  });
});
