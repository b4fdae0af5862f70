import { describe, expect, it } from 'vitest';
import { KINDS } from '../catalog/kinds.js';
import { ACTIONS, STATUSES, type Status, type StepAction, SYSTEM_ACTIONS } from './ticket.state.js';
import { destinationUnitId, type Step, type StepInput, type TransitionTicket, transition } from './ticket.transition.js';

// The table below is written from the domain, not from ticket.state.ts: README "The work-order
// loop" and CONTRACT.md ("Work orders"). intake → accept → dispatch → take → arrive → resolve →
// callback → closed; a dissatisfied callback (1–2) reopens to the unit; side steps suspend /
// resume, transfer, return, reopen; close at first contact only for consultations, suggestions,
// praise and billing questions. A notice ending resolves any open order linked to it.
const DOMAIN_STATUSES = ['new', 'accepted', 'dispatched', 'taken', 'on_site', 'resolved', 'suspended', 'closed'] as const;
const DOMAIN_KINDS = ['repair', 'complaint', 'consultation', 'suggestion', 'praise', 'misconduct', 'billing'] as const;
const ANSWERED_AT_FIRST_CONTACT = ['consultation', 'suggestion', 'praise', 'billing'];
const SUSPENDABLE: Status[] = ['accepted', 'dispatched', 'taken', 'on_site'];

type Kind = (typeof DOMAIN_KINDS)[number];
/** The status a step leads to from a status, for an order of a kind; null when the step is refused. */
type Rule = (from: Status, kind: Kind, detail: { satisfaction: number; suspendedFrom: Status }) => Status | null;
const from =
  (statuses: Status[], to: Status): Rule =>
  (s) =>
    statuses.includes(s) ? to : null;

const DOMAIN: Record<StepAction, Rule> = {
  accept: from(['new'], 'accepted'),
  // Dispatching again while dispatched re-routes; once a crew has taken it, it is transferred instead.
  dispatch: from(['new', 'accepted', 'dispatched'], 'dispatched'),
  take: from(['dispatched'], 'taken'),
  arrive: from(['taken'], 'on_site'),
  // Some work is done without a visit (advice on the phone after taking it), so resolve follows take or arrive.
  resolve: from(['taken', 'on_site'], 'resolved'),
  callback: (s, _k, d) => (s === 'resolved' ? (d.satisfaction <= 2 ? 'dispatched' : 'closed') : null),
  // Closing needs a resolution — except a desk request answered at first contact. Never from the field.
  close: (s, k) => (s === 'resolved' || ((s === 'new' || s === 'accepted') && ANSWERED_AT_FIRST_CONTACT.includes(k)) ? 'closed' : null),
  reopen: from(['resolved', 'closed'], 'dispatched'),
  suspend: from(SUSPENDABLE, 'suspended'),
  resume: (s, _k, d) => (s === 'suspended' ? d.suspendedFrom : null),
  transfer: from(['new', 'accepted', 'dispatched', 'taken'], 'dispatched'),
  return: from(['dispatched', 'taken'], 'accepted'),
  resolve_by_notice: from(['new', 'accepted', 'dispatched', 'taken', 'on_site', 'suspended'], 'resolved'),
  // A complaint is ruled (定性) while being handled — before its resolution — and stays where it is.
  rule: (s, k) => (k === 'complaint' && ['accepted', 'dispatched', 'taken', 'on_site'].includes(s) ? s : null),
  // A household calling again about an open order joins it where it stands (催单).
  repeat_call: (s) => (s === 'closed' ? null : s),
  // A dispatcher closes an open order as a duplicate of another.
  merge: (s) => (s === 'closed' ? null : 'closed'),
  // A supervisor or manager urges (督办) any order not closed; it stays where it is.
  supervise: (s) => (s === 'closed' ? null : s),
};

