import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/jobs/job-runner.js';
import { ALL_JOBS } from '../../src/jobs/start-background.js';
import { noticeOut } from '../../src/notices/notice.schema.js';
import { STATUS_PAGE_LIMIT } from '../../src/notices/status-page.routes.js';
import { deliverOutbox } from '../../src/notify/deliver-outbox.js';
import { DeliveryPacer } from '../../src/notify/delivery-pacer.js';
import { aliyunSmsChannel } from '../../src/notify/sms-aliyun.js';
import { type SmsSimulator, startSmsSimulator } from '../../src/notify/sms-simulator.js';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';

describe.each(testDatabaseKinds)('outage notices on %s', (kind) => {
  let s: TestServer;
  let sim: SmsSimulator;
  let nodeId: string;
  beforeAll(async () => {
    s = await startTestServer(kind);
    sim = await startSmsSimulator({ accessKeyId: 'k', accessKeySecret: 'secret' });
    nodeId = (await s.db.selectFrom('network_nodes').select('id').where('tenant_id', '=', s.seed.tenantId).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await sim?.close();
    await s?.close();
  });
  const channels = () => ({
    sms: aliyunSmsChannel({ endpoint: sim.url, accessKeyId: 'k', accessKeySecret: 'secret', signName: '测试热力', ratePerSecond: 1000 }),
  });
  const deliverAll = async () => {
    const limiter = new DeliveryPacer(s.db);
    while ((await deliverOutbox(s.db, s.clock, channels(), limiter)) > 0);
  };

  it('publishing reaches every household under the node, opted-out ones included; the agent sees it at intake and the order is linked', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const agent = await s.tokenFor('agent');
    // One household opted out of non-essential messages: it still gets the outage notice.
    expect(
      (await s.call('PUT', '/api/v1/contacts/13900010001/preferences', agent, { optOutNonEssential: true, locale: 'zh-CN', email: null }))
        .status,
    ).toBe(200);

    const bad = await s.call('POST', '/api/v1/notices', dispatcher, {
      kind: 'planned_outage',
      title: 'x',
      message: 'y',
      startsAt: 'tomorrow',
      target: { kind: 'nodes', nodeIds: [nodeId] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('startsAt');
    expect(
      (
        await s.call('POST', '/api/v1/notices', await s.tokenFor('crew'), {
          kind: 'planned_outage',
          title: 'x',
          message: 'y',
          startsAt: '2026-11-21T08:00:00+08:00',
          target: { kind: 'nodes', nodeIds: [nodeId] },
        })
      ).status,
    ).toBe(403);

    const created = await s.call('POST', '/api/v1/notices', dispatcher, {
      kind: 'unplanned_outage',
      title: '和平1号换热站抢修停热',
      message: '因管网漏水抢修，预计当日18时恢复供热。',
      area: '和平区',
      startsAt: '2026-11-21T10:00:00+08:00',
      expectedEndAt: '2026-11-21T18:00:00+08:00',
      target: { kind: 'nodes', nodeIds: [nodeId] },
      publish: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    noticeOut.parse(created.body);
    expect(created.body).toMatchObject({ status: 'active', premiseCount: 4, delivery: { notice: { queued: 4, sent: 0 } } });
    const noticeId = created.body.id as string;

    const active = await s.call('GET', `/api/v1/notices/active?premiseId=${s.seed.premises.urban}`, agent);
    expect(active.body.items.map((n: { id: string }) => n.id)).toEqual([noticeId]);

    const ticket = await s.call('POST', '/api/v1/tickets', agent, {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'heating-cold',
      description: '暖气不热',
      premiseId: s.seed.premises.urban,
      contact: { name: '王', phone: '13900010001' },
    });
    expect(ticket.status).toBe(201);
    const detail = await s.call('GET', `/api/v1/tickets/${ticket.body.id}`, agent);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['created', 'linked_to_notice']);
    expect(detail.body.events[1].data).toMatchObject({ noticeId });

    await deliverAll();
    const progress = await s.call('GET', `/api/v1/notices/${noticeId}`, dispatcher);
    expect(progress.body.delivery.notice).toMatchObject({ queued: 0, sent: 4, failed: 0 });
    expect(progress.body.linkedTickets).toBe(1);
    expect(sim.delivered.filter((d) => d.outId.startsWith(`notice:${noticeId}:outage_notice`))).toHaveLength(4);
    // The opted-out household got the notice but not the non-essential order confirmation.
    const outbox = await s.call('GET', `/api/v1/outbox?ticketId=${ticket.body.id}`, await s.tokenFor('admin'));
    expect(outbox.body.items.map((m: { template: string; status: string }) => `${m.template}:${m.status}`)).toEqual([
      'order_received:suppressed',
    ]);

    const json = await s.call('GET', '/status/heat/notices.json');
    expect(json.status).toBe(200);
    expect(json.body.items).toEqual([expect.objectContaining({ id: noticeId, area: '和平区', households: 4 })]);
    const html = await fetch(`${s.base}/status/heat`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('和平1号换热站抢修停热');
    expect((await s.call('GET', '/status/nobody/notices.json')).status).toBe(404);

    // Ending it: restoration to every household, linked orders resolved together, each with its survey.
    const ended = await s.call('POST', `/api/v1/notices/${noticeId}/end`, dispatcher, {
      restorationMessage: '已恢复供热。',
      resolveLinked: true,
    });
    expect(ended.status).toBe(200);
    expect(ended.body.delivery.restoration.queued).toBe(4);
    expect((await s.call('POST', `/api/v1/notices/${noticeId}/end`, dispatcher, {})).status).toBe(409);
    while ((await runDueJobs(s.db, s.clock, ALL_JOBS)) > 0);
    const after = await s.call('GET', `/api/v1/tickets/${ticket.body.id}`, agent);
    expect(after.body.status).toBe('resolved');
    expect(after.body.events.at(-1)).toMatchObject({ type: 'resolved', data: expect.objectContaining({ noticeId, bulk: true }) });
    const msgs = await s.db
      .selectFrom('outbox_messages')
      .select(['template', 'essential'])
      .where('ticket_id', '=', ticket.body.id)
      .orderBy('template')
      .execute();
    expect(msgs.map((m) => m.template)).toEqual(['callback_survey', 'order_received', 'resolved']);
    // A second run of the job changes nothing.
    const { runDueJobs: again } = await import('../../src/jobs/job-runner.js');
    await again(s.db, s.clock, ALL_JOBS);
    expect(
      (await s.call('GET', `/api/v1/tickets/${ticket.body.id}`, agent)).body.events.filter((e: { type: string }) => e.type === 'resolved'),
    ).toHaveLength(1);
    expect((await s.call('GET', '/status/heat/notices.json')).body.items).toEqual([]);
    // The callback still happens and closes the order.
    const cb = await s.call('POST', `/api/v1/tickets/${ticket.body.id}/actions`, agent, { action: 'callback', satisfaction: 5 });
    expect(cb.body.status).toBe('closed');
  });

  it('a notice can target a list of premises or buildings', async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const byList = await s.call('POST', '/api/v1/notices', dispatcher, {
      kind: 'major_repair',
      title: '入户检修',
      message: '明日检修',
      startsAt: '2026-11-22T09:00:00+08:00',
      target: { kind: 'premises', premiseIds: [s.seed.premises.rural, s.seed.premises.remote] },
    });
    expect(byList.body).toMatchObject({ status: 'draft', premiseCount: 0 });
    const published = await s.call('POST', `/api/v1/notices/${byList.body.id}/publish`, dispatcher);
    expect(published.body).toMatchObject({ status: 'active', premiseCount: 2 });
    await s.db.updateTable('premises').set({ community: '幸福小区', building: '3号楼' }).where('id', '=', s.seed.premises.urban).execute();
    const byBuilding = await s.call('POST', '/api/v1/notices', dispatcher, {
      kind: 'cold_snap',
      title: '寒潮预警',
      message: '请注意保温',
      startsAt: '2026-11-22T09:00:00+08:00',
      publish: true,
      target: { kind: 'buildings', buildings: [{ community: '幸福小区', building: '3号楼' }] },
    });
    expect(byBuilding.body).toMatchObject({ premiseCount: 1 });
    const unknownNode = await s.call('POST', '/api/v1/notices', dispatcher, {
      kind: 'cold_snap',
      title: 't',
      message: 'm',
      startsAt: '2026-11-22T09:00:00+08:00',
      target: { kind: 'nodes', nodeIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(unknownNode.status).toBe(422);
  });
  it("ending a notice resolves linked orders by the loop's rule: an unanswered order past its respond deadline is late, a suspended one resumes first", async () => {
    const dispatcher = await s.tokenFor('dispatcher');
    const agent = await s.tokenFor('agent');
    const notice = await s.call('POST', '/api/v1/notices', dispatcher, {
      kind: 'unplanned_outage',
      title: '远郊抢修停热',
      message: '抢修中',
      startsAt: '2026-11-21T10:00:00+08:00',
      publish: true,
      target: { kind: 'premises', premiseIds: [s.seed.premises.remote] },
    });
    expect(notice.status).toBe(201);
    const file = async () =>
      (
        await s.call('POST', '/api/v1/tickets', agent, {
          kind: 'repair',
          channel: 'hotline',
          categoryCode: 'heating-cold',
          description: '暖气不热',
          premiseId: s.seed.premises.remote,
          contact: { name: '李', phone: '13900010009' },
        })
      ).body.id as string;
    const unanswered = await file();
    const paused = await file();
    const row = (id: string) => s.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const deadline = (await row(paused)).resolve_by!;
    s.clock.advance(1);
    expect((await s.call('POST', `/api/v1/tickets/${paused}/actions`, agent, { action: 'accept' })).status).toBe(200);
    s.clock.advance(1);
    expect((await s.call('POST', `/api/v1/tickets/${paused}/actions`, dispatcher, { action: 'suspend', reason: '等待配件' })).status).toBe(
      200,
    );
    // An hour later (the respond clock of 10 minutes has run out; no sweep ran meanwhile) the outage ends.
    s.clock.advance(60);
    expect((await s.call('POST', `/api/v1/notices/${notice.body.id}/end`, dispatcher, { resolveLinked: true })).status).toBe(200);
    while ((await runDueJobs(s.db, s.clock, ALL_JOBS)) > 0);

    const late = await row(unanswered);
    expect(late).toMatchObject({ status: 'resolved', late: true, responded_at: s.clock.now(), resolved_at: s.clock.now() });
    const resumed = await row(paused);
    expect(resumed).toMatchObject({ status: 'resolved', late: false, suspended_from: null, suspended_at: null });
    expect(resumed.resolve_by!.getTime() - deadline.getTime()).toBe(60 * 60_000);
    const events = (await s.call('GET', `/api/v1/tickets/${paused}`, agent)).body.events.map((e: { type: string }) => e.type);
    expect(events.slice(-3)).toEqual(['suspended', 'resumed', 'resolved']);
  });

  it('the public status page refuses an address that asks too often, with 429 and Retry-After', async () => {
    let last: Response | null = null;
    for (let i = 0; i <= STATUS_PAGE_LIMIT.max; i++) {
      last = await fetch(`${s.base}/status/heat${i % 2 ? '' : '/notices.json'}`);
      if (last.status === 429) break;
      await last.arrayBuffer();
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    s.clock.advance(STATUS_PAGE_LIMIT.windowSeconds / 60 + 1);
    expect((await fetch(`${s.base}/status/heat/notices.json`)).status).toBe(200);
  });
});
