import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOrphanAttachments } from '../../src/attachments/attachment.repo.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { jpegWithLocation } from '../portal/portal-fixtures.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('attachments cannot leak on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind, { attachmentQuotaBytes: 1_000_000 });
  });
  afterAll(() => s?.close());

  const upload = async (user: Parameters<TestServer['tokenFor']>[0], body: Buffer, type: string, name = 'file') =>
    fetch(`${s.base}/api/v1/attachments?name=${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.tokenFor(user)}`, 'content-type': type },
      body: new Uint8Array(body),
    });
  const read = async (user: Parameters<TestServer['tokenFor']>[0], id: string) =>
    fetch(`${s.base}/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${await s.tokenFor(user)}` } });

  it("putting another unit's attachment id into one's own order fails, and the file stays unreadable", async () => {
    const secret = (await (await upload('crew', await jpegWithLocation(), 'image/jpeg', 'secret.jpg')).json()) as { id: string };
    // The other company's crew files nothing itself; its dispatcher-like path is an order the agent files and it may see.
    const own = (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed))).body;
    const smuggle = await s.call('POST', `/api/v1/tickets/${own.id}/actions`, await s.tokenFor('agent'), {
      action: 'accept',
      attachments: [secret.id],
    });
    expect(smuggle.status).toBe(400);
    expect(smuggle.body.error.code).toBe('unknown_attachment');
    expect(smuggle.body.error.message).toMatch(/^attachments\.0:/);
    const filed = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed, { attachments: [secret.id] }));
    expect(filed.status).toBe(400);
    expect((await read('agent', secret.id)).status).toBe(404);
    // Nothing was written by the refused step.
    const after = await s.call('GET', `/api/v1/tickets/${own.id}`, await s.tokenFor('agent'));
    expect(after.body.status).toBe('new');
    // Free text is no reference either.
    const text = await s.call('POST', `/api/v1/tickets/${own.id}/actions`, await s.tokenFor('agent'), {
      action: 'accept',
      attachments: ['https://elsewhere.example/x.jpg'],
    });
    expect(text.status).toBe(400);
  });

  it('staff photos lose their GPS position and camera data', async () => {
    const original = await jpegWithLocation();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const out = (await (await upload('crew', original, 'image/jpeg', 'radiator.jpg')).json()) as { id: string };
    const stored = Buffer.from(await (await read('crew', out.id)).arrayBuffer());
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes('SECRET-CAMERA')).toBe(false);
    expect(stored.includes('PhoneMaker')).toBe(false);
  });

  it('an image wider than 8000 px is refused with 413 before it is decoded', async () => {
    const huge = await sharp({ create: { width: 12_000, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const res = await upload('crew', huge, 'image/png');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('image_too_large');
  });

  it('files are served with nosniff and a sandbox; a PDF is a download, never rendered inline', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF');
    const out = (await (await upload('crew', pdf, 'application/pdf', 'report.pdf')).json()) as { id: string };
    const res = await read('crew', out.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('uploads that no order refers to are deleted after a day; referenced ones stay', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF');
    const kept = (await (await upload('crew', pdf, 'application/pdf')).json()) as { id: string };
    const orphan = (await (await upload('crew', pdf, 'application/pdf')).json()) as { id: string };
    const t = (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repairRequest(s.seed))).body;
    await s.call('POST', `/api/v1/tickets/${t.id}/actions`, await s.tokenFor('dispatcher'), {
      action: 'dispatch',
      unitId: s.seed.units.team,
      assigneeId: s.seed.users.crew.id,
    });
    expect(
      (await s.call('POST', `/api/v1/tickets/${t.id}/actions`, await s.tokenFor('crew'), { action: 'take', attachments: [kept.id] }))
        .status,
    ).toBe(200);
    expect(await deleteOrphanAttachments(s.db, s.clock.now())).toBe(0);
    s.clock.advance(24 * 60 + 1);
    expect(await deleteOrphanAttachments(s.db, s.clock.now())).toBeGreaterThanOrEqual(1);
    expect((await read('crew', orphan.id)).status).toBe(404);
    expect((await read('crew', kept.id)).status).toBe(200);
  });

  it("an upload beyond the organisation's quota is refused with 507 and not stored", async () => {
    const big = await sharp({
      create: { width: 200, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
    })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(60_000);
    expect((await upload('crew', big, 'image/png')).status).toBe(201);
    let refused = await upload('crew', big, 'image/png');
    for (let i = 0; i < 20 && refused.status === 201; i++) refused = await upload('crew', big, 'image/png');
    expect(refused.status).toBe(507);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('quota_exceeded');
  });
});