const T0 = new Date('2026-11-21T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function order(status: Status, kind: Kind = 'repair', more: Partial<TransitionTicket> = {}): TransitionTicket {
  return {
    status,
    kind,
    suspended_from: status === 'suspended' ? 'taken' : null,
    suspended_at: status === 'suspended' ? at(20) : null,
    unit_id: 'station',
    assignee_id: null,
    dispatched_from_unit_id: null,
    respond_by: at(10),
    arrive_by: at(45),
    resolve_by: at(24 * 60),
    responded_at: null,
    arrived_at: null,
    resolved_at: null,
    late: false,
    reopen_count: 0,
    hidden_from_path: null,
    repeat_calls: 0,
    ...more,
  };
}

const INPUTS: Record<StepAction, StepInput> = {
  accept: { action: 'accept' },
  dispatch: { action: 'dispatch', unitId: 'team', assigneeId: 'crew' },
  take: { action: 'take' },
  arrive: { action: 'arrive' },
  resolve: { action: 'resolve', note: '排气后恢复' },
  callback: { action: 'callback', satisfaction: 5 },
  close: { action: 'close', note: '已当场答复' },
  reopen: { action: 'reopen', reason: '仍不热' },
  suspend: { action: 'suspend', reason: '等待配件' },
  resume: { action: 'resume' },
  transfer: { action: 'transfer', unitId: 'other-station' },
  return: { action: 'return', reason: '不属本班' },
  resolve_by_notice: { action: 'resolve_by_notice', noticeId: 'n1', note: '随通知结束' },
  rule: {
    action: 'rule',
    ruling: 'verified',
    chargedUnitId: 'station',
    chargedUserIds: ['crew'],
    measures: ['criticism'],
    note: '经查属实',
  },
  repeat_call: { action: 'repeat_call', channel: 'hotline', note: '住户再次来电询问' },
  merge: { action: 'merge', intoId: 'first-order' },
  supervise: { action: 'supervise', note: '请今日内处理完毕', dueBy: at(8 * 60).toISOString() },
};

function step(t: TransitionTicket, input: StepInput, minutes = 30, userId = 'agent'): Step {
  const unit = destinationUnitId(t, input);
  return {
    input,
    actor: { userId, unitId: 'hotline' },
    at: at(minutes),
    ...(unit && { unit: { id: unit, path: `/root/${unit}/` } }),
    ...(input.action === 'merge' && { target: { id: input.intoId, number: 'RX-20261121-0001' } }),
  };
}

describe('the work-order transition against the domain table', () => {
  it('knows exactly the statuses, kinds and steps of the domain (a new one must be added to the table)', () => {
    expect([...STATUSES]).toEqual([...DOMAIN_STATUSES]);
    expect([...KINDS]).toEqual([...DOMAIN_KINDS]);
    expect([...ACTIONS, ...SYSTEM_ACTIONS].sort()).toEqual(Object.keys(DOMAIN).sort());
  });

  const cases = DOMAIN_STATUSES.flatMap((status) =>
    DOMAIN_KINDS.flatMap((kind) => [...ACTIONS, ...SYSTEM_ACTIONS].map((action) => [status, kind, action] as const)),
  );
  it.each(cases)('%s %s order, %s: allowed or refused as the domain says', (status, kind, action) => {
    const levels = action === 'callback' ? [1, 2, 3, 4, 5] : [5];
    const origins = status === 'suspended' ? SUSPENDABLE : (['taken'] as Status[]);
    for (const satisfaction of levels) {
      for (const suspendedFrom of origins) {
        const t = order(status, kind, status === 'suspended' ? { suspended_from: suspendedFrom } : {});
        const input = action === 'callback' ? { action, satisfaction } : INPUTS[action];
        const expected = DOMAIN[action](status, kind, { satisfaction, suspendedFrom });
        const result = transition(t, step(t, input));
        const label = `${action} on a ${status} ${kind} (satisfaction ${satisfaction}, suspended from ${suspendedFrom})`;
        if (expected === null) {
          expect(result, label).toEqual({
            ok: false,
            status: 409,
            code: 'invalid_transition',
            message: `Cannot ${action} an order that is ${status}`,
          });
        } else {
          expect(result.ok && result.to, label).toBe(expected);
          expect(result.ok && result.changes.status, label).toBe(expected);
        }
      }
    }
  });

  it('an order can never be closed from the field: closing from dispatched, taken or on site is refused for every kind', () => {
    for (const status of ['dispatched', 'taken', 'on_site', 'suspended'] as const) {
      for (const kind of DOMAIN_KINDS) {
        const t = order(status, kind);
        expect(transition(t, step(t, { action: 'close' })).ok, `${status} ${kind}`).toBe(false);
      }
    }
  });
});

