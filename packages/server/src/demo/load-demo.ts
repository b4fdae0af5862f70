import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { hashPassword } from '../auth/password.js';
import { findTargets } from '../catalog/catalog.repo.js';
import type { DB, TicketRow } from '../db/schema.js';
import { createTenant } from '../org/tenant.service.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { zonedParts, zoneOffsetMinutes } from '../shared/time.js';
import type { Calendar } from '../sla/calendar.js';
import { loadCalendar } from '../sla/calendar.repo.js';
import { computeDeadlines, type Targets } from '../sla/deadlines.js';
import { loadSlaSettings } from '../sla/timer.repo.js';
import { CLOCKS, nextDue } from '../sla/timer-rules.js';
import { flushAddressIndex } from '../territory/premise.repo.js';
import { recordHistories } from '../tickets/ticket.repo.js';
import { GROUP_NAME } from './demo-data.js';
import { type DemoCategory, type PlannedOrder, planOrders } from './demo-orders.js';
import { planOrganisation } from './demo-org.js';
import { planPremises } from './demo-premises.js';
import { Random } from './random.js';

/** The one password of every demo staff account except admin (documented in the README). */
export const DEMO_PASSWORD = 'warmline-demo';
export type DemoSize = { premises: number; orders: number };
export const FULL_DEMO: DemoSize = { premises: 20_000, orders: 4_000 };

export type DemoOptions = {
  adminPassword?: string;
  log: (m: string) => void;
  clock?: Clock;
  size?: DemoSize;
  seed?: number;
};
export type DemoResult = { created: boolean; generatedPassword?: string; tenantId?: string };

/** Insert rows in chunks that stay under PostgreSQL's 65,535 bind parameters. */
async function insertChunked<T>(rows: T[], chunk: number, write: (part: T[]) => Promise<unknown>, progress?: (done: number) => void) {
  for (let i = 0; i < rows.length; i += chunk) {
    await write(rows.slice(i, i + chunk));
    progress?.(Math.min(i + chunk, rows.length));
  }
}

/**
 * The start of the heating season (1 November, local midnight) that `now` falls in; when that
 * was less than a day ago, the season before, so there is always history to show.
 * @example seasonStart(new Date('2026-11-21T02:00:00Z'), 'Asia/Shanghai') // 2026-10-31T16:00:00.000Z
 */
export function seasonStart(now: Date, timeZone: string): Date {
  const start = (year: number) => new Date(Date.UTC(year, 10, 1) - zoneOffsetMinutes(new Date(Date.UTC(year, 10, 1)), timeZone) * 60_000);
  const { year } = zonedParts(now, timeZone);
  let s = start(year);
  if (now.getTime() - s.getTime() < 86_400_000) s = start(year - 1);
  return s;
}

/**
 * Loads the demo tenant into an empty database (WARMLINE_DEMO=1): the nine companies of a city
 * heating group with stations, teams and staff for every role, ~20,000 households on
 * heat-exchange stations, and a season of orders since 1 November at every stage of the loop.
 * Does nothing when any tenant exists. Everything is written in one transaction.
 * Returns the admin password when it had to generate one, for the caller to print once.
 */
