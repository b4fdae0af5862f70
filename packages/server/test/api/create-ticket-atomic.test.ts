import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForToken } from '../../src/auth/session.service.js';
import { createTicket } from '../../src/tickets/create-ticket.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('a channel’s rows commit with the order on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const input = (description: string) => ({
    kind: 'repair' as const,
    channel: 'web' as const,
    categoryCode: 'heating-cold',
    description,
    premiseId: s.seed.premises.urban,
    contact: { name: '王', phone: '13900010001' },
  });

  it('when the channel’s own write fails, no order, event or clock is left behind', async () => {
    const actor = (await actorForToken(s.db, s.clock, await s.tokenFor('agent')))!;
    const ctx = { db: s.db, actor, clock: s.clock };
    await expect(
      createTicket(ctx, input('会失败的报修'), undefined, async () => {
        throw new Error('tracking code store failed');
      }),
    ).rejects.toThrow('tracking code store failed');
    const left = await s.db.selectFrom('tickets').select('id').where('description', '=', '会失败的报修').execute();
    expect(left).toEqual([]);

    let seen: string | undefined;
    const { ticket } = await createTicket(ctx, input('成功的报修'), undefined, async (_trx, t) => {
      seen = t.id;
    });
    expect(seen).toBe(ticket.id);
  });
});
