import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { type NewEvent, recordChange } from '../tickets/ticket.repo.js';
import { createUrging } from './escalation.js';
import { loadSlaSettings, timerState } from './timer.repo.js';
import { nextDue, nextStep, type SlaSettings, type TimerState } from './timer-rules.js';

/**
 * Fires what is due on the order clocks: a warning, a breach (recorded once, the order marked
 * late, the station manager urged) or the next escalation. Claims due timers through their index
 * with FOR UPDATE SKIP LOCKED, so several workers share the work and none fires a step twice;
 * an order locked by a user's action is skipped this round and picked up on the next.
 * Returns the number of timers handled.
 */
export async function sweepTimers(db: Kysely<DB>, clock: Clock, batch = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const timers = await trx
      .selectFrom('ticket_timers')
      .selectAll()
      .where('next_due', '<=', now)
      .orderBy('next_due')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (timers.length === 0) return 0;
    const ticketIds = [...new Set(timers.map((t) => t.ticket_id))];
    const tickets = await trx
      .selectFrom('tickets')
      .select(['id', 'tenant_id', 'number', 'unit_path', 'event_count', 'late'])
      .where('id', 'in', ticketIds)
      .forUpdate()
      .skipLocked()
      .execute();
    const byId = new Map(tickets.map((t) => [t.id, { ...t, events: [] as NewEvent[] }]));
    const settings = new Map<string, SlaSettings>();
    let handled = 0;

    for (const row of timers) {
      const ticket = byId.get(row.ticket_id);
      if (!ticket) continue;
      let s = settings.get(row.tenant_id);
      if (!s) {
        s = await loadSlaSettings(trx, row.tenant_id);
        settings.set(row.tenant_id, s);
      }
      const state: TimerState = timerState(row);
      let step = nextStep(state, s);
      const data = { clock: row.clock, deadline: row.deadline.toISOString() };
      if (step?.step === 'warn' && row.deadline.getTime() <= now.getTime()) {
        // Too late to warn (the worker was down, or the order was filed late): go straight to the breach.
        state.warnedAt = now;
        step = nextStep(state, s);
      }
      if (step && step.at.getTime() <= now.getTime()) {
        if (step.step === 'warn') {
          state.warnedAt = now;
          ticket.events.push({ type: 'sla_warning', at: now, actorId: null, data: { ...data, share: s.warnShare } });
        } else {
          const level = step.step === 'breach' ? 1 : state.escalationLevel + 1;
          if (step.step === 'breach') {
            state.breachedAt = now;
            ticket.events.push({
              type: 'sla_breached',
              at: now,
              actorId: null,
              data: { ...data, lateBySeconds: Math.round((now.getTime() - row.deadline.getTime()) / 1000) },
            });
          }
          const urging = await createUrging(trx, {
            tenantId: row.tenant_id,
            ticketId: ticket.id,
            ticketNumber: ticket.number,
            unitPath: ticket.unit_path,
            clock: row.clock,
            level,
            at: now,
          });
          state.escalationLevel = urging.level;
          state.escalatedAt = now;
          ticket.events.push({
            type: 'urged',
            at: now,
            actorId: null,
            data: { ...data, level: urging.level, unitId: urging.unitId, urgingId: urging.id },
          });
        }
      }
      handled++;
      await trx
        .updateTable('ticket_timers')
        .set({
          warned_at: state.warnedAt,
          breached_at: state.breachedAt,
          escalation_level: state.escalationLevel,
          escalated_at: state.escalatedAt,
          next_due: nextDue(state, s),
        })
        .where('ticket_id', '=', row.ticket_id)
        .where('clock', '=', row.clock)
        .execute();
    }

    for (const t of byId.values()) {
      if (t.events.length === 0) continue;
      // A breach marks the order late for good.
      const breached = t.events.some((e) => e.type === 'sla_breached');
      await recordChange(trx, t, breached ? { late: true } : {}, t.events);
    }
    return handled;
  });
}
