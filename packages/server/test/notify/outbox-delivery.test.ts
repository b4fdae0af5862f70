import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/notify/channel.js';
import { backoffMs, deliverOutbox } from '../../src/notify/deliver-outbox.js';
import { DeliveryPacer } from '../../src/notify/delivery-pacer.js';
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
    // On the test's clock, so the status query's days match the outbox's.
    sim = await startSmsSimulator({ accessKeyId: 'k', accessKeySecret: 'secret', now: () => s.clock.now() });
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
    // Paced on the test's clock, under a name of its own: the simulated 429s pause this bucket only.
    const limiter = new DeliveryPacer(s.db, () => s.clock.now());
    for (let round = 0; round < 200; round++) {
      await deliverOutbox(s.db, s.clock, { sms: { ...sms(), name: 'flaky-sms' } }, limiter, { maxAttempts: 20 });
      if ((await statusOf('flaky')).every((m) => m.status === 'sent')) break;
      s.clock.advance(1);
    }
    sim.faults.fail500 = 0;
    sim.faults.fail429 = 0;
    expect((await statusOf('flaky')).every((m) => m.status === 'sent')).toBe(true);
    const delivered = sim.delivered.filter((d) => d.outId.startsWith('flaky:')).map((d) => d.outId);
    expect(delivered.sort()).toEqual([...keys].sort());
    // A 500 does not say whether the message went out: those were looked up before the resend.
    expect(sim.queries()).toBeGreaterThan(0);
    // The same dedup key enqueued again is ignored.
    await enqueue(1, 'flaky');
    expect(await statusOf('flaky')).toHaveLength(40);
  });

  it('a message the provider keeps refusing lands in the dead-letter list, and an administrator can send it again', async () => {
    sim.faults.fail500 = 1;
    await enqueue(1, 'dead');
    for (let i = 0; i < 4; i++) {
      await deliverOutbox(s.db, s.clock, { sms: sms() }, new DeliveryPacer(s.db), { maxAttempts: 3 });
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
    await deliverOutbox(s.db, s.clock, { sms: sms() }, new DeliveryPacer(s.db));
    expect((await statusOf('dead'))[0]!.status).toBe('sent');
  });

  it('respects the provider rate: a pass sends no more than the bucket holds', async () => {
    await enqueue(30, 'paced');
    let now = 1_000_000;
    const limiter = new DeliveryPacer(s.db, () => new Date(now));
    // A channel name of its own, so the bucket starts full whatever earlier tests spent.
    const paced = { ...sms(10), name: 'paced-sms' };
    expect(await deliverOutbox(s.db, s.clock, { sms: paced }, limiter)).toBe(10);
    expect(await deliverOutbox(s.db, s.clock, { sms: paced }, limiter)).toBe(0);
    now += 500;
    expect(await deliverOutbox(s.db, s.clock, { sms: paced }, limiter)).toBe(5);
    now += 10_000;
    expect(await deliverOutbox(s.db, s.clock, { sms: paced }, limiter)).toBe(10);
  });

  it('holds the provider rate across worker processes: concurrent takers share one bucket, and a 429 pauses them all', async () => {
    const t = new Date('2026-01-10T00:00:00Z');
    // Each pacer stands for one worker process: they share nothing but the database.
    const workers = Array.from({ length: 8 }, () => new DeliveryPacer(s.db, () => t));
    const granted = await Promise.all(workers.map((w) => w.take('shared-sms', 10, 5)));
    expect(granted.reduce((a, b) => a + b, 0)).toBe(10);
    const later = new Date(t.getTime() + 2000);
    const a = new DeliveryPacer(s.db, () => later);
    await a.pause('shared-sms', 1500);
    expect(await new DeliveryPacer(s.db, () => later).take('shared-sms', 10, 5)).toBe(0);
    const afterPause = new DeliveryPacer(s.db, () => new Date(later.getTime() + 2000));
    expect(await afterPause.take('shared-sms', 10, 50)).toBe(5); // half a second of refill after the pause ended
  });

  it('a message whose answer was lost is looked up through QuerySendDetails and never sent twice', async () => {
    // The provider delivers, then the connection drops before the answer: the worker cannot know.
    sim.faults.loseReply = 1;
    const keys = await enqueue(5, 'lost');
    const pacer = new DeliveryPacer(s.db);
    await deliverOutbox(s.db, s.clock, { sms: sms() }, pacer);
    sim.faults.loseReply = 0;
    const after1 = await statusOf('lost');
    expect(after1.every((m) => m.status === 'queued')).toBe(true);
    const unknown = await s.db
      .selectFrom('outbox_messages')
      .select(['outcome_unknown', 'last_error'])
      .where('dedup_key', 'like', 'lost:%')
      .execute();
    expect(unknown.every((m) => m.outcome_unknown && m.last_error?.startsWith('[outcome unknown]'))).toBe(true);
    // Not retried before the provider's status query can show it.
    expect(await deliverOutbox(s.db, s.clock, { sms: sms() }, pacer)).toBe(0);
    s.clock.advance(1);
    const queriesBefore = sim.queries();
    await deliverOutbox(s.db, s.clock, { sms: sms() }, pacer);
    expect((await statusOf('lost')).every((m) => m.status === 'sent')).toBe(true);
    // Each household got its message exactly once, although no answer ever came back.
    expect(
      sim.delivered
        .filter((d) => d.outId.startsWith('lost:'))
        .map((d) => d.outId)
        .sort(),
    ).toEqual([...keys].sort());
    expect(sim.queries() - queriesBefore).toBeGreaterThanOrEqual(5);
  });

  it('a message the provider never got is sent after the lookup finds nothing', async () => {
    const keys = await enqueue(3, 'unsent');
    // A worker claimed these and died before sending: they stay "sending" until the lease runs out.
    await s.db.updateTable('outbox_messages').set({ status: 'sending' }).where('dedup_key', 'like', 'unsent:%').execute();
    const queriesBefore = sim.queries();
    await deliverOutbox(s.db, s.clock, { sms: sms() }, new DeliveryPacer(s.db));
    expect(sim.queries() - queriesBefore).toBeGreaterThanOrEqual(3);
    expect((await statusOf('unsent')).every((m) => m.status === 'sent')).toBe(true);
    expect(
      sim.delivered
        .filter((d) => d.outId.startsWith('unsent:'))
        .map((d) => d.outId)
        .sort(),
    ).toEqual([...keys].sort());
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
    await deliverOutbox(s.db, s.clock, { email }, new DeliveryPacer(s.db));
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
    await deliverOutbox(s.db, s.clock, { sms: ch }, new DeliveryPacer(s.db));
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
