import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/notify/channel.js';
import { backoffMs, deliverOutbox, RateLimiter } from '../../src/notify/deliver-outbox.js';
import { smtpEmailChannel } from '../../src/notify/email-smtp.js';
import { enqueueMessages } from '../../src/notify/outbox.repo.js';
import { aliyunSmsChannel, signAliyun } from '../../src/notify/sms-aliyun.js';
import { httpSmsChannel } from '../../src/notify/sms-http.js';
import { type SmsSimulator, startSmsSimulator } from '../../src/notify/sms-simulator.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('the outbox on %s', (kind) => {
  let s: TestServer;
  let sim: SmsSimulator;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: Array<{ to: string; raw: string }> = [];
  beforeAll(async () => {
    s = await startTestServer(kind);
    sim = await startSmsSimulator({ accessKeyId: 'k', accessKeySecret: 'secret' });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (c) => (raw += c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await sim?.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await s?.close();
  });
  const sms = (rate = 1000) =>
    aliyunSmsChannel({ endpoint: sim.url, accessKeyId: 'k', accessKeySecret: 'secret', signName: '测试热力', ratePerSecond: rate });
  const enqueue = async (n: number, prefix: string) => {
    const keys = Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
    await enqueueMessages(
      s.db,
      keys.map((k, i) => ({
        tenantId: s.seed.tenantId,
        template: 'order_received',
        recipient: `1380000${String(i).padStart(4, '0')}`,
        params: { org: '测试', number: k },
        dedupKey: k,
        at: s.clock.now(),
      })),
    );
    return keys;
  };
  const statusOf = async (prefix: string) =>
    await s.db
      .selectFrom('outbox_messages')
      .select(['dedup_key', 'status', 'attempts'])
      .where('dedup_key', 'like', `${prefix}:%`)
      .execute();

  it('retries through 500s and 429s with backoff until every message is delivered exactly once', async () => {
    sim.faults.fail500 = 0.3;
    sim.faults.fail429 = 0.15;
    const keys = await enqueue(40, 'flaky');
    const limiter = new RateLimiter(() => s.clock.now().getTime());
    for (let round = 0; round < 200; round++) {
      await deliverOutbox(s.db, s.clock, { sms: sms() }, limiter, { maxAttempts: 20 });
      if ((await statusOf('flaky')).every((m) => m.status === 'sent')) break;
      s.clock.advance(1);
    }
    sim.faults.fail500 = 0;
    sim.faults.fail429 = 0;
    expect((await statusOf('flaky')).every((m) => m.status === 'sent')).toBe(true);
    const delivered = sim.delivered.filter((d) => d.outId.startsWith('flaky:')).map((d) => d.outId);
    expect(delivered.sort()).toEqual([...keys].sort());
    // The same dedup key enqueued again is ignored.
    await enqueue(1, 'flaky');
    expect(await statusOf('flaky')).toHaveLength(40);
  });

  it('a message the provider keeps refusing lands in the dead-letter list, and an administrator can send it again', async () => {
    sim.faults.fail500 = 1;
    await enqueue(1, 'dead');
    for (let i = 0; i < 4; i++) {
      await deliverOutbox(s.db, s.clock, { sms: sms() }, new RateLimiter(), { maxAttempts: 3 });
      s.clock.advance(60);
    }
    sim.faults.fail500 = 0;
    const admin = await s.tokenFor('admin');
    const dead = await s.call('GET', '/api/v1/outbox?status=dead', admin);
    const msg = dead.body.items.find((m: { template: string; attempts: number }) => m.attempts === 3);
    expect(msg).toMatchObject({ status: 'dead', lastError: expect.stringContaining('500') });
    expect((await s.call('GET', '/api/v1/outbox?status=dead', await s.tokenFor('agent'))).status).toBe(403);
    expect((await s.call('POST', `/api/v1/outbox/${msg.id}/retry`, admin)).status).toBe(200);
    expect((await s.call('POST', `/api/v1/outbox/${randomUUID()}/retry`, admin)).status).toBe(404);
    await deliverOutbox(s.db, s.clock, { sms: sms() }, new RateLimiter());
    expect((await statusOf('dead'))[0]!.status).toBe('sent');
  });

  it('respects the provider rate: a pass sends no more than the bucket holds', async () => {
    await enqueue(30, 'paced');
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now);
    expect(await deliverOutbox(s.db, s.clock, { sms: sms(10) }, limiter)).toBe(10);
    expect(await deliverOutbox(s.db, s.clock, { sms: sms(10) }, limiter)).toBe(0);
    now += 500;
    expect(await deliverOutbox(s.db, s.clock, { sms: sms(10) }, limiter)).toBe(5);
    now += 10_000;
    expect(await deliverOutbox(s.db, s.clock, { sms: sms(10) }, limiter)).toBe(10);
  });

  it('households with an email address get email over SMTP, in their language', async () => {
    const agent = await s.tokenFor('agent');
    await s.call('PUT', '/api/v1/contacts/13711112222/preferences', agent, {
      optOutNonEssential: false,
      locale: 'en',
      email: 'resident@example.test',
    });
    await enqueueMessages(s.db, [
      {
        tenantId: s.seed.tenantId,
        template: 'resolved',
        recipient: '13711112222',
        params: { org: 'Heat', number: 'RX-1' },
        dedupKey: 'mail:1',
        at: s.clock.now(),
      },
    ]);
    const email = smtpEmailChannel({ url: `smtp://127.0.0.1:${smtpPort}`, from: 'Warmline <noreply@localhost>' });
    await deliverOutbox(s.db, s.clock, { email }, new RateLimiter());
    expect((await statusOf('mail'))[0]!.status).toBe('sent');
    const mail = mails.find((m) => m.to === 'resident@example.test')!;
    expect(mail.raw).toContain('Order RX-1 has been resolved');
    expect(mail.raw).toMatch(/Message-ID: <mail.1@warmline>/i);
  });

  it('the generic HTTP provider passes the dedup key as Idempotency-Key', async () => {
    const seen: string[] = [];
    const { createServer } = await import('node:http');
    const srv = createServer((req, res) => {
      seen.push(String(req.headers['idempotency-key']));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x1"}');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const ch: Channel = httpSmsChannel({ url: `http://127.0.0.1:${(srv.address() as { port: number }).port}/send` });
    await enqueueMessages(s.db, [
      { tenantId: s.seed.tenantId, template: 'resolved', recipient: '13600000000', params: {}, dedupKey: 'generic:1', at: s.clock.now() },
    ]);
    // Only this channel's messages are claimed; other SMS waiting in the outbox go along too.
    await deliverOutbox(s.db, s.clock, { sms: ch }, new RateLimiter());
    await new Promise<void>((r) => srv.close(() => r()));
    expect(seen).toContain('generic:1');
  });
});

describe('the SendSms request', () => {
  it('is signed as Aliyun signature v1 documents (HMAC-SHA1 of the sorted query)', () => {
    // Aliyun's documented example: AccessKeySecret "testSecret", StringToSign over these parameters.
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(signAliyun('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });
  it('backs off exponentially up to ten minutes', () => {
    expect([1, 2, 3, 10, 20].map(backoffMs)).toEqual([2000, 4000, 8000, 600_000, 600_000]);
  });
});
