import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOut, premiseOut } from '../../src/territory/territory.schema.js';
import { testDatabaseKinds } from '../databases.js';
import { seedOrganisation } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('the household register on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const nodeId = async () =>
    (await s.db.selectFrom('network_nodes').select('id').where('code', '=', 'heat-hes-1').executeTakeFirstOrThrow()).id;
  const premise = (accountNo: string, extra: Record<string, unknown> = {}) => ({
    accountNo,
    address: `鸡冠区红旗小区${accountNo}号`,
    district: '鸡冠区',
    community: '红旗小区',
    building: '7',
    entrance: '1',
    room: '302',
    heatedArea: 72.35,
    areaTier: 'urban',
    flags: ['hardship'],
    notes: '独居老人，耳背，需大声说话',
    customers: [{ name: '赵奶奶', phone: '0467-234 5601' }],
    ...extra,
  });

  it('an administrator registers a household; its station comes from the network node and the phone is normalised', async () => {
    const admin = await s.tokenFor('admin');
    const res = await s.call('POST', '/api/v1/premises', admin, premise('30001', { networkNodeId: await nodeId() }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = premiseOut.parse(res.body);
    expect(p).toMatchObject({
      accountNo: '30001',
      unitId: s.seed.units.station,
      networkNode: { code: 'heat-hes-1' },
      heatedArea: 72.35,
      flags: ['hardship'],
      customers: [{ name: '赵奶奶', phone: '04672345601' }],
    });
    const again = await s.call('GET', `/api/v1/premises/${p.id}`, admin);
    expect(again.body).toEqual(res.body);
  });

  it('the same account number twice is a conflict', async () => {
    const admin = await s.tokenFor('admin');
    const res = await s.call('POST', '/api/v1/premises', admin, premise('30001', { unitId: s.seed.units.station }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('account_taken');
  });

  it('hotline agents, crews and supervisors read the register but may not change it', async () => {
    for (const user of ['agent', 'crew', 'supervisor', 'dispatcher'] as const) {
      const res = await s.call(
        'POST',
        '/api/v1/premises',
        await s.tokenFor(user),
        premise(`3100-${user}`, { unitId: s.seed.units.station }),
      );
      expect(res.status, user).toBe(403);
      expect(res.body.error.code).toBe('role_not_allowed');
    }
    const read = await s.call('GET', `/api/v1/premises/${s.seed.premises.urban}`, await s.tokenFor('agent'));
    expect(read.status).toBe(200);
  });

  it('a station manager registers households of their own station only', async () => {
    const mgr = await s.tokenFor('stationManager');
    const own = await s.call('POST', '/api/v1/premises', mgr, premise('30002', { unitId: s.seed.units.station }));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const other = await s.call('POST', '/api/v1/premises', mgr, premise('30003', { unitId: s.seed.units.otherStation }));
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'unit_out_of_scope', message: expect.stringContaining('unitId') });
    const none = await s.call('POST', '/api/v1/premises', mgr, premise('30004'));
    expect(none.status).toBe(403);
    const patchOther = await s.call('PATCH', `/api/v1/premises/${s.seed.premises.otherCompany}`, mgr, { notes: '改' });
    expect(patchOther.status).toBe(403);
  });

  it('bad fields are a 400 naming the field', async () => {
    const admin = await s.tokenFor('admin');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ flags: ['vip'] }, 'flags'],
      [{ areaTier: 'suburb' }, 'areaTier'],
      [{ heatedArea: -1 }, 'heatedArea'],
      [{ heatedArea: 1.234 }, 'heatedArea'],
      [{ accountNo: 'has space' }, 'accountNo'],
      [{ customers: [{ name: '王', phone: 'abc' }] }, 'customers'],
      [{ networkNodeId: 'nope' }, 'networkNodeId'],
    ];
    for (const [extra, field] of cases) {
      const res = await s.call('POST', '/api/v1/premises', admin, premise('30009', extra));
      expect(res.status, field).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
    const unknownNode = await s.call(
      'POST',
      '/api/v1/premises',
      admin,
      premise('30009', { networkNodeId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownNode.status).toBe(422);
    expect(unknownNode.body.error.code).toBe('unknown_network_node');
  });

  it('a change touches only the fields given and keeps the customers', async () => {
    const admin = await s.tokenFor('admin');
    const created = await s.call('POST', '/api/v1/premises', admin, premise('30010', { unitId: s.seed.units.station }));
    const id = created.body.id;
    const res = await s.call('PATCH', `/api/v1/premises/${id}`, admin, { flags: ['elderly', 'key'], areaTier: 'rural', heatedArea: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      accountNo: '30010',
      address: '鸡冠区红旗小区30010号',
      flags: ['elderly', 'key'],
      areaTier: 'rural',
      heatedArea: null,
    });
    expect(res.body.customers).toHaveLength(1);
    const empty = await s.call('PATCH', `/api/v1/premises/${id}`, admin, {});
    expect(empty.status).toBe(400);
    const taken = await s.call('PATCH', `/api/v1/premises/${id}`, admin, { accountNo: '30001' });
    expect(taken.status).toBe(409);
  });

  it('customers are added, renamed, renumbered and removed; a phone twice on one household is a conflict', async () => {
    const mgr = await s.tokenFor('companyManager');
    const id = s.seed.premises.urban;
    const added = await s.call('POST', `/api/v1/premises/${id}/customers`, mgr, { name: '王大妈', phone: '139 0001 9999' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const c = added.body.customers.find((x: { phone: string }) => x.phone === '13900019999');
    expect(c).toMatchObject({ name: '王大妈' });
    const dup = await s.call('POST', `/api/v1/premises/${id}/customers`, mgr, { name: '另一个', phone: '13900019999' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('phone_taken');
    const renamed = await s.call('PATCH', `/api/v1/premises/${id}/customers/${c.id}`, mgr, { name: '王阿姨', phone: '13900018888' });
    expect(renamed.body.customers.find((x: { id: string }) => x.id === c.id)).toEqual({ id: c.id, name: '王阿姨', phone: '13900018888' });
    const removed = await s.call('DELETE', `/api/v1/premises/${id}/customers/${c.id}`, mgr);
    expect(removed.status).toBe(200);
    expect(removed.body.customers.some((x: { id: string }) => x.id === c.id)).toBe(false);
    const gone = await s.call('DELETE', `/api/v1/premises/${id}/customers/${c.id}`, mgr);
    expect(gone.status).toBe(404);
  });

  it('look-up finds a household by a typed phone with dashes, by account number and by a two-character fragment', async () => {
    const agent = await s.tokenFor('agent');
    const byPhone = await s.call('GET', `/api/v1/premises?q=${encodeURIComponent('0467-2345601')}`, agent);
    // The three households registered above share the caller's number.
    expect(byPhone.body.items.map((p: { accountNo: string }) => p.accountNo).sort()).toEqual(['30001', '30002', '30010']);
    const byAccount = await s.call('GET', '/api/v1/premises?q=10002', agent);
    expect(byAccount.body.items.map((p: { id: string }) => p.id)).toEqual([s.seed.premises.rural]);
    const byFragment = await s.call('GET', `/api/v1/premises?q=${encodeURIComponent('红旗')}`, agent);
    expect(byFragment.body.items.map((p: { accountNo: string }) => p.accountNo).sort()).toEqual(['30001', '30002', '30010']);
    const byLonger = await s.call('GET', `/api/v1/premises?q=${encodeURIComponent('幸福小区3号楼')}`, agent);
    expect(byLonger.body.items.map((p: { id: string }) => p.id)).toEqual([s.seed.premises.urban]);
    const wildcard = await s.call('GET', `/api/v1/premises?q=${encodeURIComponent('%%')}`, agent);
    expect(wildcard.body.items).toEqual([]);
  });

  it('another tenant’s households are neither found nor changed', async () => {
    const other = await seedOrganisation(s.db, 'north');
    const admin = await s.tokenFor('admin');
    const found = await s.call('GET', '/api/v1/premises?q=10001', admin);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([s.seed.premises.urban]);
    expect((await s.call('GET', `/api/v1/premises/${other.premises.urban}`, admin)).status).toBe(404);
    expect((await s.call('PATCH', `/api/v1/premises/${other.premises.urban}`, admin, { notes: 'x' })).status).toBe(404);
  });

  describe('network nodes', () => {
    it('are added with a unique code, listed with their premise counts and handed between units', async () => {
      const mgr = await s.tokenFor('companyManager');
      const res = await s.call('POST', '/api/v1/network-nodes', mgr, { code: 'hp-hes-52', name: '和平52站', unitId: s.seed.units.station });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(nodeOut.parse(res.body)).toMatchObject({ kind: 'heat_exchange_station', code: 'hp-hes-52', premiseCount: 0 });
      const dup = await s.call('POST', '/api/v1/network-nodes', mgr, { code: 'hp-hes-52', name: '重复', unitId: s.seed.units.station });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('node_code_taken');

      const list = await s.call('GET', `/api/v1/network-nodes?unitId=${s.seed.units.heping}`, mgr);
      expect(list.body.items.map((n: { code: string; premiseCount: number }) => [n.code, n.premiseCount])).toEqual([
        ['heat-hes-1', 5],
        ['hp-hes-52', 0],
      ]);
      const searched = await s.call('GET', `/api/v1/network-nodes?q=${encodeURIComponent('52站')}`, mgr);
      expect(searched.body.items.map((n: { code: string }) => n.code)).toEqual(['hp-hes-52']);

      const moved = await s.call('PATCH', `/api/v1/network-nodes/${res.body.id}`, mgr, { unitId: s.seed.units.team, kind: 'feeder' });
      expect(moved.body).toMatchObject({ unitId: s.seed.units.team, kind: 'feeder' });
      const outside = await s.call('PATCH', `/api/v1/network-nodes/${res.body.id}`, mgr, { unitId: s.seed.units.otherStation });
      expect(outside.status).toBe(403);
    });

    it('a node of another company cannot be added by a manager, nor one without a unit', async () => {
      const mgr = await s.tokenFor('stationManager');
      const res = await s.call('POST', '/api/v1/network-nodes', mgr, {
        code: 'ds-hes-9',
        name: '东盛9站',
        unitId: s.seed.units.otherStation,
      });
      expect(res.status).toBe(403);
      const noUnit = await s.call('POST', '/api/v1/network-nodes', mgr, { code: 'ds-hes-9', name: '东盛9站' });
      expect(noUnit.status).toBe(403);
      const admin = await s.tokenFor('admin');
      expect((await s.call('POST', '/api/v1/network-nodes', admin, { code: 'ds-hes-9', name: '东盛9站' })).status).toBe(201);
      const agent = await s.tokenFor('agent');
      expect((await s.call('POST', '/api/v1/network-nodes', agent, { code: 'x-1', name: 'x' })).status).toBe(403);
    });
  });
});
