import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 15, missing step 4 (in part): closing a resolved order without a callback needs a reason.
describe.each(testDatabaseKinds)('closing without a callback on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  it('is refused without a reason, naming the note, and records the reason when given', async () => {
    const act = async (user: Parameters<TestServer['tokenFor']>[0], id: string, body: Record<string, unknown>) =>
      s.call('POST', `/api/v1/tickets/${id}/actions`, await s.tokenFor(user), body);
    const t = (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed))).body;
    await act('dispatcher', t.id, { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
    await act('crew', t.id, { action: 'take' });
    expect((await act('crew', t.id, { action: 'resolve', note: '排气后恢复' })).body.status).toBe('resolved');
    const refused = await act('agent', t.id, { action: 'close' });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'reason_required']);
    expect(refused.body.error.message).toContain('note');
    const closed = await act('agent', t.id, { action: 'close', note: '住户电话停机，多次联系未果' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.events.at(-1)).toMatchObject({
      type: 'closed',
      note: '住户电话停机，多次联系未果',
      data: { withoutCallback: true },
    });
  });
});
