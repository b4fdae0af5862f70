import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { addOtherCompanyStationNode, repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 8.10: the smaller findings.
describe.each(testDatabaseKinds)('scoping and the record on %s', (kind) => {
  let s: TestServer;
  let dongshengNode: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    dongshengNode = await addOtherCompanyStationNode(s.db, s.seed);
  });
  afterAll(() => s?.close());

  it('/urgings?ticketId= does not show another company’s urgings', async () => {
    const order = await s.call(
      'POST',
      '/api/v1/tickets',
      await s.tokenFor('agent'),
      repairRequest(s.seed, { premiseId: s.seed.premises.otherCompany }),
    );
    expect(order.status).toBe(201);
    await s.db
      .insertInto('urgings')
      .values({
        tenant_id: s.seed.tenantId,
        id: randomUUID(),
        ticket_id: order.body.id,
        clock: 'arrive',
        level: 1,
        unit_id: s.seed.units.otherStation,
        created_at: s.clock.now(),
      })
      .execute();
    const res = await s.call('GET', `/api/v1/urgings?ticketId=${order.body.id}`, await s.tokenFor('stationManager'));
    expect(res.status).toBe(404);
    const own = await s.call('GET', `/api/v1/urgings?ticketId=${order.body.id}`, await s.tokenFor('supervisor'));
    expect(own.body.items).toHaveLength(1);
  });

  it('a manager cannot attach a household to another company’s network node', async () => {
    const manager = await s.tokenFor('stationManager');
    const moved = await s.call('PATCH', `/api/v1/premises/${s.seed.premises.urban}`, manager, { networkNodeId: dongshengNode });
    expect(moved.status).toBe(403);
    expect(moved.body.error).toMatchObject({ code: 'unit_out_of_scope', message: expect.stringContaining('networkNodeId') });
    const created = await s.call('POST', '/api/v1/premises', manager, {
      accountNo: '40001',
      address: '和平区新村1号',
      unitId: s.seed.units.station,
      networkNodeId: dongshengNode,
    });
    expect(created.status).toBe(403);
    const csv = `account_no,address,network_node_code,station_code\n40002,和平区新村2号,heat-ds-hes-1,heat-hp-1\n`;
    const imported = await fetch(`${s.base}/api/v1/premises/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(422);
    expect(JSON.stringify(await imported.json())).toContain('network_node_code');
    const node = await s.db
      .selectFrom('premises')
      .select('network_node_id')
      .where('id', '=', s.seed.premises.urban)
      .executeTakeFirstOrThrow();
    expect(node.network_node_id).not.toBe(dongshengNode);
  });

  it('an order’s history cannot be updated or deleted, even by the application’s own connection', async () => {
    const order = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed));
    await expect(sql`UPDATE ticket_events SET note = 'rewritten' WHERE ticket_id = ${order.body.id}`.execute(s.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM ticket_events WHERE ticket_id = ${order.body.id}`.execute(s.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE ticket_events`.execute(s.db)).rejects.toThrow(/append-only/);
    const events = await s.db.selectFrom('ticket_events').select('note').where('ticket_id', '=', order.body.id).execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((e) => e.note)).not.toContain('rewritten');
  });

  it('a refused request is recorded with who, what and why, and the record cannot be erased', async () => {
    const crew = await s.tokenFor('crew');
    const refused = await s.call('PUT', '/api/v1/sla/settings', crew, { warnShare: 0.5, escalateMinutes: 30 });
    expect(refused.status).toBe(403);
    const rows = await s.db.selectFrom('refusals').selectAll().where('user_id', '=', s.seed.users.crew.id).execute();
    expect(rows).toEqual([
      expect.objectContaining({
        tenant_id: s.seed.tenantId,
        method: 'PUT',
        route: '/api/v1/sla/settings',
        status: 403,
        code: 'role_not_allowed',
      }),
    ]);
    await expect(sql`DELETE FROM refusals`.execute(s.db)).rejects.toThrow(/append-only/);
  });
});
