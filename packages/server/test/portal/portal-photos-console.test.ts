import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { jpegWithLocation, reportForm } from './portal-fixtures.js';

// Issue 15, bug 1: a portal photo showed as a grey box in the console, which asked
// /api/v1/attachments//portal/photos/<id> and got 404.
describe.each(testDatabaseKinds)("residents' photos in the console on %s", (kind) => {
  let s: TestServer;
  let ref: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    const res = await fetch(`${s.base}/portal/report`, {
      method: 'POST',
      redirect: 'manual',
      body: reportForm(
        {
          category: 'heating-cold',
          address: '和平区幸福小区3号楼2单元501',
          premiseId: s.seed.premises.urban,
          description: '暖气片冰凉，见照片',
          phone: '13800009999',
        },
        [{ data: await jpegWithLocation() }],
      ),
    });
    expect(res.status).toBe(303);
    const list = await s.call('GET', '/api/v1/tickets?limit=50', await s.tokenFor('admin'));
    const detail = await s.call(
      'GET',
      `/api/v1/tickets/${list.body.items.find((t: { channel: string }) => t.channel === 'web').id}`,
      await s.tokenFor('admin'),
    );
    ref = detail.body.events[0].attachments[0];
  });
  afterAll(() => s?.close());

  const photoId = () => ref.split('/').at(-1)!;

  it('staff who see the order read the photo through the API with their session', async () => {
    expect(ref).toMatch(/^\/portal\/photos\/[0-9a-f-]{36}$/);
    const res = await fetch(`${s.base}/api/v1/portal/photos/${photoId()}`, {
      headers: { authorization: `Bearer ${await s.tokenFor('agent')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('is refused without a session, and answers 404 to staff outside the order’s scope', async () => {
    expect((await fetch(`${s.base}/api/v1/portal/photos/${photoId()}`)).status).toBe(401);
    const other = await fetch(`${s.base}/api/v1/portal/photos/${photoId()}`, {
      headers: { authorization: `Bearer ${await s.tokenFor('otherCrew')}` },
    });
    expect(other.status).toBe(404);
    const unknown = await fetch(`${s.base}/api/v1/portal/photos/00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${await s.tokenFor('agent')}` },
    });
    expect(unknown.status).toBe(404);
  });
});
