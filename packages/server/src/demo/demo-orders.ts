import { randomUUID } from 'node:crypto';
import { ANSWERABLE_KINDS, type Kind } from '../catalog/kinds.js';
import type { TicketRow } from '../db/schema.js';
import { zonedDayKey, zonedParts } from '../shared/time.js';
import type { Deadlines } from '../sla/deadlines.js';
import type { NewEvent } from '../tickets/ticket.repo.js';
import type { ActionInput } from '../tickets/ticket.schema.js';
import { CALLBACK_NOTES, DESCRIPTIONS, RESOLUTIONS, RETURN_REASONS, SUSPEND_REASONS } from './demo-data.js';
import { type DemoCompany, type DemoOrg, type DemoStaff, mobile, personName } from './demo-org.js';
import type { DemoCustomer, DemoPremise } from './demo-premises.js';
import { type SimStep, simulate, type UnitPaths } from './order-simulator.js';
import type { Random } from './random.js';

export type DemoCategory = {
  id: string;
  code: string;
  kind: string;
  default_priority: TicketRow['priority'];
  routing_unit_id: string | null;
};

export type OrderPlanInput = {
  rng: Random;
  org: DemoOrg;
  premises: DemoPremise[];
  customers: DemoCustomer[];
  tenant: { id: string; ticketPrefix: string; timeZone: string; repeatWindowDays: number };
  root: { id: string; path: string };
  categories: DemoCategory[];
  /** The deadlines createTicket would set, or null when the demo should not use the category. */
  deadlines: (category: DemoCategory, priority: string, areaTier: string, receivedAt: Date) => Deadlines;
  unitPath: UnitPaths;
  from: Date;
  now: Date;
  count: number;
};

export type PlannedOrder = { ticket: TicketRow; events: NewEvent[] };

// How often each category is called in, as in a heating season's first weeks.
const CATEGORY_WEIGHTS: Record<string, number> = {
  'heating-cold': 52,
  leak: 12,
  'pipe-accident': 2,
  'equipment-accident': 1,
  'service-complaint': 6,
  'misconduct-report': 1,
  consultation: 13,
  billing: 8,
  suggestion: 3,
  praise: 2,
};

const SATISFACTION: Array<readonly [number, number]> = [
  [5, 66],
  [4, 22],
  [3, 6],
  [2, 4],
  [1, 2],
];

const hourWeight = (h: number) => (h < 6 ? 0.15 : h === 6 ? 0.5 : h < 10 ? 1.4 : h < 18 ? 1 : h < 22 ? 1.2 : 0.4);
const dayWeight = (d: number) => (d < 3 ? 2 : d >= 9 && d <= 12 ? 1.6 : 1);

/** Times of receipt spread over the season: busier in the first days and a cold snap, in the morning and evening. */
function receiptTimes(rng: Random, from: Date, now: Date, count: number, timeZone: string): Date[] {
  const span = now.getTime() - from.getTime();
  const times: Date[] = [];
  while (times.length < count) {
    const t = new Date(from.getTime() + Math.floor(rng.next() * span));
    const w = hourWeight(zonedParts(t, timeZone).hour) * dayWeight(Math.floor((t.getTime() - from.getTime()) / 86_400_000));
    if (rng.next() * 2.8 < w) times.push(t);
  }
  return times.sort((a, b) => a.getTime() - b.getTime());
}

const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

