import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/open311/system-actor.js';
import { testDatabaseKinds } from '../databases.js';
import { type Seed, seedOrganisation } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 8.8: another tenant's administrator could create `system-portal-<code>` or
// `system-open311-<code>`, after which that tenant's portal and Open311 intake answered 500.
describe.each(testDatabaseKinds)('system accounts on %s', (kind) => {
  let s: TestServer;
  let other: Seed;
  beforeAll(async () => {
    s = await startTestServer(kind);
    other = await seedOrganisation(s.db, 'north');
  });
  afterAll(() => s?.close());

  it('no administrator may create a system account name, for any tenant', async () => {
    const admin = await s.tokenFor('admin');
    for (const username of ['system-portal-north', 'system-open311-north', 'system-portal-heat']) {
      const res = await s.call('POST', '/api/v1/users', admin, {
        username,
        displayName: '门户',
        password: 'long-enough-password-1',
        role: 'hotline_agent',
        unitId: s.seed.units.root,
      });
      expect(res.status, username).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'reserved_username', message: expect.stringContaining('username') });
    }
    expect(await s.db.selectFrom('users').select('id').where('username', 'like', 'system-%').execute()).toEqual([]);
  });

  it('a name squatted before the rule does not break the other tenant’s intake', async () => {
    // As a squatter left it on an older version: tenant heat holds north's Open311 name.
    await s.db
      .insertInto('users')
      .values({
        tenant_id: s.seed.tenantId,
        id: randomUUID(),
        username: 'system-open311-north',
        display_name: 'squatter',
        password_hash: 'x',
        role: 'admin',
        unit_id: s.seed.units.root,
      })
      .execute();
    const actor = await systemActor(s.db, other.tenantId, 'open311');
    expect(actor.tenantId).toBe(other.tenantId);
    const user = await s.db.selectFrom('users').select(['tenant_id', 'role']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    expect(user).toEqual({ tenant_id: other.tenantId, role: 'hotline_agent' });
  });
});