describe('closing at first contact', () => {
  it('a consultation closed on the spot without an answer is refused, naming the note', () => {
    for (const status of ['new', 'accepted'] as const) {
      const t = order(status, 'consultation');
      for (const note of [undefined, '', '   ']) {
        expect(transition(t, step(t, { action: 'close', note }))).toEqual({
          ok: false,
          status: 422,
          code: 'answer_required',
          message: 'note: the answer given to the caller is required',
        });
      }
      const answered = transition(t, step(t, { action: 'close', note: '11月1日开始供暖' }));
      expect(answered.ok && answered.events.at(-1)?.note).toBe('11月1日开始供暖');
    }
  });
});

describe('closing without a callback', () => {
  it('a resolved order closed without a callback needs the reason, which the event keeps', () => {
    const t = order('resolved', 'repair', { resolved_at: at(20) });
    for (const note of [undefined, '', '  ']) {
      expect(transition(t, step(t, { action: 'close', note }))).toMatchObject({ ok: false, status: 422, code: 'reason_required' });
    }
    const closed = transition(t, step(t, { action: 'close', note: '住户电话停机，上门未遇' }));
    expect(closed.ok && closed.events[0]).toMatchObject({
      type: 'closed',
      note: '住户电话停机，上门未遇',
      data: { withoutCallback: true },
    });
  });
});

