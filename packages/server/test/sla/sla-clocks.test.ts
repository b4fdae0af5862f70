import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTimers } from '../../src/sla/sweep-timers.js';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

type Ev = { type: string; data: Record<string, unknown>; actorId: string | null };

describe.each(testDatabaseKinds)('commitment clocks on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(kind);
  });
  afterAll(() => s?.close());

  const repair = (extra: Record<string, unknown> = {}) => repairRequest(s.seed, extra);
  const sweepAll = async () => {
    let n = 0;
    for (;;) {
      const k = await sweepTimers(s.db, s.clock);
      if (k === 0) break;
      n += k;
    }
    return n;
  };
  const events = async (id: string): Promise<Ev[]> => (await s.call('GET', `/api/v1/tickets/${id}`, await s.tokenFor('admin'))).body.events;

  it('warns at 80 %, records the breach once, urges the station and then the company until acknowledged', async () => {
    const agent = await s.tokenFor('agent');
    const created = await s.call('POST', '/api/v1/tickets', agent, repair());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const timers = await s.call('GET', `/api/v1/tickets/${id}/timers`, agent);
    expect(timers.body.items.map((t: { clock: string }) => t.clock).sort()).toEqual(['arrive', 'resolve', 'respond']);

    s.clock.advance(7);
    await sweepAll();
    expect((await events(id)).map((e) => e.type)).not.toContain('sla_warning');
    s.clock.advance(1); // 8 of 10 minutes to respond
    await sweepAll();
    const warned = (await events(id)).filter((e) => e.type === 'sla_warning');
    expect(warned).toEqual([expect.objectContaining({ data: expect.objectContaining({ clock: 'respond', share: 0.8 }) })]);

    s.clock.advance(3); // past the respond deadline
    await sweepAll();
    await sweepAll();
    let ev = await events(id);
    expect(ev.filter((e) => e.type === 'sla_breached' && e.data.clock === 'respond')).toHaveLength(1);
    const urged = ev.filter((e) => e.type === 'urged');
    expect(urged).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ clock: 'respond', level: 1, unitId: s.seed.units.station }) }),
    ]);
    const detail = await s.call('GET', `/api/v1/tickets/${id}`, agent);
    expect(detail.body.late).toBe(true);

    const stationMgr = await s.tokenFor('stationManager');
    const open = await s.call('GET', '/api/v1/urgings?open=true', stationMgr);
    expect(open.body.items).toHaveLength(1);
    const notes = await s.call('GET', '/api/v1/notifications?unread=true', stationMgr);
    expect(notes.body.items[0]).toMatchObject({ kind: 'urging', ticketId: id });

    // Not acknowledged within 30 minutes: the company manager is urged.
    s.clock.advance(30);
    await sweepAll();
    ev = await events(id);
    const level2 = ev.filter((e) => e.type === 'urged' && e.data.level === 2);
    expect(level2).toHaveLength(1);
    expect(level2[0]!.data.unitId).toBe(s.seed.units.heping);

    // Someone else's urging cannot be acknowledged; the company manager acknowledges theirs.
    const companyMgr = await s.tokenFor('companyManager');
    const urgingId = level2[0]!.data.urgingId as string;
    expect((await s.call('POST', `/api/v1/urgings/${urgingId}/acknowledge`, stationMgr, { note: 'x' })).status).toBe(403);
    const ack = await s.call('POST', `/api/v1/urgings/${urgingId}/acknowledge`, companyMgr, { note: '已督促一所立即处理' });
    expect(ack.status).toBe(200);
    expect((await s.call('POST', `/api/v1/urgings/${urgingId}/acknowledge`, companyMgr, {})).status).toBe(409);
    s.clock.advance(120);
    await sweepAll();
    ev = await events(id);
    expect(ev.filter((e) => e.type === 'urged' && e.data.clock === 'respond')).toHaveLength(2);
    expect(ev.find((e) => e.type === 'urging_acknowledged')).toMatchObject({ actorId: s.seed.users.companyManager.id, data: { level: 2 } });
    // The sequence numbers stayed dense: the timeline shows every step once.
    expect(detail.body.events.length).toBeLessThan(ev.length);
  });

  it('an urging nobody acknowledges climbs to the group and stops there', async () => {
    const id = (await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), repair())).body.id as string;
    s.clock.advance(11);
    await sweepAll();
    for (let i = 0; i < 5; i++) {
      s.clock.advance(30);
      await sweepAll();
    }
    const respondUrgings = (await events(id)).filter((e) => e.type === 'urged' && e.data.clock === 'respond');
    expect(respondUrgings.map((e) => [e.data.level, e.data.unitId])).toEqual([
      [1, s.seed.units.station],
      [2, s.seed.units.heping],
      [3, s.seed.units.root],
    ]);
    const admin = await s.tokenFor('admin');
    const notes = await s.call('GET', '/api/v1/notifications', admin);
    expect(notes.body.items.some((n: { ticketId: string }) => n.ticketId === id)).toBe(true);
  });

  it('a suspended order does not breach; on resume its clocks move by the pause', async () => {
    const agent = await s.tokenFor('agent');
    const dispatcher = await s.tokenFor('dispatcher');
    const crew = await s.tokenFor('crew');
    const id = (await s.call('POST', '/api/v1/tickets', agent, repair())).body.id as string;
    const act = (token: string, body: object) => s.call('POST', `/api/v1/tickets/${id}/actions`, token, body);
    expect((await act(dispatcher, { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id })).status).toBe(200);
    expect((await act(crew, { action: 'take' })).status).toBe(200);
    // The household was told the order was received, and that the crew is on the way.
    const sent = await s.db.selectFrom('outbox_messages').select('template').where('ticket_id', '=', id).orderBy('created_at').execute();
    expect(sent.map((m) => m.template)).toEqual(['order_received', 'crew_on_the_way']);
    expect((await act(crew, { action: 'suspend', reason: '等待配件' })).status).toBe(200);
    s.clock.advance(120);
    await sweepAll();
    expect((await events(id)).map((e) => e.type)).not.toContain('sla_breached');
    const resumed = await act(crew, { action: 'resume' });
    expect(resumed.status).toBe(200);
    const timers = (await s.call('GET', `/api/v1/tickets/${id}/timers`, agent)).body.items as Array<{
      clock: string;
      deadline: string;
      paused: boolean;
    }>;
    const arrive = timers.find((t) => t.clock === 'arrive')!;
    expect(arrive.deadline).toBe(resumed.body.deadlines.arriveBy);
    expect(arrive.paused).toBe(false);
    s.clock.advance(10);
    await sweepAll();
    expect((await events(id)).filter((e) => e.type === 'sla_breached')).toHaveLength(0);
    s.clock.advance(60);
    await sweepAll();
    expect((await events(id)).filter((e) => e.type === 'sla_breached').map((e) => e.data.clock)).toEqual(['arrive']);
  });

  it('a window request is due at close of business on the third working day after receipt', async () => {
    s.clock.set('2026-09-24T02:00:00Z'); // Thursday 10:00 in Shanghai, the day before Mid-Autumn
    const clerk = await s.tokenFor('clerk');
    const res = await s.call('POST', '/api/v1/tickets', clerk, {
      kind: 'consultation',
      channel: 'window',
      categoryCode: 'window-general',
      description: '办理供暖开户',
      address: '政务服务中心窗口',
      contact: { name: '李女士', phone: '13900020002' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.deadlines.resolveBy).toBe('2026-09-30T17:30:00.000+08:00');
    const catalog = await s.call('GET', '/api/v1/catalog', clerk);
    const wg = catalog.body.categories.find((c: { code: string }) => c.code === 'window-general');
    expect(wg.commitments[0]).toMatchObject({ calendarCode: 'working-hours', resolveWorkingDays: 3 });
  });

  it('an administrator edits the holiday list and new orders follow it', async () => {
    const admin = await s.tokenFor('admin');
    const days = await s.call('GET', '/api/v1/calendars/days?year=2026', admin);
    expect(days.body.items.filter((d: { kind: string }) => d.kind === 'workday').map((d: { day: string }) => d.day)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect((await s.call('PUT', '/api/v1/calendars/days/2026-11-23', admin, { kind: 'holiday', name: '地方假日' })).status).toBe(200);
    expect((await s.call('PUT', '/api/v1/calendars/days/2026-13-01', admin, { kind: 'holiday' })).status).toBe(422);
    expect((await s.call('PUT', '/api/v1/calendars/days/2026-11-24', await s.tokenFor('agent'), { kind: 'holiday' })).status).toBe(403);
    s.clock.set('2026-11-20T02:00:00Z'); // Friday
    const res = await s.call('POST', '/api/v1/tickets', await s.tokenFor('clerk'), {
      kind: 'consultation',
      channel: 'window',
      categoryCode: 'window-general',
      description: '咨询',
      address: '窗口',
      contact: { name: '李', phone: '13900020003' },
    });
    expect(res.body.deadlines.resolveBy).toBe('2026-11-26T17:30:00.000+08:00'); // Mon off: Tue, Wed, Thu
  });

  it('the catalogue expresses clocks in working days on a named calendar, and refuses ambiguous ones', async () => {
    const admin = await s.tokenFor('admin');
    const put = (commitments: object[]) => s.call('PUT', '/api/v1/catalog/categories/billing/commitments', admin, { commitments });
    const base = { priority: '*', areaTier: '*', respondMinutes: null, arriveMinutes: null };
    expect((await put([{ ...base, resolveMinutes: 60, resolveWorkingDays: 2 }])).body.error.code).toBe('ambiguous_target');
    expect((await put([{ ...base, resolveMinutes: null, resolveWorkingDays: 2, calendarCode: 'nope' }])).status).toBe(422);
    expect((await put([{ ...base, resolveMinutes: null, resolveWorkingDays: 2, calendarCode: 'working-hours' }])).status).toBe(204);
    s.clock.set('2025-12-31T01:00:00Z'); // Wednesday; New Year holiday Jan 1–3, Sunday Jan 4 worked
    const res = await s.call('POST', '/api/v1/tickets', await s.tokenFor('agent'), {
      kind: 'billing',
      channel: 'hotline',
      categoryCode: 'billing',
      description: '缴费',
      address: '某处',
      contact: { name: '张', phone: '13900030003' },
    });
    expect(res.body.deadlines.resolveBy).toBe('2026-01-05T17:30:00.000+08:00');
  });

  it('two workers sweeping at once fire every breach exactly once', async () => {
    s.clock.set('2026-12-01T02:00:00Z');
    const agent = await s.tokenFor('agent');
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push(
        (await s.call('POST', '/api/v1/tickets', agent, repair({ contact: { name: 'x', phone: `1390000${String(i).padStart(4, '0')}` } })))
          .body.id,
      );
    s.clock.advance(3 * 24 * 60); // every clock of every order is now past due
    // On PostgreSQL each sweep runs on its own pooled connection, so these really overlap.
    const worker = async () => {
      let n = 0;
      for (;;) {
        const k = await sweepTimers(s.db, s.clock, 7);
        if (k === 0) break;
        n += k;
      }
      return n;
    };
    const handled = await Promise.all([worker(), worker(), worker(), worker()]);
    expect(handled.every((n) => n > 0) || kind === 'pglite').toBe(true);
    const rows = await s.db
      .selectFrom('ticket_events')
      .select(['ticket_id', 'type', 'data'])
      .where('ticket_id', 'in', ids)
      .where('type', 'in', ['sla_warning', 'sla_breached', 'urged'])
      .execute();
    // Every clock was already past due, so no warning (too late) and exactly one breach each.
    expect(rows.filter((r) => r.type === 'sla_warning')).toHaveLength(0);
    const keys = rows.filter((r) => r.type === 'sla_breached').map((r) => `${r.ticket_id}:${(r.data as { clock: string }).clock}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(ids.length * 3);
    const urged = rows.filter((r) => r.type === 'urged').map((r) => `${r.ticket_id}:${(r.data as { clock: string }).clock}`);
    expect(new Set(urged).size).toBe(ids.length * 3);
    expect(urged).toHaveLength(ids.length * 3);
    const urgings = await s.db.selectFrom('urgings').select('id').where('ticket_id', 'in', ids).execute();
    expect(urgings).toHaveLength(ids.length * 3);
  });
});
