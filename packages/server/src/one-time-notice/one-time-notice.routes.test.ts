import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.js';
import { repairRequest } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';

describe.each(testDatabaseKinds)('one-time notice on %s', (kind) => {
  let s: TestServer;
  let ticketId: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    const t = await s.call('POST', '/api/v1/tickets', await s.tokenFor('clerk'), {
      kind: 'consultation',
      channel: 'window',
      categoryCode: 'window-general',
      description: '办理供热过户',
      premiseId: s.seed.premises.urban,
      contact: { name: '李女士', phone: '13800000000' },
    });
    ticketId = t.body.id;
  });
  afterAll(async () => s.close());

  const items = [
    { code: 'idCard', label: '身份证原件及复印件' },
    { code: 'propertyDeed', label: '房产证或购房合同' },
  ];

  it('is stored with the order and read back for printing', async () => {
    const put = await s.call('PUT', `/api/v1/tickets/${ticketId}/one-time-notice`, await s.tokenFor('clerk'), {
      items,
      note: '工作日办理',
    });
    expect(put.status).toBe(200);
    const got = await s.call('GET', `/api/v1/tickets/${ticketId}/one-time-notice`, await s.tokenFor('clerk'));
    expect(got.body).toMatchObject({ ticketId, items, note: '工作日办理', issuedBy: s.seed.users.clerk.id });
    expect(got.body.issuedAt).toMatch(/\+08:00$/);
  });

  it('names the field when the list is empty', async () => {
    const res = await s.call('PUT', `/api/v1/tickets/${ticketId}/one-time-notice`, await s.tokenFor('clerk'), { items: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('items');
  });

  it('is issued by desk staff only', async () => {
    const res = await s.call('PUT', `/api/v1/tickets/${ticketId}/one-time-notice`, await s.tokenFor('admin'), { items });
    expect(res.status).toBe(200);
    const crew = await s.call('PUT', `/api/v1/tickets/${ticketId}/one-time-notice`, await s.tokenFor('supervisor'), { items });
    expect(crew.status).toBe(403);
  });

  it('answers 404 for an order without a notice or outside the user’s view', async () => {
    const other = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed));
    expect((await s.call('GET', `/api/v1/tickets/${other.body.id}/one-time-notice`, await s.tokenFor('agent'))).status).toBe(404);
    expect((await s.call('GET', `/api/v1/tickets/${ticketId}/one-time-notice`, await s.tokenFor('otherCrew'))).status).toBe(404);
  });

  it('answers 200 null with ifIssued=true for an order without a notice, so the order page logs no 404', async () => {
    const other = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed));
    const none = await s.call('GET', `/api/v1/tickets/${other.body.id}/one-time-notice?ifIssued=true`, await s.tokenFor('agent'));
    expect(none.status).toBe(200);
    expect(none.body).toBeNull();
    const some = await s.call('GET', `/api/v1/tickets/${ticketId}/one-time-notice?ifIssued=true`, await s.tokenFor('clerk'));
    expect(some.body).toMatchObject({ ticketId });
    // Outside the user's view it stays a 404, as if the order did not exist.
    expect((await s.call('GET', `/api/v1/tickets/${ticketId}/one-time-notice?ifIssued=true`, await s.tokenFor('otherCrew'))).status).toBe(
      404,
    );
  });
});