/** Plans a season of orders and runs each through the loop up to `now`. */
export function planOrders(input: OrderPlanInput): { orders: PlannedOrder[]; counters: Map<string, number> } {
  const { rng, org, tenant, categories } = input;
  const weights = categories.filter((c) => CATEGORY_WEIGHTS[c.code]).map((c) => [c.code, CATEGORY_WEIGHTS[c.code]!] as const);
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const customersOf = new Map<string, DemoCustomer[]>();
  for (const c of input.customers) customersOf.set(c.premise_id, [...(customersOf.get(c.premise_id) ?? []), c]);
  const _companyOf = (unitPath: string) => org.companies.find((c) => unitPath.startsWith(c.path));

  const counters = new Map<string, number>();
  const latest = new Map<string, { id: string; number: string; at: Date }>();
  const recentRepairs: Array<{ premise: DemoPremise; code: string; at: Date }> = [];
  const orders: PlannedOrder[] = [];

  for (const receivedAt of receiptTimes(rng, input.from, input.now, input.count, tenant.timeZone)) {
    const category = byCode.get(rng.weighted(weights))!;
    const kind = category.kind as Kind;
    const isRepair = kind === 'repair';

    // A household that called about the same fault recently calls again now and then (重复报修).
    const windowStart = receivedAt.getTime() - tenant.repeatWindowDays * 86_400_000;
    while (recentRepairs.length && recentRepairs[0]!.at.getTime() < windowStart) recentRepairs.shift();
    const again = isRepair && recentRepairs.length > 0 && rng.chance(0.1) ? rng.pick(recentRepairs) : undefined;
    const premise =
      again && again.code === category.code ? again.premise : kind === 'consultation' && rng.chance(0.15) ? null : rng.pick(input.premises);
    const company: DemoCompany = premise?.node.company ?? rng.pick(org.companies);

    const channel = rng.weighted<TicketRow['channel']>(
      kind === 'complaint' || kind === 'misconduct'
        ? [
            ['hotline', 60],
            ['escalated', 25],
            ['web', 10],
            ['app', 5],
          ]
        : [
            ['hotline', 72],
            ['window', 8],
            ['web', 7],
            ['app', 6],
            ['sms', 3],
            ['escalated', isRepair ? 2 : 0],
          ],
    );
    const firstContact = channel === 'window' ? company.clerk : rng.pick(org.agents);
    const customer = premise ? customersOf.get(premise.id)?.[0] : undefined;
    const unitId = category.routing_unit_id ?? premise?.unit_id ?? firstContact.unitId;
    const unitPath = input.unitPath(unitId);
    const priority = category.default_priority;
    const areaTier = premise?.area_tier ?? 'urban';
    const d = input.deadlines(category, priority, areaTier, receivedAt);
    const key = premise ? `${premise.id}|${category.id}` : '';
    const prior = key ? latest.get(key) : undefined;
    const repeatOf = prior && prior.at.getTime() >= windowStart && tenant.repeatWindowDays > 0 ? prior : undefined;
    const day = zonedDayKey(receivedAt, tenant.timeZone);
    const seq = (counters.get(day) ?? 0) + 1;
    counters.set(day, seq);
    const source =
      channel === 'escalated'
        ? { body: rng.pick(['12345', 'regulator', 'provincial_hotline'] as const), reference: `ZB${day}${String(seq).padStart(4, '0')}` }
        : undefined;
    const description = rng.pick(DESCRIPTIONS[category.code] ?? ['来电反映问题']);

    const created: TicketRow = {
      tenant_id: tenant.id,
      id: randomUUID(),
      number: `${tenant.ticketPrefix}-${day}-${String(seq).padStart(4, '0')}`,
      kind,
      channel,
      status: 'new',
      suspended_from: null,
      category_id: category.id,
      category_code: category.code,
      priority,
      premise_id: premise?.id ?? null,
      address: premise?.address ?? `${company.seed.district}${rng.pick(company.seed.communities)}附近`,
      area_tier: areaTier,
      contact_name: customer?.name ?? personName(rng),
      contact_phone: customer?.phone ?? mobile('133', 50_000_000 + orders.length),
      description,
      unit_id: unitId,
      unit_path: unitPath,
      assignee_id: null,
      first_contact_user_id: firstContact.id,
      dispatched_from_unit_id: null,
      source_body: source?.body ?? null,
      source_ref: source?.reference ?? null,
      received_at: receivedAt,
      created_at: receivedAt,
      updated_at: receivedAt,
      respond_by: d.respondBy,
      arrive_by: d.arriveBy,
      resolve_by: d.resolveBy,
      responded_at: null,
      arrived_at: null,
      resolved_at: null,
      closed_at: null,
      suspended_at: null,
      late: false,
      repeat_of_id: repeatOf?.id ?? null,
      satisfaction: null,
      callback_at: null,
      reopen_count: 0,
      repeat_calls: 0,
      duplicate_of_id: null,
      event_count: 1,
      hidden_from_path: null,
    };
    const createdEvent: NewEvent = {
      type: 'created',
      at: receivedAt,
      actorId: firstContact.id,
      note: description,
      data: { channel, unitId, ...(source && { source }), ...(repeatOf && { repeatOf: { id: repeatOf.id, number: repeatOf.number } }) },
      attachments: [],
    };

    let steps = planSteps(rng, { kind, code: category.code, areaTier, receivedAt, firstContact, company, premise, org, root: input.root });
    // Of the last day and a half, half the orders are still waiting at some stage of the loop.
    if (input.now.getTime() - receivedAt.getTime() < 36 * 3_600_000 && rng.chance(0.5))
      steps = steps.slice(0, rng.int(0, steps.length - 1));
    const run = simulate(created, steps, input.now, input.unitPath);
    orders.push({ ticket: run.ticket, events: [createdEvent, ...run.events] });
    if (key) latest.set(key, { id: created.id, number: created.number, at: receivedAt });
    if (premise && isRepair) recentRepairs.push({ premise, code: category.code, at: receivedAt });
  }
  return { orders, counters };
}

type StepContext = {
  kind: Kind;
  code: string;
  areaTier: string;
  receivedAt: Date;
  firstContact: DemoStaff;
  company: DemoCompany;
  premise: DemoPremise | null;
  org: DemoOrg;
  root: { id: string; path: string };
};

