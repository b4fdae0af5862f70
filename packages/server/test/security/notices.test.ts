import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/jobs/job-runner.js';
import { ALL_JOBS } from '../../src/jobs/start-background.js';
import { testDatabaseKinds } from '../databases.js';
import { addOtherCompanyStationNode, repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 8.1: notices were not scoped. A station manager or company dispatcher could notify another
// company's households, read and publish its drafts, and end its notice resolving orders they cannot see.
describe.each(testDatabaseKinds)('notices stay inside the actor’s part of the organisation on %s', (kind) => {
  let s: TestServer;
  let hepingNode: string;
  let dongshengNode: string;
  let dongshengPremise: string;
  const notice = (target: unknown, extra: Record<string, unknown> = {}) => ({
    kind: 'planned_outage',
    title: '计划停热',
    message: '管网检修',
    startsAt: '2026-11-22T09:00:00+08:00',
    target,
    ...extra,
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    hepingNode = (await s.db.selectFrom('network_nodes').select('id').where('code', '=', 'heat-hes-1').executeTakeFirstOrThrow()).id;
    // 东盛 keeps a station of its own with one household under it.
    dongshengNode = await addOtherCompanyStationNode(s.db, s.seed);
    dongshengPremise = randomUUID();
    await s.db
      .insertInto('premises')
      .values({
        tenant_id: s.seed.tenantId,
        id: dongshengPremise,
        account_no: '20002',
        address: '东盛区明珠花园2号楼201',
        community: '明珠花园',
        building: '2号楼',
        unit_id: s.seed.units.otherStation,
        network_node_id: dongshengNode,
      })
      .execute();
    await s.db
      .insertInto('customers')
      .values({ tenant_id: s.seed.tenantId, id: randomUUID(), premise_id: dongshengPremise, name: '李女士', phone: '13900020002' })
      .execute();
  });
  afterAll(() => s?.close());

  it('a station manager cannot notify the households of another company’s network node', async () => {
    const res = await s.call(
      'POST',
      '/api/v1/notices',
      await s.tokenFor('stationManager'),
      notice({ kind: 'nodes', nodeIds: [dongshengNode] }, { publish: true }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'unit_out_of_scope', message: expect.stringContaining('target.nodeIds') });
    const queued = await s.db.selectFrom('outbox_messages').select('id').where('recipient', '=', '13900020002').execute();
    expect(queued).toEqual([]);
  });

  it('a company dispatcher cannot list another company’s households as a target', async () => {
    const res = await s.call(
      'POST',
      '/api/v1/notices',
      await s.tokenFor('dispatcher'),
      notice({ kind: 'premises', premiseIds: [s.seed.premises.urban, dongshengPremise] }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('target.premiseIds');
  });

  it('a building target reaches only the households of the actor’s own part', async () => {
    // The same building name exists in both companies; only 和平's household is notified.
    await s.db.updateTable('premises').set({ community: '明珠花园', building: '2号楼' }).where('id', '=', s.seed.premises.rural).execute();
    const res = await s.call(
      'POST',
      '/api/v1/notices',
      await s.tokenFor('dispatcher'),
      notice({ kind: 'buildings', buildings: [{ community: '明珠花园', building: '2号楼' }] }, { publish: true }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.premiseCount).toBe(1);
    const reached = await s.db.selectFrom('notice_premises').select('premise_id').where('notice_id', '=', res.body.id).execute();
    expect(reached.map((r) => r.premise_id)).toEqual([s.seed.premises.rural]);
  });

  it('a notice may not be placed in a unit outside the author’s part', async () => {
    const res = await s.call(
      'POST',
      '/api/v1/notices',
      await s.tokenFor('companyManager'),
      notice({ kind: 'nodes', nodeIds: [hepingNode] }, { unitId: s.seed.units.dongsheng }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('unitId');
  });

  it('another company’s draft can be neither read, listed nor published', async () => {
    const admin = await s.tokenFor('admin');
    const draft = await s.call(
      'POST',
      '/api/v1/notices',
      admin,
      notice({ kind: 'nodes', nodeIds: [dongshengNode] }, { unitId: s.seed.units.dongsheng }),
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.unitId).toBe(s.seed.units.dongsheng);
    for (const user of ['dispatcher', 'stationManager', 'companyManager'] as const) {
      const token = await s.tokenFor(user);
      expect((await s.call('GET', `/api/v1/notices/${draft.body.id}`, token)).status, user).toBe(404);
      const list = await s.call('GET', '/api/v1/notices?status=draft', token);
      expect(
        list.body.items.map((n: { id: string }) => n.id),
        user,
      ).not.toContain(draft.body.id);
      expect((await s.call('POST', `/api/v1/notices/${draft.body.id}/publish`, token)).status, user).toBe(404);
    }
    // A crew member of the notice's own company does not read drafts either; the supervisor does.
    const crewList = await s.call('GET', '/api/v1/notices?status=draft', await s.tokenFor('otherCrew'));
    expect(crewList.body.items).toEqual([]);
    const audit = await s.call('GET', `/api/v1/notices/${draft.body.id}`, await s.tokenFor('supervisor'));
    expect(audit.status).toBe(200);
    expect((await s.db.selectFrom('notices').select('status').where('id', '=', draft.body.id).executeTakeFirstOrThrow()).status).toBe(
      'draft',
    );
  });

  it('another company’s active notice cannot be ended by a dispatcher', async () => {
    const admin = await s.tokenFor('admin');
    const active = await s.call(
      'POST',
      '/api/v1/notices',
      admin,
      notice({ kind: 'nodes', nodeIds: [dongshengNode] }, { unitId: s.seed.units.dongsheng, publish: true }),
    );
    expect(active.body.status).toBe('active');
    // Published notices of another company are not even listed for a company dispatcher.
    const list = await s.call('GET', '/api/v1/notices', await s.tokenFor('dispatcher'));
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(active.body.id);
    const end = await s.call('POST', `/api/v1/notices/${active.body.id}/end`, await s.tokenFor('dispatcher'), { resolveLinked: true });
    expect(end.status).toBe(404);
    expect((await s.db.selectFrom('notices').select('status').where('id', '=', active.body.id).executeTakeFirstOrThrow()).status).toBe(
      'active',
    );
    // The crew of the company it belongs to sees it, as do the group's administrators.
    const crew = await s.call('GET', `/api/v1/notices/${active.body.id}`, await s.tokenFor('otherCrew'));
    expect(crew.status).toBe(200);
  });

  it('ending a notice resolves only the linked orders the actor may act on', async () => {
    // 和平's station serves one 东盛 household (premises.otherCompany) from its node: the outage reaches it,
    // but its order belongs to 东盛 and stays open when 和平's manager ends the notice.
    const manager = await s.tokenFor('companyManager');
    const created = await s.call('POST', '/api/v1/notices', manager, notice({ kind: 'nodes', nodeIds: [hepingNode] }, { publish: true }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const agent = await s.tokenFor('agent');
    const own = await s.call('POST', '/api/v1/tickets', agent, repairRequest(s.seed, { premiseId: s.seed.premises.remote }));
    const theirs = await s.call(
      'POST',
      '/api/v1/tickets',
      agent,
      repairRequest(s.seed, { premiseId: s.seed.premises.otherCompany, contact: { name: '王', phone: '13900030003' } }),
    );
    expect([own.status, theirs.status]).toEqual([201, 201]);
    expect((await s.call('GET', `/api/v1/tickets/${theirs.body.id}`, manager)).status).toBe(404);
    const end = await s.call('POST', `/api/v1/notices/${created.body.id}/end`, manager, { resolveLinked: true });
    expect(end.status).toBe(200);
    expect(end.body.linkedTickets).toBe(2);
    while ((await runDueJobs(s.db, s.clock, ALL_JOBS)) > 0);
    const status = async (id: string) =>
      (await s.db.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(own.body.id)).toBe('resolved');
    expect(await status(theirs.body.id)).toBe('new');
  });
});