describe('what each step changes and records', () => {
  it('accepting answers the request on time; accepting after the respond deadline marks the order late for good', () => {
    const onTime = transition(order('new'), step(order('new'), INPUTS.accept, 5));
    expect(onTime).toMatchObject({ ok: true, changes: { responded_at: at(5), late: false, updated_at: at(5) } });
    expect(onTime.ok && onTime.events).toEqual([
      {
        type: 'accepted',
        at: at(5),
        actorId: 'agent',
        note: null,
        data: { deadline: at(10).toISOString(), late: false },
        attachments: undefined,
      },
    ]);
    const late = transition(order('new'), step(order('new'), INPUTS.accept, 11));
    expect(late).toMatchObject({ ok: true, changes: { responded_at: at(11), late: true } });
    expect(late.ok && late.events[0]!.data).toEqual({ deadline: at(10).toISOString(), late: true });
    // Exactly at the deadline is on time.
    expect(transition(order('new'), step(order('new'), INPUTS.accept, 10))).toMatchObject({ changes: { late: false } });
    // A late order stays late.
    const wasLate = order('new', 'repair', { late: true });
    expect(transition(wasLate, step(wasLate, INPUTS.accept, 1))).toMatchObject({ changes: { late: true } });
  });

  it('an order without a respond deadline is answered without a lateness verdict', () => {
    const t = order('new', 'repair', { respond_by: null });
    const r = transition(t, step(t, INPUTS.accept, 500));
    expect(r).toMatchObject({ ok: true, changes: { responded_at: at(500), late: false } });
    expect(r.ok && r.events[0]!.data).toEqual({});
  });

  it('dispatching routes the order to the unit and crew chosen and remembers where it came from; an answered order keeps its answer time', () => {
    const t = order('accepted', 'repair', { responded_at: at(2) });
    const r = transition(t, step(t, INPUTS.dispatch, 8, 'dispatcher'));
    expect(r).toMatchObject({
      ok: true,
      changes: { unit_id: 'team', unit_path: '/root/team/', assignee_id: 'crew', dispatched_from_unit_id: 'hotline' },
    });
    expect(r.ok && 'responded_at' in r.changes).toBe(false);
    expect(r.ok && r.events[0]).toMatchObject({ type: 'dispatched', data: { unitId: 'team', assigneeId: 'crew' } });
    const unassigned = transition(t, step(t, { action: 'dispatch', unitId: 'team' }));
    expect(unassigned).toMatchObject({ changes: { assignee_id: null } });
    expect(unassigned.ok && unassigned.events[0]!.data).toEqual({ unitId: 'team', assigneeId: null });
  });

  it('dispatching a new order answers it', () => {
    const r = transition(order('new'), step(order('new'), INPUTS.dispatch, 12));
    expect(r).toMatchObject({ changes: { responded_at: at(12), late: true } });
  });

  it('taking keeps the crew the order was assigned to, or assigns it to the taker', () => {
    const assigned = order('dispatched', 'repair', { assignee_id: 'crew' });
    expect(transition(assigned, step(assigned, INPUTS.take, 9, 'dispatcher'))).toMatchObject({ changes: { assignee_id: 'crew' } });
    const open = order('dispatched');
    const r = transition(open, step(open, INPUTS.take, 9, 'crew2'));
    expect(r).toMatchObject({ changes: { assignee_id: 'crew2', status: 'taken' } });
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['taken']);
  });

  it('an arrival or a resolution after its deadline marks the order late, and the event says so', () => {
    const taken = order('taken');
    expect(transition(taken, step(taken, INPUTS.arrive, 45))).toMatchObject({ changes: { arrived_at: at(45), late: false } });
    const lateArrival = transition(taken, step(taken, INPUTS.arrive, 46));
    expect(lateArrival).toMatchObject({ changes: { arrived_at: at(46), late: true } });
    expect(lateArrival.ok && lateArrival.events[0]).toMatchObject({
      type: 'arrived',
      data: { deadline: at(45).toISOString(), late: true },
    });
    const onSite = order('on_site', 'repair', { arrived_at: at(30) });
    const lateFix = transition(onSite, step(onSite, INPUTS.resolve, 24 * 60 + 1));
    expect(lateFix).toMatchObject({ changes: { resolved_at: at(24 * 60 + 1), late: true } });
    expect(lateFix.ok && lateFix.events[0]).toMatchObject({ type: 'resolved', note: '排气后恢复' });
    expect(transition(onSite, step(onSite, INPUTS.resolve, 60))).toMatchObject({ changes: { late: false } });
  });

  it('a satisfied callback closes the order; a dissatisfied one reopens it and the resolution no longer stands', () => {
    const resolved = order('resolved', 'repair', { resolved_at: at(60), reopen_count: 1 });
    const happy = transition(resolved, step(resolved, { action: 'callback', satisfaction: 3, note: '还行' }, 300));
    expect(happy).toMatchObject({ ok: true, to: 'closed', changes: { satisfaction: 3, callback_at: at(300), closed_at: at(300) } });
    expect(happy.ok && happy.changes.resolved_at).toBeUndefined();
    expect(happy.ok && happy.events.map((e) => [e.type, e.data])).toEqual([
      ['callback', { satisfaction: 3 }],
      ['closed', {}],
    ]);
    const unhappy = transition(resolved, step(resolved, { action: 'callback', satisfaction: 2, note: '还是不热' }, 300));
    expect(unhappy).toMatchObject({
      ok: true,
      to: 'dispatched',
      changes: { satisfaction: 2, callback_at: at(300), resolved_at: null, closed_at: null, reopen_count: 2 },
    });
    expect(unhappy.ok && unhappy.events.map((e) => [e.type, e.note, e.data])).toEqual([
      ['callback', '还是不热', { satisfaction: 2 }],
      ['reopened', '还是不热', { cause: 'dissatisfied_callback' }],
    ]);
  });

  it('closing at first contact answers and resolves the request at once; closing a resolved order keeps its resolution time', () => {
    const desk = order('new', 'consultation');
    expect(transition(desk, step(desk, INPUTS.close, 3))).toMatchObject({
      changes: { status: 'closed', closed_at: at(3), resolved_at: at(3), responded_at: at(3), late: false },
    });
    const closedAtDesk = transition(desk, step(desk, INPUTS.close, 3));
    expect(closedAtDesk.ok && closedAtDesk.events.map((e) => e.type)).toEqual(['closed']);
    const resolved = order('resolved', 'repair', { resolved_at: at(60), responded_at: at(2) });
    const r = transition(resolved, step(resolved, INPUTS.close, 90));
    expect(r).toMatchObject({ changes: { closed_at: at(90), resolved_at: at(60) } });
    expect(r.ok && 'responded_at' in r.changes).toBe(false);
  });

  it('reopening sends the order back with its resolution cleared and counts the reopening', () => {
    const closed = order('closed', 'repair', { resolved_at: at(60), reopen_count: 0 });
    const r = transition(closed, step(closed, INPUTS.reopen, 2000));
    expect(r).toMatchObject({ changes: { status: 'dispatched', resolved_at: null, closed_at: null, reopen_count: 1 } });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'reopened', note: '仍不热' });
  });

  it('suspending remembers the status and the moment; resuming returns there and moves the unmet deadlines by the pause', () => {
    const onSite = order('on_site', 'repair', { arrived_at: at(30), responded_at: at(2) });
    const s = transition(onSite, step(onSite, INPUTS.suspend, 40));
    expect(s).toMatchObject({ changes: { status: 'suspended', suspended_from: 'on_site', suspended_at: at(40) } });
    expect(s.ok && s.events.map((e) => [e.type, e.note])).toEqual([['suspended', '等待配件']]);
    const suspended = order('suspended', 'repair', {
      suspended_from: 'on_site',
      suspended_at: at(40),
      arrived_at: at(30),
      responded_at: at(2),
    });
    const r = transition(suspended, step(suspended, INPUTS.resume, 160));
    expect(r).toMatchObject({
      ok: true,
      to: 'on_site',
      changes: { suspended_from: null, suspended_at: null, respond_by: at(10), arrive_by: at(45), resolve_by: at(24 * 60 + 120) },
    });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'resumed', data: { pausedSeconds: 7200 } });
  });

  it('a transfer moves the order to another unit and frees it from its crew; to the same unit it is refused', () => {
    const taken = order('taken', 'repair', { assignee_id: 'crew' });
    const r = transition(taken, step(taken, INPUTS.transfer));
    expect(r).toMatchObject({ changes: { unit_id: 'other-station', unit_path: '/root/other-station/', assignee_id: null } });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'transferred', data: { fromUnitId: 'station', toUnitId: 'other-station' } });
    expect(transition(taken, step(taken, { action: 'transfer', unitId: 'station' }))).toEqual({
      ok: false,
      status: 422,
      code: 'same_unit',
      message: 'unitId: the order is already with this unit',
    });
  });

  it('a return goes back to the unit that dispatched the order, or stays where it is when nobody dispatched it', () => {
    const dispatched = order('dispatched', 'repair', { dispatched_from_unit_id: 'dispatch-desk', assignee_id: 'crew' });
    expect(destinationUnitId(dispatched, INPUTS.return)).toBe('dispatch-desk');
    const r = transition(dispatched, step(dispatched, INPUTS.return));
    expect(r).toMatchObject({ changes: { status: 'accepted', unit_id: 'dispatch-desk', assignee_id: null } });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'returned', data: { fromUnitId: 'station', toUnitId: 'dispatch-desk' } });
    expect(destinationUnitId(order('taken'), INPUTS.return)).toBe('station');
    expect(destinationUnitId(order('taken'), INPUTS.take)).toBeNull();
    expect(destinationUnitId(order('taken'), INPUTS.transfer)).toBe('other-station');
  });

  it('a step that moves the order needs its destination resolved by the caller', () => {
    const t = order('new');
    expect(() => transition(t, { input: INPUTS.dispatch, actor: { userId: 'd', unitId: 'u' }, at: at(1) })).toThrow(/needs unit team/);
    expect(() =>
      transition(t, { input: INPUTS.dispatch, actor: { userId: 'd', unitId: 'u' }, at: at(1), unit: { id: 'elsewhere', path: '/x/' } }),
    ).toThrow(/needs unit team/);
  });

  it('a notice ending resolves an unanswered order, judging both the respond and the resolve clock', () => {
    const t = order('new');
    const r = transition(t, step(t, INPUTS.resolve_by_notice, 60));
    expect(r).toMatchObject({ ok: true, changes: { status: 'resolved', responded_at: at(60), resolved_at: at(60), late: true } });
    expect(r.ok && r.events).toEqual([
      {
        type: 'resolved',
        at: at(60),
        actorId: 'agent',
        note: '随通知结束',
        data: { noticeId: 'n1', bulk: true, deadline: at(24 * 60).toISOString(), late: false },
        attachments: undefined,
      },
    ]);
    const answered = order('dispatched', 'repair', { responded_at: at(2) });
    const onTime = transition(answered, step(answered, INPUTS.resolve_by_notice, 60));
    expect(onTime).toMatchObject({ changes: { late: false, resolved_at: at(60) } });
    expect(onTime.ok && 'responded_at' in onTime.changes).toBe(false);
    const early = transition(t, step(t, INPUTS.resolve_by_notice, 5));
    expect(early).toMatchObject({ changes: { late: false, responded_at: at(5) } });
  });

  it('a notice ending resumes a suspended order first, so its deadlines move by the pause before lateness is judged', () => {
    const t = order('suspended', 'repair', { suspended_from: 'taken', suspended_at: at(5), responded_at: at(2), resolve_by: at(60) });
    const r = transition(t, step(t, INPUTS.resolve_by_notice, 100));
    expect(r).toMatchObject({
      ok: true,
      to: 'resolved',
      changes: { status: 'resolved', suspended_from: null, suspended_at: null, resolve_by: at(155), resolved_at: at(100), late: false },
    });
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['resumed', 'resolved']);
    // Judged against the moved deadline; the answer given before the pause stands.
    expect(r.ok && r.events[1]!.data).toEqual({ noticeId: 'n1', bulk: true, deadline: at(155).toISOString(), late: false });
    expect(r.ok && 'responded_at' in r.changes).toBe(false);
  });

  describe('the ruling of a complaint (rule)', () => {
    it('a verified ruling records whom it charges and leaves the complaint where it is', () => {
      const t = order('taken', 'complaint', { hidden_from_path: '/root/station/' });
      const r = transition(t, step(t, INPUTS.rule));
      expect(r).toMatchObject({ ok: true, to: 'taken', changes: { status: 'taken', hidden_from_path: null } });
      expect(r.ok && r.events.map((e) => [e.type, e.note, e.data])).toEqual([
        ['ruled', '经查属实', { ruling: 'verified', chargedUnitId: 'station', chargedUserIds: ['crew'], measures: ['criticism'] }],
      ]);
    });

    it('a verified or partly verified ruling without a charged unit is refused naming chargedUnitId', () => {
      for (const ruling of ['verified', 'partly_verified'] as const) {
        const t = order('taken', 'complaint');
        const r = transition(t, step(t, { action: 'rule', ruling, note: '属实' }));
        expect(r).toMatchObject({ ok: false, status: 422, code: 'charge_required' });
        expect(!r.ok && r.message).toContain('chargedUnitId');
      }
    });

    it('an unfounded ruling that charges anyone is refused; without charges it stands', () => {
      const t = order('dispatched', 'complaint');
      for (const extra of [{ chargedUnitId: 'station' }, { chargedUserIds: ['crew'] }, { measures: ['fine'] }]) {
        const r = transition(t, step(t, { action: 'rule', ruling: 'unfounded', note: '不属实', ...extra }));
        expect(r).toMatchObject({ ok: false, status: 422, code: 'charge_not_allowed' });
      }
      const ok = transition(t, step(t, { action: 'rule', ruling: 'unfounded', note: '经核实不属实' }));
      expect(ok.ok && ok.events[0]!.data).toEqual({ ruling: 'unfounded', chargedUnitId: null, chargedUserIds: [], measures: [] });
    });
  });

  it('the photos and files attached to a step travel with its event', () => {
    const t = order('on_site');
    const r = transition(t, step(t, { action: 'resolve', note: '换阀门', attachments: ['att-1', 'att-2'] }));
    expect(r.ok && r.events[0]!.attachments).toEqual(['att-1', 'att-2']);
  });

  it('every step stamps the order with its time', () => {
    for (const action of [...ACTIONS, ...SYSTEM_ACTIONS]) {
      const kind = action === 'rule' ? 'complaint' : 'consultation';
      const status = DOMAIN_STATUSES.find((s) => DOMAIN[action](s, kind, { satisfaction: 5, suspendedFrom: 'taken' }))!;
      const t = order(status, kind);
      const r = transition(t, step(t, INPUTS[action], 77));
      expect(r.ok && r.changes.updated_at, action).toEqual(at(77));
      expect(r.ok && r.events.every((e) => e.at.getTime() === at(77).getTime()), action).toBe(true);
    }
  });
});

