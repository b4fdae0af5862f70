import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password.js';
import type { Actor, Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/db/database.js';
import type { DB, TicketEventRow, TicketRow } from '../../src/db/schema.js';
import { DEMO_PASSWORD, type DemoResult, loadDemoIfEmpty, seasonStart } from '../../src/demo/load-demo.js';
import { kpiSummary } from '../../src/kpi/kpi.repo.js';
import { composeModules } from '../../src/modules.js';
import { manualClock } from '../../src/shared/clock.js';
import { createTicket } from '../../src/tickets/create-ticket.js';
import { performAction } from '../../src/tickets/perform-action.js';
import { type ActionInput, actionBody, createTicketBody } from '../../src/tickets/ticket.schema.js';
import { type Action, nextStatus, type Status } from '../../src/tickets/ticket.state.js';
import { openTestDatabase, testDatabaseKinds } from '../databases.js';

const NOW = '2026-11-21T02:00:00Z';
const SIZE = { premises: 900, orders: 400 };

const ACTION_OF: Record<string, Action> = {
  accepted: 'accept',
  dispatched: 'dispatch',
  taken: 'take',
  arrived: 'arrive',
  resolved: 'resolve',
  callback: 'callback',
  closed: 'close',
  reopened: 'reopen',
  suspended: 'suspend',
  resumed: 'resume',
  transferred: 'transfer',
  returned: 'return',
};

/** The steps of a stored history: every event but 'created' and the closing or reopening a callback brings. */
function stepsOf(events: TicketEventRow[]) {
  return events.slice(1).filter((e, i, all) => !((e.type === 'closed' || e.type === 'reopened') && all[i - 1]?.type === 'callback'));
}

/** The action input that produced a stored event. */
function inputOf(e: TicketEventRow): ActionInput {
  const data = e.data as Record<string, unknown>;
  const note = e.note ?? undefined;
  const body: Record<string, unknown> = { action: ACTION_OF[e.type] };
  if (e.type === 'dispatched') Object.assign(body, { unitId: data.unitId, ...(data.assigneeId ? { assigneeId: data.assigneeId } : {}) });
  if (e.type === 'transferred') body.unitId = data.toUnitId;
  if (e.type === 'callback') body.satisfaction = data.satisfaction;
  if (['resolved', 'callback', 'closed', 'accepted', 'taken', 'arrived', 'resumed'].includes(e.type) && note !== undefined)
    body.note = note;
  if (['suspended', 'returned', 'reopened'].includes(e.type)) body.reason = note;
  return actionBody.parse(body);
}

describe.each(testDatabaseKinds)('the demo tenant on %s', (kind) => {
  let d: Database;
  let db: Kysely<DB>;
  let result: DemoResult;
  const logs: string[] = [];
  let tickets: TicketRow[];
  let events: Map<string, TicketEventRow[]>;

  beforeAll(async () => {
    // The replay below drives the use cases without a server, so it wires the modules as main.ts does.
    composeModules();
    d = await openTestDatabase(kind);
    db = d.db;
    result = await loadDemoIfEmpty(db, { log: (m) => logs.push(m), clock: manualClock(NOW), size: SIZE });
    tickets = await db.selectFrom('tickets').selectAll().orderBy('received_at').execute();
    events = new Map();
    for (const e of await db.selectFrom('ticket_events').selectAll().orderBy('ticket_id').orderBy('seq').execute()) {
      events.set(e.ticket_id, [...(events.get(e.ticket_id) ?? []), e]);
    }
  }, 120_000);
  afterAll(() => d?.close());

  const count = async (table: 'tenants' | 'units' | 'users' | 'network_nodes' | 'premises' | 'customers' | 'tickets') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('loads the nine companies with stations, teams, staff, households and orders, reporting progress', async () => {
    expect(result.created).toBe(true);
    expect(await count('tenants')).toBe(1);
    const companies = await db.selectFrom('units').select('name').where('kind', '=', 'company').execute();
    expect(companies.map((c) => c.name).sort()).toEqual(
      ['东盛公司', '东风公司', '和平公司', '奋斗公司', '广源公司', '双盛公司', '盛宇公司', '盛通公司', '跃进公司'].sort(),
    );
    expect(await count('units')).toBe(1 + 9 + 27 + 54);
    expect(await count('network_nodes')).toBe(27);
    expect(await count('premises')).toBe(SIZE.premises);
    expect(await count('customers')).toBeGreaterThanOrEqual(SIZE.premises);
    const distinct = await db
      .selectFrom('premises')
      .select((eb) => eb.fn.count('address').distinct().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(distinct.n), 'no two households share an address').toBe(SIZE.premises);
    const phones = await db
      .selectFrom('customers')
      .select((eb) => [eb.fn.count('phone').distinct().as('d'), eb.fn.countAll().as('n')])
      .executeTakeFirstOrThrow();
    expect(Number(phones.d)).toBe(Number(phones.n));
    expect(await count('tickets')).toBe(SIZE.orders);
    const roles = await db.selectFrom('users').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(
      (
        [
          'admin',
          'company_manager',
          'dispatcher',
          'field_crew',
          'hotline_agent',
          'quality_supervisor',
          'station_manager',
          'window_clerk',
        ] satisfies Role[]
      ).sort(),
    );
    expect(logs.some((l) => /households \d+\/900 \(\d+%\)/.test(l))).toBe(true);
    expect(logs.some((l) => /orders \d+\/400 \(\d+%\)/.test(l))).toBe(true);
  });

  it('admin signs in with the generated password, staff with the documented demo password', async () => {
    const hash = async (username: string) =>
      (await db.selectFrom('users').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash;
    expect(result.generatedPassword).toMatch(/^\S{12,}$/);
    expect(await verifyPassword(await hash('admin'), result.generatedPassword!)).toBe(true);
    for (const u of [
      'agent1',
      'dispatcher-heping',
      'manager-heping',
      'manager-heping-1',
      'crew-heping-1',
      'clerk-heping',
      'supervisor1',
      'dispatcher',
    ]) {
      expect(await verifyPassword(await hash(u), DEMO_PASSWORD), u).toBe(true);
    }
  });

  it('does nothing when a tenant exists', async () => {
    const again = await loadDemoIfEmpty(db, { log: () => {}, clock: manualClock(NOW), size: SIZE });
    expect(again).toEqual({ created: false });
    expect(await count('tenants')).toBe(1);
    expect(await count('tickets')).toBe(SIZE.orders);
  });

  it('orders span the season since 1 November, with open orders at several stages', () => {
    const from = seasonStart(new Date(NOW), 'Asia/Shanghai');
    expect(from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(tickets.every((t) => t.received_at >= from && t.received_at <= new Date(NOW))).toBe(true);
    const statuses = new Set(tickets.map((t) => t.status));
    expect(statuses.has('closed')).toBe(true);
    expect([...statuses].filter((s) => s !== 'closed').length).toBeGreaterThanOrEqual(3);
    expect(tickets.some((t) => t.late)).toBe(true);
    expect(tickets.some((t) => t.reopen_count > 0)).toBe(true);
  });

  it("every order's history is numbered 1..n, in time order, and walks the state machine to the order's status", () => {
    for (const t of tickets) {
      const history = events.get(t.id)!;
      expect(
        history.map((e) => e.seq),
        t.number,
      ).toEqual(history.map((_, i) => i + 1));
      expect(history.length, t.number).toBe(t.event_count);
      expect(history[0]!.type).toBe('created');
      expect(history[0]!.at.getTime()).toBe(t.received_at.getTime());
      expect(history.at(-1)!.at.getTime(), t.number).toBe(t.updated_at.getTime());
      for (let i = 1; i < history.length; i++) expect(history[i]!.at >= history[i - 1]!.at, t.number).toBe(true);

      let state = { status: 'new' as Status, kind: t.kind as never, suspendedFrom: null as Status | null };
      for (const e of stepsOf(history)) {
        const data = e.data as { satisfaction?: number };
        const next = nextStatus(ACTION_OF[e.type]!, state, data.satisfaction);
        expect(next, `${t.number} ${e.type} from ${state.status}`).not.toBeNull();
        state = {
          ...state,
          suspendedFrom: e.type === 'suspended' ? state.status : e.type === 'resumed' ? null : state.suspendedFrom,
          status: next!,
        };
      }
      expect(state.status, t.number).toBe(t.status);
      const callbacks = history.filter((e) => e.type === 'callback');
      expect(t.satisfaction).toBe(callbacks.length ? (callbacks.at(-1)!.data as { satisfaction: number }).satisfaction : null);
      const answered = history.find((e) => ['accepted', 'dispatched', 'closed'].includes(e.type));
      expect(t.responded_at?.getTime() ?? null, t.number).toBe(answered?.at.getTime() ?? null);
    }
  });

  it('repeats are linked as intake links them: to the latest order of the same premise and category within the window', () => {
    const windowMs = 30 * 86_400_000;
    let repeats = 0;
    tickets.forEach((t, i) => {
      const earlier = t.premise_id
        ? tickets
            .slice(0, i)
            .filter(
              (o) =>
                o.premise_id === t.premise_id &&
                o.category_id === t.category_id &&
                o.received_at.getTime() >= t.received_at.getTime() - windowMs,
            )
        : [];
      expect(t.repeat_of_id, t.number).toBe(earlier.at(-1)?.id ?? null);
      if (t.repeat_of_id) repeats++;
    });
    expect(repeats).toBeGreaterThan(0);
  });

  it('replaying stored histories through createTicket and performAction reproduces the orders and their events', async () => {
    const users = new Map(
      (
        await db
          .selectFrom('users as u')
          .innerJoin('units as un', 'un.id', 'u.unit_id')
          .select(['u.id', 'u.role', 'u.unit_id', 'un.path'])
          .execute()
      ).map((u) => [u.id, u]),
    );
    const tenant = await db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
    const actorOf = (id: string): Actor => {
      const u = users.get(id)!;
      return { userId: u.id, tenantId: tenant.id, role: u.role as Role, unitId: u.unit_id, unitPath: u.path, timeZone: tenant.time_zone };
    };
    // A sample that covers every kind of step the demo takes.
    const sample = new Map<string, TicketRow>();
    for (const type of ['transferred', 'returned', 'suspended', 'resumed', 'reopened', 'closed', 'callback', 'arrived', 'dispatched']) {
      for (const t of tickets.filter((x) => x.kind !== 'complaint' && events.get(x.id)!.some((e) => e.type === type)).slice(0, 2))
        sample.set(t.id, t);
    }
    // Complaints are left out: their life now includes what complaints/ writes beside the loop (the
    // complaint_filed event, a ruling, replies), which the demo season does not generate yet.
    for (const t of tickets.filter((x) => x.kind !== 'repair' && x.kind !== 'complaint').slice(0, 4)) sample.set(t.id, t);
    for (const t of tickets.filter((x) => x.status !== 'closed' && x.kind !== 'complaint').slice(0, 4)) sample.set(t.id, t);
    expect(sample.size).toBeGreaterThanOrEqual(10);

    const ignoredColumns = new Set(['id', 'number', 'repeat_of_id']);
    for (const original of sample.values()) {
      const history = events.get(original.id)!;
      const clock = manualClock(original.created_at);
      const input = createTicketBody.parse({
        kind: original.kind,
        channel: original.channel,
        categoryCode: original.category_code,
        description: original.description,
        ...(original.premise_id ? { premiseId: original.premise_id } : { address: original.address }),
        contact: { name: original.contact_name, phone: original.contact_phone },
        receivedAt: original.received_at.toISOString(),
        ...(original.source_body && { source: { body: original.source_body, reference: original.source_ref } }),
      });
      const { ticket } = await createTicket({ db, clock, actor: actorOf(original.first_contact_user_id!) }, input);
      for (const e of stepsOf(history)) {
        clock.set(e.at);
        await performAction({ db, clock, actor: actorOf(e.actor_id!) }, ticket.id, inputOf(e));
      }
      const replayed = await db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
      const strip = (row: TicketRow) => Object.fromEntries(Object.entries(row).filter(([k]) => !ignoredColumns.has(k)));
      expect(strip(replayed), original.number).toEqual(strip(original));
      const replayedEvents = await db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticket.id).orderBy('seq').execute();
      const view = (rows: TicketEventRow[]) =>
        rows.map((e) => {
          const { repeatOf: _r, ...data } = e.data as Record<string, unknown>;
          return { seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor_id, note: e.note, data, attachments: e.attachments };
        });
      expect(view(replayedEvents), original.number).toEqual(view(history));
    }
  });

  it('the KPI summary of the season has figures for the group and for a company', async () => {
    const tenant = await db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    const from = seasonStart(new Date(NOW), 'Asia/Shanghai');
    const group = await kpiSummary(db, tenant.id, '/', from, new Date(NOW));
    for (const rate of [group.onTime, group.satisfaction, group.callback, group.repeat]) {
      expect(rate.denominator).toBeGreaterThan(0);
      expect(rate.rate).not.toBeNull();
    }
    expect(group.onTime.rate!).toBeLessThan(1);
    expect(group.repeat.numerator).toBeGreaterThan(0);
    const heping = await db.selectFrom('units').select('path').where('code', '=', 'heping').executeTakeFirstOrThrow();
    const company = await kpiSummary(db, tenant.id, heping.path, from, new Date(NOW));
    expect(company.onTime.denominator).toBeGreaterThan(0);
    expect(company.onTime.denominator).toBeLessThan(group.onTime.denominator);
  });
});