export async function loadDemoIfEmpty(db: Kysely<DB>, opts: DemoOptions): Promise<DemoResult> {
  if (await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst()) return { created: false };
  const clock = opts.clock ?? systemClock;
  const size = opts.size ?? FULL_DEMO;
  const rng = new Random(opts.seed ?? 26);
  const log = opts.log;
  const started = Date.now();
  const password = opts.adminPassword ?? randomBytes(12).toString('base64url');
  log(`demo: loading ${size.premises} households and ${size.orders} orders`);

  const tenantId = await db.transaction().execute(async (trx) => {
    const { tenantId, rootUnitId } = await createTenant(trx, { code: 'demo', name: GROUP_NAME, groupName: GROUP_NAME, ticketPrefix: 'RX' });
    const tenant = await trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
    const root = { id: rootUnitId, path: `/${rootUnitId}/` };

    // Organisation and staff. Staff share one password, so it is hashed once.
    const org = planOrganisation(rng, rootUnitId, size.premises);
    await trx
      .insertInto('units')
      .values(
        org.units.map((u) => ({
          tenant_id: tenantId,
          id: u.id,
          parent_id: u.parentId,
          kind: u.kind,
          code: u.code,
          name: u.name,
          path: u.path,
        })),
      )
      .execute();
    const [staffHash, adminHash] = await Promise.all([hashPassword(DEMO_PASSWORD), hashPassword(password)]);
    const users = [
      {
        id: undefined,
        username: 'admin',
        displayName: '系统管理员',
        role: 'admin' as const,
        unitId: rootUnitId,
        phone: null as string | null,
        hash: adminHash,
      },
      ...org.staff.map((s) => ({ ...s, hash: staffHash })),
    ];
    await trx
      .insertInto('users')
      .values(
        users.map((u) => ({
          tenant_id: tenantId,
          id: u.id ?? crypto.randomUUID(),
          username: u.username,
          display_name: u.displayName,
          password_hash: u.hash,
          role: u.role,
          unit_id: u.unitId,
          phone: u.phone,
          created_at: clock.now(),
        })),
      )
      .execute();
    await trx
      .insertInto('network_nodes')
      .values(
        org.nodes.map((n) => ({
          tenant_id: tenantId,
          id: n.id,
          kind: 'heat_exchange_station',
          code: n.code,
          name: n.name,
          unit_id: n.unitId,
        })),
      )
      .execute();
    log(
      `demo: ${org.companies.length} companies, ${org.units.length} units, ${users.length} users, ${org.nodes.length} heat-exchange stations`,
    );

    // Households and their customers.
    const { premises, customers } = planPremises(rng, org, size.premises);
    const now = clock.now();
    await insertChunked(
      premises,
      1000,
      (part) =>
        trx
          .insertInto('premises')
          .values(part.map(({ node: _node, ...p }) => ({ ...p, tenant_id: tenantId, created_at: now, updated_at: now })))
          .execute(),
      (done) => log(`demo: households ${done}/${premises.length} (${Math.round((done / premises.length) * 100)}%)`),
    );
    await insertChunked(customers, 2000, (part) =>
      trx
        .insertInto('customers')
        .values(part.map((c) => ({ ...c, tenant_id: tenantId, created_at: now })))
        .execute(),
    );
    await flushAddressIndex(trx);
    log(`demo: ${customers.length} customers`);

    // A season of orders, with the deadlines createTicket would give them.
    const categories = (await trx
      .selectFrom('categories')
      .select(['id', 'code', 'kind', 'default_priority', 'routing_unit_id'])
      .where('tenant_id', '=', tenantId)
      .where('active', '=', true)
      .execute()) as DemoCategory[];
    const targets = new Map<string, { targets: Targets | null; calendar?: Calendar }>();
    for (const c of categories) {
      for (const tier of ['urban', 'rural', 'remote']) {
        const t = await findTargets(trx, tenantId, c.id, c.default_priority, tier);
        const needsCalendar =
          t &&
          ((t.calendarCode && t.calendarCode !== '24x7') ||
            t.respondWorkingDays != null ||
            t.arriveWorkingDays != null ||
            t.resolveWorkingDays != null);
        targets.set(`${c.id}|${tier}`, {
          targets: t,
          ...(needsCalendar && { calendar: await loadCalendar(trx, tenantId, t.calendarCode ?? '24x7', tenant.time_zone) }),
        });
      }
    }
    const unitPaths = new Map([[root.id, root.path], ...org.units.map((u) => [u.id, u.path] as const)]);
    const { orders, counters } = planOrders({
      rng,
      org,
      premises,
      customers,
      tenant: { id: tenantId, ticketPrefix: tenant.ticket_prefix, timeZone: tenant.time_zone, repeatWindowDays: tenant.repeat_window_days },
      root,
      categories,
      deadlines: (c, _priority, tier, at) => {
        const t = targets.get(`${c.id}|${tier}`)!;
        return computeDeadlines(t.targets, at, t.calendar);
      },
      unitPath: (id) => unitPaths.get(id)!,
      from: seasonStart(now, tenant.time_zone),
      now,
      count: size.orders,
    });
    await writeOrders(trx, orders, log);
    if (counters.size) {
      await trx
        .insertInto('ticket_counters')
        .values([...counters].map(([day, last]) => ({ tenant_id: tenantId, day, last })))
        .execute();
    }
    await writeTimers(
      trx,
      tenantId,
      orders.map((o) => o.ticket),
    );
    return tenantId;
  });
  // Fresh statistics, so the first look-ups and lists get good plans.
  await sql`ANALYZE`.execute(db);
  log(`demo: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; staff sign in with password "${DEMO_PASSWORD}"`);
  return { created: true, tenantId, ...(opts.adminPassword ? {} : { generatedPassword: password }) };
}

async function writeOrders(trx: Kysely<DB>, orders: PlannedOrder[], log: (m: string) => void) {
  const events = await recordHistories(trx, orders, (done) =>
    log(`demo: orders ${done}/${orders.length} (${Math.round((done / orders.length) * 100)}%)`),
  );
  log(`demo: ${events} order events`);
}

/** The clocks of each order as src/sla/timer.repo.ts keeps them after its last step. */
async function writeTimers(trx: Kysely<DB>, tenantId: string, tickets: TicketRow[]) {
  const settings = await loadSlaSettings(trx, tenantId);
  const rows = tickets.flatMap((t) =>
    CLOCKS.flatMap((clock) => {
      const deadline = clock === 'respond' ? t.respond_by : clock === 'arrive' ? t.arrive_by : t.resolve_by;
      if (!deadline) return [];
      const milestone = clock === 'respond' ? t.responded_at : clock === 'arrive' ? t.arrived_at : t.resolved_at;
      const metAt = milestone ?? (t.status === 'closed' ? (t.closed_at ?? t.updated_at) : null);
      const paused = t.status === 'suspended';
      const state = {
        startedAt: t.received_at,
        deadline,
        metAt,
        paused,
        warnedAt: null,
        breachedAt: null,
        escalationLevel: 0,
        escalatedAt: null,
        acknowledgedAt: null,
      };
      return [
        {
          tenant_id: tenantId,
          ticket_id: t.id,
          clock,
          started_at: t.received_at,
          deadline,
          met_at: metAt,
          paused,
          next_due: nextDue(state, settings),
        },
      ];
    }),
  );
  await insertChunked(rows, 4000, (part) => trx.insertInto('ticket_timers').values(part).execute());
}
