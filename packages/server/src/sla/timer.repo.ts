import type { Kysely } from 'kysely';
import type { DB, TicketRow } from '../db/schema.js';
import { CLOCKS, type ClockName, nextDue, type SlaSettings, type TimerState } from './timer-rules.js';

export type TimerRow = Awaited<ReturnType<typeof lockTimersOf>>[number];

/** The tenant's warning share and escalation interval, with its name for messages. */
export async function loadSlaSettings(db: Kysely<DB>, tenantId: string): Promise<SlaSettings & { orgName: string }> {
  const t = await db
    .selectFrom('tenants')
    .select(['name', 'sla_warn_share', 'sla_escalate_minutes'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { warnShare: Number(t.sla_warn_share), escalateMinutes: t.sla_escalate_minutes, orgName: t.name };
}

export const timerState = (r: TimerRow): TimerState => ({
  startedAt: r.started_at,
  deadline: r.deadline,
  metAt: r.met_at,
  paused: r.paused,
  warnedAt: r.warned_at,
  breachedAt: r.breached_at,
  escalationLevel: r.escalation_level,
  escalatedAt: r.escalated_at,
  acknowledgedAt: r.acknowledged_at,
});

function lockTimersOf(db: Kysely<DB>, tenantId: string, ticketId: string) {
  return db
    .selectFrom('ticket_timers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .forUpdate()
    .execute();
}

const deadlineOf = (t: TicketRow, c: ClockName) => (c === 'respond' ? t.respond_by : c === 'arrive' ? t.arrive_by : t.resolve_by);
const milestoneOf = (t: TicketRow, c: ClockName) => (c === 'respond' ? t.responded_at : c === 'arrive' ? t.arrived_at : t.resolved_at);

/**
 * Brings an order's timers in line with the order itself, inside the caller's transaction (the
 * order is already locked): deadlines as the order has them (shifted after a pause), met when the
 * milestone is recorded or the order is closed, paused while suspended. Warnings, breaches and
 * escalations already recorded are kept, so nothing fires twice.
 */
export async function syncTimers(db: Kysely<DB>, t: TicketRow, settings: SlaSettings): Promise<void> {
  const existing = new Map((await lockTimersOf(db, t.tenant_id, t.id)).map((r) => [r.clock as ClockName, r]));
  for (const clock of CLOCKS) {
    const deadline = deadlineOf(t, clock);
    const row = existing.get(clock);
    if (!deadline) {
      if (row)
        await db
          .deleteFrom('ticket_timers')
          .where('tenant_id', '=', t.tenant_id)
          .where('ticket_id', '=', t.id)
          .where('clock', '=', clock)
          .execute();
      continue;
    }
    const metAt = milestoneOf(t, clock) ?? (t.status === 'closed' ? (t.closed_at ?? t.updated_at) : null);
    const state: TimerState = row
      ? { ...timerState(row), deadline, metAt, paused: t.status === 'suspended' }
      : {
          startedAt: t.received_at,
          deadline,
          metAt,
          paused: t.status === 'suspended',
          warnedAt: null,
          breachedAt: null,
          escalationLevel: 0,
          escalatedAt: null,
          acknowledgedAt: null,
        };
    const due = nextDue(state, settings);
    if (row) {
      const same =
        row.deadline.getTime() === deadline.getTime() &&
        (row.met_at?.getTime() ?? null) === (metAt?.getTime() ?? null) &&
        row.paused === state.paused &&
        (row.next_due?.getTime() ?? null) === (due?.getTime() ?? null);
      if (same) continue;
      await db
        .updateTable('ticket_timers')
        .set({ deadline, met_at: metAt, paused: state.paused, next_due: due })
        .where('tenant_id', '=', t.tenant_id)
        .where('ticket_id', '=', t.id)
        .where('clock', '=', clock)
        .execute();
    } else {
      await db
        .insertInto('ticket_timers')
        .values({
          tenant_id: t.tenant_id,
          ticket_id: t.id,
          clock,
          started_at: state.startedAt,
          deadline,
          met_at: metAt,
          paused: state.paused,
          next_due: due,
        })
        .execute();
    }
  }
}

/** The insert that starts the clocks of a new order (none when it has no deadlines), to run with the order's own. */
export function startTimers(db: Kysely<DB>, t: TicketRow, settings: SlaSettings) {
  const rows = CLOCKS.flatMap((clock) => {
    const deadline = deadlineOf(t, clock);
    if (!deadline) return [];
    const state: TimerState = {
      startedAt: t.received_at,
      deadline,
      metAt: milestoneOf(t, clock),
      paused: false,
      warnedAt: null,
      breachedAt: null,
      escalationLevel: 0,
      escalatedAt: null,
      acknowledgedAt: null,
    };
    return [
      {
        tenant_id: t.tenant_id,
        ticket_id: t.id,
        clock,
        started_at: t.received_at,
        deadline,
        met_at: state.metAt,
        next_due: nextDue(state, settings),
      },
    ];
  });
  return rows.length ? db.insertInto('ticket_timers').values(rows) : undefined;
}

/** The timers of an order, for its view. */
export function listTimers(db: Kysely<DB>, tenantId: string, ticketId: string) {
  return db.selectFrom('ticket_timers').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).execute();
}
