import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 8.2: any staff member, field crew included, could read every household's e-mail, redirect or
// stop its messages, and page through the whole register. The matrix is in the README's security section.
describe.each(testDatabaseKinds)('household data by role on %s', (kind) => {
  let s: TestServer;
  const urbanPhone = '13900010001';
  const otherCompanyPhone = '13900020001';
  const find = async (user: Parameters<TestServer['tokenFor']>[0], q: string) =>
    (await s.call('GET', `/api/v1/premises?q=${encodeURIComponent(q)}`, await s.tokenFor(user))).body.items as Array<{
      id: string;
      notes: string;
      customers: Array<{ phone: string }>;
    }>;

  beforeAll(async () => {
    s = await startTestServer(kind);
    await s.db.updateTable('premises').set({ notes: '独居老人，耳背' }).where('tenant_id', '=', s.seed.tenantId).execute();
  });
  afterAll(() => s?.close());

  it('a crew member sees no household until an order of it is theirs, and then only that one', async () => {
    expect(await find('crew', '小区')).toEqual([]);
    expect((await s.call('GET', `/api/v1/premises/${s.seed.premises.urban}`, await s.tokenFor('crew'))).status).toBe(404);

    const agent = await s.tokenFor('agent');
    const order = await s.call('POST', '/api/v1/tickets', agent, repairRequest(s.seed));
    expect((await s.call('POST', `/api/v1/tickets/${order.body.id}/actions`, agent, { action: 'accept' })).status).toBe(200);
    const dispatched = await s.call('POST', `/api/v1/tickets/${order.body.id}/actions`, await s.tokenFor('dispatcher'), {
      action: 'dispatch',
      unitId: s.seed.units.team,
      assigneeId: s.seed.users.crew.id,
    });
    expect(dispatched.status).toBe(200);

    const own = await s.call('GET', `/api/v1/premises/${s.seed.premises.urban}`, await s.tokenFor('crew'));
    expect(own.status).toBe(200);
    // The crew calls the household before arriving: the phone is in full.
    expect(own.body.customers[0].phone).toBe(urbanPhone);
    expect((await find('crew', '小区')).map((p) => p.id)).toEqual([s.seed.premises.urban]);
    expect((await s.call('GET', `/api/v1/premises/${s.seed.premises.rural}`, await s.tokenFor('crew'))).status).toBe(404);
  });

  it('a crew member neither reads nor changes message preferences', async () => {
    const crew = await s.tokenFor('crew');
    const read = await s.call('GET', `/api/v1/contacts/${urbanPhone}/preferences`, crew);
    expect(read.status).toBe(403);
    const redirect = await s.call('PUT', `/api/v1/contacts/${urbanPhone}/preferences`, crew, {
      optOutNonEssential: true,
      locale: 'zh-CN',
      email: 'attacker@example.com',
    });
    expect(redirect.status).toBe(403);
    expect(await s.db.selectFrom('contact_preferences').selectAll().where('phone', '=', urbanPhone).execute()).toEqual([]);
  });

  it('a company’s staff do not see another company’s households', async () => {
    for (const user of ['dispatcher', 'clerk', 'stationManager', 'companyManager'] as const) {
      expect((await s.call('GET', `/api/v1/premises/${s.seed.premises.otherCompany}`, await s.tokenFor(user))).status, user).toBe(404);
      expect(await find(user, otherCompanyPhone), user).toEqual([]);
      expect(await find(user, '明珠花园'), user).toEqual([]);
    }
    const clerkWrites = await s.call('PUT', `/api/v1/contacts/${otherCompanyPhone}/preferences`, await s.tokenFor('clerk'), {
      optOutNonEssential: true,
      locale: 'zh-CN',
      email: null,
    });
    expect(clerkWrites.status).toBe(403);
  });

  it('the hotline finds any household, but sees phones and notes only when it searched by the caller’s number', async () => {
    const byAddress = await find('agent', '小区');
    expect(byAddress.length).toBeGreaterThan(0);
    for (const p of byAddress) {
      expect(p.notes).toBe('');
      for (const c of p.customers) expect(c.phone).toMatch(/^\d{3}\*+\d{4}$/);
    }
    const [byPhone] = await find('agent', '139-0001-0001');
    expect(byPhone?.customers[0]?.phone).toBe(urbanPhone);
    expect(byPhone?.notes).toBe('独居老人，耳背');
    const byId = await s.call('GET', `/api/v1/premises/${s.seed.premises.otherCompany}`, await s.tokenFor('agent'));
    expect(byId.body.customers[0].phone).toBe('139****0001');
    // The hotline records a caller's wish for any household.
    const wish = await s.call('PUT', `/api/v1/contacts/${otherCompanyPhone}/preferences`, await s.tokenFor('agent'), {
      optOutNonEssential: true,
      locale: 'en',
      email: null,
    });
    expect(wish.status).toBe(200);
  });

  it('managers and supervisors see their households in full', async () => {
    const [mine] = await find('stationManager', '幸福小区');
    expect(mine?.customers[0]?.phone).toBe(urbanPhone);
    expect(mine?.notes).toBe('独居老人，耳背');
    const audit = await s.call('GET', `/api/v1/premises/${s.seed.premises.otherCompany}`, await s.tokenFor('supervisor'));
    expect(audit.body.customers[0].phone).toBe(otherCompanyPhone);
    const prefs = await s.call('GET', `/api/v1/contacts/${otherCompanyPhone}/preferences`, await s.tokenFor('supervisor'));
    expect(prefs.body).toMatchObject({ optOutNonEssential: true, locale: 'en' });
  });
});