/** The whole life an order would have, step by step; the caller keeps what happened by now. */
function planSteps(rng: Random, c: StepContext): SimStep[] {
  const steps: SimStep[] = [];
  let at = c.receivedAt;
  const step = (minutes: number, who: DemoStaff, input: ActionInput) => {
    at = plus(at, minutes);
    steps.push({ at, actorId: who.id, actorUnitId: who.unitId, input });
  };
  const caller = () => (c.firstContact.role === 'hotline_agent' && rng.chance(0.3) ? rng.pick(c.org.supervisors) : c.firstContact);
  const satisfaction = (bias = 0) => Math.min(5, rng.weighted(SATISFACTION) + bias);

  if (c.kind === 'repair' && c.premise) {
    const station = c.premise.node.station;
    const dispatcher = c.company.dispatcher;
    const accident = c.code.endsWith('accident');
    const travel = accident ? 7 : c.areaTier === 'remote' ? 45 : c.areaTier === 'rural' ? 30 : 14;
    let team = rng.pick(station.teams);
    let crew = rng.pick(team.crews);
    const otherTeam = () => station.teams.find((t) => t.id !== team.id) ?? team;

    step(rng.minutes(accident ? 1 : 3, 0.5), c.firstContact, { action: 'accept' });
    step(rng.minutes(accident ? 1 : 4, 0.5), dispatcher, { action: 'dispatch', unitId: team.id, assigneeId: crew.id });
    const detour = rng.next();
    if (detour < 0.04) {
      // The dispatcher moves it to the other team, whose crew picks it up.
      team = otherTeam();
      crew = rng.pick(team.crews);
      step(rng.minutes(10), dispatcher, { action: 'transfer', unitId: team.id });
      step(rng.minutes(5), crew, { action: 'take' });
    } else if (detour < 0.07) {
      // The crew hands it back; the dispatcher sends the other team.
      step(rng.minutes(4), crew, { action: 'take' });
      step(rng.minutes(10), crew, { action: 'return', reason: rng.pick(RETURN_REASONS) });
      team = otherTeam();
      crew = rng.pick(team.crews);
      step(rng.minutes(8), dispatcher, { action: 'dispatch', unitId: team.id, assigneeId: crew.id });
      step(rng.minutes(4), crew, { action: 'take' });
    } else {
      step(rng.minutes(accident ? 1 : 3, 0.5), crew, { action: 'take' });
    }
    step(rng.minutes(travel, 0.45), crew, { action: 'arrive' });
    if (rng.chance(0.07)) {
      step(rng.minutes(20), crew, { action: 'suspend', reason: rng.pick(SUSPEND_REASONS) });
      step(rng.minutes(420, 0.6), crew, { action: 'resume' });
    }
    step(rng.minutes(accident ? 200 : 50, 0.6), crew, { action: 'resolve', note: rng.pick(RESOLUTIONS.repair!) });
    const first = satisfaction();
    step(rng.minutes(240, 0.8), caller(), { action: 'callback', satisfaction: first, note: CALLBACK_NOTES[first] ?? undefined });
    if (first <= 2) {
      // Reopened to the same crew; the second visit settles it.
      step(rng.minutes(60, 0.6), crew, { action: 'take' });
      step(rng.minutes(travel, 0.45), crew, { action: 'arrive' });
      step(rng.minutes(60, 0.6), crew, { action: 'resolve', note: rng.pick(RESOLUTIONS.repair!) });
      const second = rng.pick([4, 5]);
      step(rng.minutes(240, 0.8), caller(), { action: 'callback', satisfaction: second, note: CALLBACK_NOTES[second] ?? undefined });
    }
    return steps;
  }

  const answerable = ANSWERABLE_KINDS.includes(c.kind);
  if (answerable && rng.chance(c.kind === 'billing' ? 0.6 : 0.85)) {
    step(rng.minutes(3, 0.6), c.firstContact, { action: 'close', note: '已当场答复' });
    return steps;
  }
  // Complaints, reports and desk questions needing work go from the group to the company concerned.
  const manager = c.company.manager;
  step(rng.minutes(5, 0.6), c.firstContact, { action: 'accept' });
  step(rng.minutes(25, 0.6), c.org.groupDispatcher, { action: 'dispatch', unitId: c.company.id, assigneeId: manager.id });
  step(rng.minutes(60, 0.6), manager, { action: 'take' });
  step(rng.minutes(600, 0.7), manager, { action: 'resolve', note: rng.pick(RESOLUTIONS.desk!) });
  const supervisor = rng.pick(c.org.supervisors);
  const first = satisfaction(c.kind === 'complaint' ? -1 : 0);
  const bounded = Math.max(1, first);
  step(rng.minutes(600, 0.7), supervisor, { action: 'callback', satisfaction: bounded, note: CALLBACK_NOTES[bounded] ?? undefined });
  if (bounded <= 2) {
    step(rng.minutes(120, 0.6), manager, { action: 'take' });
    step(rng.minutes(600, 0.7), manager, { action: 'resolve', note: rng.pick(RESOLUTIONS.desk!) });
    step(rng.minutes(600, 0.7), supervisor, { action: 'callback', satisfaction: 4, note: CALLBACK_NOTES[4] ?? undefined });
  }
  return steps;
}
