import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../test/databases.js';
import { repairRequest } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/test-server.js';
import { MAX_ATTACHMENT_BYTES } from './attachment.rules.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe.each(testDatabaseKinds)('attachments on %s', (kind) => {
  let s: TestServer;
  let token: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    token = await s.tokenFor('crew');
  });
  afterAll(async () => s.close());

  const upload = (body: Buffer, type: string, name = 'photo.png') =>
    fetch(`${s.base}/api/v1/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: new Uint8Array(body),
    });

  it('stores a photo (re-encoded without metadata) and gives it back, referenced from an order step', async () => {
    const res = await upload(PNG, 'image/png', '暖气片.png');
    expect(res.status).toBe(201);
    const out = (await res.json()) as { id: string; size: number; contentType: string };
    expect(out).toMatchObject({ contentType: 'image/png' });

    const back = await fetch(`${s.base}/api/v1/attachments/${out.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await back.arrayBuffer());
    expect(bytes.length).toBe(out.size);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });

    const t = (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed))).body;
    await s.call('POST', `/api/v1/tickets/${t.id}/actions`, await s.tokenFor('dispatcher'), {
      action: 'dispatch',
      unitId: s.seed.units.team,
      assigneeId: s.seed.users.crew.id,
    });
    // The uploader refers to its own file in its own step.
    const taken = await s.call('POST', `/api/v1/tickets/${t.id}/actions`, token, { action: 'take', attachments: [out.id] });
    expect(taken.body.events.at(-1).attachments).toEqual([out.id]);

    // Who may see the order may see its files; a crew of another company may not, even with the id.
    const read = async (user: Parameters<TestServer['tokenFor']>[0]) =>
      (await fetch(`${s.base}/api/v1/attachments/${out.id}`, { headers: { authorization: `Bearer ${await s.tokenFor(user)}` } })).status;
    expect(await read('stationManager')).toBe(200);
    expect(await read('supervisor')).toBe(200);
    expect(await read('otherCrew')).toBe(404);
  });

  it('an upload no order refers to yet is readable by its uploader only', async () => {
    const out = (await (await upload(PNG, 'image/png')).json()) as { id: string };
    const read = async (user: Parameters<TestServer['tokenFor']>[0]) =>
      (await fetch(`${s.base}/api/v1/attachments/${out.id}`, { headers: { authorization: `Bearer ${await s.tokenFor(user)}` } })).status;
    expect(await read('crew')).toBe(200);
    expect(await read('admin')).toBe(404);
  });

  it('refuses a type it cannot preview with 415', async () => {
    const res = await upload(Buffer.from('MZ executable'), 'application/x-msdownload', 'virus.exe');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });

  it('refuses a file whose bytes are not the declared type', async () => {
    const res = await upload(Buffer.from('<html>not a picture</html>'), 'image/png');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('type_mismatch');
  });

  it('refuses a file over the size limit with 413', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const res = await upload(big, 'image/png');
    expect(res.status).toBe(413);
  });

  it('needs a session to read a file and answers 404 for an unknown one', async () => {
    expect((await fetch(`${s.base}/api/v1/attachments/0b0c3c1e-1111-4111-8111-111111111111`)).status).toBe(401);
    const res = await fetch(`${s.base}/api/v1/attachments/0b0c3c1e-1111-4111-8111-111111111111`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(404);
  });
});
