import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { repairRequest, seedOrganisation } from '../factories.js';
import { startTestServer, type TestServer } from '../test-server.js';

// Issue 10: a complaint escalated from the 95598 supervision centre about a repair of 和平一所,
// investigated, ruled, charged, answered and closed — and the rules that refuse bad steps.
describe.each(testDatabaseKinds)('the complaint loop on %s', (kind) => {
  let s: TestServer;
  type User = Parameters<TestServer['tokenFor']>[0];
  const as = async (user: User) => s.tokenFor(user);
  const act = async (id: string, user: User, action: Record<string, unknown>) =>
    s.call('POST', `/api/v1/tickets/${id}/actions`, await as(user), action);
  const get = async (id: string, user: User) => s.call('GET', `/api/v1/tickets/${id}`, await as(user));
  const post = async (path: string, user: User, body: unknown) => s.call('POST', `/api/v1${path}`, await as(user), body);

  let repairId: string;
  let repairNumber: string;
  const complaintBody = (extra: Record<string, unknown> = {}) => ({
    kind: 'complaint',
    channel: 'escalated',
    categoryCode: 'service-complaint',
    description: '维修工上门态度恶劣，问题未解决',
    premiseId: s.seed.premises.urban,
    contact: { name: '王大爷', phone: '13900010001' },
    receivedAt: '2026-11-21T09:30:00+08:00',
    source: { body: '95598', reference: 'GD-95598-20261121-0042' },
    complaint: {
      subject: { type: 'order', ticketId: repairId },
      subType: 'attitude',
      dueAt: '2026-11-28T09:30:00+08:00',
      writtenReplyExpected: true,
    },
    ...extra,
  });

  beforeAll(async () => {
    s = await startTestServer(kind);
    const repair = await s.call('POST', '/api/v1/tickets', await as('agent'), repairRequest(s.seed));
    expect(repair.status).toBe(201);
    repairId = repair.body.id;
    repairNumber = repair.body.number;
    // The repair was routed to 和平一所 (the premise's station): the complained-about unit.
    expect(repair.body.unitId).toBe(s.seed.units.station);
  });
  afterAll(() => s?.close());

  describe('intake', () => {
    it('an escalated complaint carries its subject, sub-type, source and the outside deadline as a clock', async () => {
      const res = await s.call('POST', '/api/v1/tickets', await as('agent'), complaintBody());
      expect(res.status).toBe(201);
      expect(res.body.kind).toBe('complaint');
      expect(res.body.complaint).toMatchObject({
        subject: { type: 'order', ticketId: repairId, ticketNumber: repairNumber, unitId: s.seed.units.station, unitName: '和平一所' },
        subType: 'attitude',
        source: {
          type: 'escalated',
          via: null,
          body: '95598',
          reference: 'GD-95598-20261121-0042',
          receivedAt: '2026-11-21T09:30:00.000+08:00',
          dueAt: '2026-11-28T09:30:00.000+08:00',
          clock: 'running',
          writtenReplyExpected: true,
        },
        ruling: null,
        chargedUserIds: [],
        replies: [],
        hiddenFromSubjectUnit: true,
      });
      const filed = res.body.events.find((e: { type: string }) => e.type === 'complaint_filed');
      expect(filed.data).toMatchObject({ subType: 'attitude', hiddenFromSubjectUnit: true });
    });

    it('a direct complaint by phone defaults to a complaint about the service, sub-type other', async () => {
      const res = await s.call('POST', '/api/v1/tickets', await as('agent'), {
        ...complaintBody({ channel: 'hotline', source: undefined, receivedAt: undefined, premiseId: s.seed.premises.otherCompany }),
        complaint: undefined,
      });
      expect(res.status).toBe(201);
      expect(res.body.complaint).toMatchObject({
        subject: { type: 'service', ticketId: null, unitId: null },
        subType: 'other',
        source: { type: 'direct', via: 'hotline', body: null, dueAt: null, clock: null },
        hiddenFromSubjectUnit: false,
      });
    });

    it.each([
      [{ kind: 'repair', categoryCode: 'heating-cold' }, 400, 'complaint'],
      [{ complaint: { subject: { type: 'order' } } }, 400, 'ticketId'],
      [{ complaint: { subject: { type: 'staff' } } }, 400, 'userId'],
      [{ complaint: { subType: 'weather' } }, 422, 'complaint.subType'],
      [{ complaint: { subject: { type: 'order', ticketId: '00000000-0000-4000-8000-000000000000' } } }, 422, 'complaint.subject.ticketId'],
      [{ complaint: { subject: { type: 'unit', unitId: '00000000-0000-4000-8000-000000000000' } } }, 422, 'complaint.subject.unitId'],
      [{ complaint: { dueAt: '2026-11-20T09:30:00+08:00' } }, 400, 'complaint.dueAt'],
    ])('%j is refused with %i naming %s', async (extra, status, field) => {
      const before = await s.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const res = await s.call('POST', '/api/v1/tickets', await as('agent'), complaintBody(extra));
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(field);
      const after = await s.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });

  describe('handling, from filing to closing', () => {
    let id: string;
    beforeAll(async () => {
      const res = await s.call('POST', '/api/v1/tickets', await as('agent'), complaintBody({ description: '第二次投诉：上门态度差' }));
      id = res.body.id;
    });

    it('is accepted at the group and dispatched to the company for handling', async () => {
      expect((await act(id, 'agent', { action: 'accept' })).status).toBe(200);
      expect((await act(id, 'admin', { action: 'dispatch', unitId: s.seed.units.heping })).status).toBe(200);
    });

    it('is hidden from the complained-about station until ruled, but not from the company above it', async () => {
      expect((await get(id, 'stationManager')).status).toBe(404);
      expect((await get(id, 'crew')).status).toBe(404);
      const listed = await s.call('GET', '/api/v1/tickets?kind=complaint', await as('stationManager'));
      expect(listed.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
      expect((await get(id, 'companyManager')).status).toBe(200);
      expect((await get(id, 'supervisor')).status).toBe(200);
    });

    it('the investigator comes from outside the complained-about unit unless chosen deliberately', async () => {
      const inside = await post(`/complaints/${id}/investigator`, 'supervisor', { userId: s.seed.users.stationManager.id });
      expect(inside.status).toBe(422);
      expect(inside.body.error.code).toBe('investigator_in_subject_unit');
      expect(inside.body.error.message).toContain('userId');
      const ok = await post(`/complaints/${id}/investigator`, 'supervisor', { userId: s.seed.users.supervisor.id });
      expect(ok.status).toBe(204);
      const note = await post(`/complaints/${id}/notes`, 'supervisor', { note: '调取通话录音，走访用户，维修工承认语气生硬' });
      expect(note.status).toBe(204);
      const t = await get(id, 'supervisor');
      expect(t.body.complaint.investigatorId).toBe(s.seed.users.supervisor.id);
      expect(t.body.events.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['investigator_assigned', 'investigation_note']),
      );
    });

    it('a reply recorded before the ruling is refused naming the ruling', async () => {
      const res = await post(`/complaints/${id}/replies`, 'supervisor', { audience: 'complainant', method: 'phone', content: '已处理' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('not_ruled');
      expect(res.body.error.message).toContain('ruling');
    });

    it('the company takes it in hand like any order', async () => {
      const taken = await act(id, 'dispatcher', { action: 'take' });
      expect(taken.status).toBe(200);
      expect(taken.body.allowedActions).toContain('resolve');
    });

    it('bad rulings are refused naming the field, and nothing is recorded', async () => {
      const other = await seedOrganisation(s.db, 'other');
      const cases: [Record<string, unknown>, User, number, string][] = [
        [{ ruling: 'verified', chargedUnitId: s.seed.units.station }, 'supervisor', 400, 'note'],
        [{ ruling: 'verified', note: '属实' }, 'supervisor', 422, 'chargedUnitId'],
        [{ ruling: 'unfounded', chargedUnitId: s.seed.units.station, note: '不属实' }, 'supervisor', 422, 'chargedUnitId'],
        [{ ruling: 'verified', chargedUnitId: other.units.station, note: '属实' }, 'supervisor', 422, 'chargedUnitId'],
        [
          { ruling: 'verified', chargedUnitId: s.seed.units.station, chargedUserIds: [s.seed.users.otherCrew.id], note: '属实' },
          'supervisor',
          422,
          'chargedUserIds',
        ],
        [{ ruling: 'verified', chargedUnitId: s.seed.units.station, measures: ['flogging'], note: '属实' }, 'supervisor', 422, 'measures'],
        [{ ruling: 'sort_of', note: '?' }, 'supervisor', 400, 'ruling'],
        // A manager rules only on a unit below their own: the company not on itself, a dispatcher never.
        [{ ruling: 'verified', chargedUnitId: s.seed.units.heping, note: '属实' }, 'companyManager', 403, 'chargedUnitId'],
        [{ ruling: 'verified', chargedUnitId: s.seed.units.station, note: '属实' }, 'dispatcher', 403, 'rule'],
      ];
      for (const [body, user, status, field] of cases) {
        const res = await act(id, user, { action: 'rule', ...body });
        expect(res.status, JSON.stringify(body)).toBe(status);
        expect(res.body.error.message, JSON.stringify(body)).toContain(field);
      }
      const t = await get(id, 'supervisor');
      expect(t.body.complaint.ruling).toBeNull();
      expect(t.body.events.some((e: { type: string }) => e.type === 'ruled')).toBe(false);
    });

    it('the company manager above the station rules it verified and charges the station and its crew', async () => {
      const res = await act(id, 'companyManager', {
        action: 'rule',
        ruling: 'verified',
        chargedUnitId: s.seed.units.station,
        chargedUserIds: [s.seed.users.crew.id],
        measures: ['criticism', 'points'],
        note: '录音证实维修工态度生硬，属实',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('taken');
      expect(res.body.complaint).toMatchObject({
        ruling: 'verified',
        rulingNote: '录音证实维修工态度生硬，属实',
        ruledBy: s.seed.users.companyManager.id,
        chargedUnitId: s.seed.units.station,
        chargedUserIds: [s.seed.users.crew.id],
        measures: ['criticism', 'points'],
        hiddenFromSubjectUnit: false,
      });
      const row = await s.db.selectFrom('tickets').select('hidden_from_path').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.hidden_from_path).toBeNull();
    });

    it('the charged station rectifies with evidence; the supervisor sends it back once, then verifies it', async () => {
      const body = {
        ownerId: s.seed.users.stationManager.id,
        deadline: '2026-11-25T17:00:00+08:00',
        task: '对维修工进行服务规范培训并上门致歉',
      };
      const byDispatcher = await post(`/complaints/${id}/rectification`, 'dispatcher', body);
      expect(byDispatcher.status).toBe(403);
      const outsider = await post(`/complaints/${id}/rectification`, 'supervisor', { ...body, ownerId: s.seed.users.otherCrew.id });
      expect(outsider.status).toBe(422);
      expect(outsider.body.error.message).toContain('ownerId');
      const opened = await post(`/complaints/${id}/rectification`, 'supervisor', body);
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({
        status: 'open',
        ownerId: s.seed.users.stationManager.id,
        unitId: s.seed.units.station,
        overdue: false,
      });
      const rid = opened.body.id;
      const twice = await post(`/complaints/${id}/rectification`, 'supervisor', body);
      expect(twice.status).toBe(409);

      // The owner finds it on their own list.
      const mine = await s.call('GET', '/api/v1/rectifications?mine=true', await as('stationManager'));
      expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([rid]);
      expect(mine.body.items[0]).toMatchObject({ originType: 'complaint', originId: id });

      const noEvidence = await post(`/rectifications/${rid}/submit`, 'stationManager', { note: '已培训' });
      expect(noEvidence.status).toBe(422);
      expect(noEvidence.body.error.code).toBe('evidence_required');
      expect(noEvidence.body.error.message).toContain('evidence');
      const early = await post(`/rectifications/${rid}/review`, 'supervisor', { verdict: 'verify' });
      expect(early.status).toBe(409);

      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      const uploaded = await fetch(`${s.base}/api/v1/attachments?name=training.pdf`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await as('stationManager')}`, 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
      });
      expect(uploaded.status).toBe(201);
      const file = ((await uploaded.json()) as { id: string }).id;
      const submitted = await post(`/rectifications/${rid}/submit`, 'stationManager', {
        note: '已培训，维修工上门致歉',
        attachments: [file],
      });
      expect(submitted.status).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', evidence: [file] });
      // Only a supervisor, or a manager above the station, verifies: not the station itself.
      expect((await post(`/rectifications/${rid}/review`, 'stationManager', { verdict: 'verify' })).status).toBe(403);
      const noReason = await post(`/rectifications/${rid}/review`, 'supervisor', { verdict: 'send_back' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toContain('note');
      const back = await post(`/rectifications/${rid}/review`, 'supervisor', { verdict: 'send_back', note: '缺少用户签字' });
      expect(back.body).toMatchObject({ status: 'sent_back', sentBackReason: '缺少用户签字' });
      await post(`/rectifications/${rid}/submit`, 'stationManager', { note: '补充用户签字确认', attachments: [file] });
      const verified = await post(`/rectifications/${rid}/review`, 'companyManager', { verdict: 'verify', note: '整改到位' });
      expect(verified.body).toMatchObject({ status: 'verified', verifiedBy: s.seed.users.companyManager.id });

      const t = await get(id, 'supervisor');
      expect(t.body.complaint.rectification).toMatchObject({ id: rid, status: 'verified' });
      expect(t.body.events.map((e: { type: string }) => e.type).filter((x: string) => x.startsWith('rectification_'))).toEqual([
        'rectification_opened',
        'rectification_submitted',
        'rectification_sent_back',
        'rectification_submitted',
        'rectification_verified',
      ]);
    });

    it('is not resolved before the complainant and the escalating body are answered', async () => {
      const early = await act(id, 'dispatcher', { action: 'resolve', note: '已处理' });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('reply_missing');
      const wrong = await post(`/complaints/${id}/replies`, 'supervisor', { audience: 'body', method: 'phone', content: '电话答复' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.message).toContain('method');
      const phone = await post(`/complaints/${id}/replies`, 'agent', {
        audience: 'complainant',
        method: 'phone',
        content: '致歉并告知处理结果',
        accepted: true,
      });
      expect(phone.status).toBe(204);
      const stillEarly = await act(id, 'dispatcher', { action: 'resolve', note: '已处理' });
      expect(stillEarly.body.error?.message).toContain('written reply');
      const letter = await post(`/complaints/${id}/replies`, 'supervisor', {
        audience: 'body',
        method: 'document',
        content: '关于GD-95598-20261121-0042的核查报告',
      });
      expect(letter.status).toBe(204);
      const resolved = await act(id, 'dispatcher', { action: 'resolve', note: '已整改并答复' });
      expect(resolved.status).toBe(200);
      expect(resolved.body.complaint.source.clock).toBe('met');
      expect(resolved.body.complaint.replies.map((r: { audience: string; method: string }) => [r.audience, r.method])).toEqual([
        ['complainant', 'phone'],
        ['body', 'document'],
      ]);
      const closed = await act(id, 'agent', { action: 'callback', satisfaction: 4, note: '满意' });
      expect(closed.body.status).toBe('closed');
    });

    it('a new escalation of the same matter reopens the closed case with its reference', async () => {
      const res = await post(`/complaints/${id}/escalations`, 'agent', {
        body: '12345',
        reference: 'SZ12345-889',
        dueAt: '2026-11-30T09:30:00+08:00',
        writtenReplyExpected: true,
      });
      expect(res.status).toBe(204);
      const t = await get(id, 'supervisor');
      expect(t.body.status).toBe('dispatched');
      expect(t.body.reopenCount).toBe(1);
      expect(t.body.complaint.escalations).toEqual([
        expect.objectContaining({
          body: '12345',
          reference: 'SZ12345-889',
          dueAt: '2026-11-30T09:30:00.000+08:00',
          writtenReplyExpected: true,
        }),
      ]);
      expect(t.body.complaint.source.clock).toBe('running');
      expect(t.body.events.map((e: { type: string }) => e.type).slice(-2)).toEqual(['reopened', 'escalated_again']);
    });
  });

  describe('hiding from the complained-about unit', () => {
    it('a case sent to the station itself stays out of its sight until ruled, then shows', async () => {
      const res = await s.call('POST', '/api/v1/tickets', await as('agent'), complaintBody({ description: '所里处理的投诉' }));
      const id = res.body.id;
      await act(id, 'admin', { action: 'dispatch', unitId: s.seed.units.station });
      expect((await get(id, 'stationManager')).status).toBe(404);
      expect((await get(id, 'crew')).status).toBe(404);
      const listed = await s.call('GET', '/api/v1/tickets?kind=complaint', await as('stationManager'));
      expect(listed.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
      // Acting on it is as impossible as seeing it.
      expect((await act(id, 'stationManager', { action: 'take' })).status).toBe(404);
      const ruled = await act(id, 'supervisor', { action: 'rule', ruling: 'unfounded', note: '经核实不属实' });
      expect(ruled.status).toBe(200);
      expect(ruled.body.complaint.hiddenFromSubjectUnit).toBe(false);
      expect((await get(id, 'stationManager')).status).toBe(200);
      const rect = await post(`/complaints/${id}/rectification`, 'supervisor', {
        ownerId: s.seed.users.stationManager.id,
        deadline: '2026-11-25T17:00:00+08:00',
        task: '无',
      });
      expect(rect.status).toBe(422);
      expect(rect.body.error.message).toContain('ruling');
    });
  });

  describe('prevention and settings', () => {
    it('a second complaint of the same household is linked as a repeat and flagged on the worklist', async () => {
      const first = await s.call(
        'POST',
        '/api/v1/tickets',
        await as('agent'),
        complaintBody({ description: '第三次', receivedAt: '2026-11-21T09:50:00+08:00' }),
      );
      const res = await s.call(
        'POST',
        '/api/v1/tickets',
        await as('agent'),
        complaintBody({ description: '第四次', receivedAt: '2026-11-21T09:55:00+08:00' }),
      );
      expect(res.body.complaint.repeatOfId).toBe(first.body.id);
      const desk = await s.call('GET', '/api/v1/complaints?view=risk', await as('supervisor'));
      expect(desk.status).toBe(200);
      const item = desk.body.items.find((i: { id: string }) => i.id === res.body.id);
      expect(item.riskFlags).toEqual(expect.arrayContaining(['repeat', 'vulnerable_household', 'earlier_escalation']));
    });

    it('my cases are those I investigate', async () => {
      const mine = await s.call('GET', '/api/v1/complaints?view=mine', await as('supervisor'));
      expect(mine.body.items.length).toBe(1);
      expect(mine.body.items[0].investigatorId).toBe(s.seed.users.supervisor.id);
    });

    it('only an administrator edits the settings; with hiding off the station sees a new case at once', async () => {
      const current = await s.call('GET', '/api/v1/complaints/settings', await as('agent'));
      expect(current.body.subTypes.map((t: { code: string }) => t.code)).toContain('misconduct');
      const refused = await s.call('PUT', '/api/v1/complaints/settings', await as('supervisor'), {
        ...current.body,
        hideUntilRuled: false,
      });
      expect(refused.status).toBe(403);
      const saved = await s.call('PUT', '/api/v1/complaints/settings', await as('admin'), {
        ...current.body,
        hideUntilRuled: false,
        subTypes: [...current.body.subTypes, { code: 'outage-notice', zh: '停热未通知', en: 'Outage not announced', active: true }],
      });
      expect(saved.status).toBe(200);
      const res = await s.call(
        'POST',
        '/api/v1/tickets',
        await as('agent'),
        complaintBody({ complaint: { subType: 'outage-notice', subject: { type: 'unit', unitId: s.seed.units.station } } }),
      );
      expect(res.status).toBe(201);
      expect(res.body.complaint.hiddenFromSubjectUnit).toBe(false);
      await act(res.body.id, 'admin', { action: 'dispatch', unitId: s.seed.units.station });
      expect((await get(res.body.id, 'stationManager')).status).toBe(200);
    });
  });
});