describe('repeat calls and duplicates', () => {
  it('a repeat call leaves the order where it is, counts the call and records what the caller was told', () => {
    const t = order('taken', 'repair', { responded_at: at(5), repeat_calls: 1 });
    const r = transition(t, step(t, { action: 'repeat_call', channel: 'hotline', note: '还没到' }, 40));
    expect(r.ok && r.to).toBe('taken');
    expect(r.ok && r.changes.repeat_calls).toBe(2);
    expect(r.ok && r.events[0]).toMatchObject({
      type: 'repeat_call',
      note: '还没到',
      data: { channel: 'hotline', status: 'taken', clock: 'arrive', deadline: at(45).toISOString(), count: 2 },
    });
  });

  it('the caller of a suspended or resolved order is told no running deadline', () => {
    for (const status of ['suspended', 'resolved'] as const) {
      const t = order(status);
      const r = transition(t, step(t, { action: 'repeat_call', channel: 'window' }));
      expect(r.ok && r.events[0]!.data).toMatchObject({ status, clock: null, deadline: null });
    }
  });

  it('merging closes the duplicate with a link to the other order and resolves nothing', () => {
    const t = order('dispatched');
    const r = transition(t, step(t, { action: 'merge', intoId: 'first-order', note: '同一户同一故障' }, 50));
    expect(r.ok && r.to).toBe('closed');
    expect(r.ok && r.changes).toMatchObject({ closed_at: at(50), duplicate_of_id: 'first-order' });
    expect(r.ok && 'resolved_at' in r.changes).toBe(false);
    expect(r.ok && r.events[0]).toMatchObject({ type: 'merged', data: { intoId: 'first-order', intoNumber: 'RX-20261121-0001' } });
  });
});

describe('urging by a supervisor (督办)', () => {
  it('records the note, the deadline and the unit holding the order, which stays where it is', () => {
    const t = order('taken', 'repair', { assignee_id: 'crew' });
    const r = transition(t, step(t, { action: 'supervise', note: '住户多次来电', dueBy: at(120).toISOString() }, 30));
    expect(r.ok && r.to).toBe('taken');
    expect(r.ok && r.events[0]).toMatchObject({
      type: 'supervised',
      note: '住户多次来电',
      data: { dueBy: at(120).toISOString(), unitId: 'station', assigneeId: 'crew' },
    });
  });

  it('refuses a deadline that is not in the future', () => {
    const t = order('dispatched');
    const r = transition(t, step(t, { action: 'supervise', note: '催', dueBy: at(30).toISOString() }, 30));
    expect(r).toMatchObject({ ok: false, status: 422, code: 'due_not_future' });
  });
});
