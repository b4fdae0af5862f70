import type { Kysely } from 'kysely';
import type { DB, TicketRow } from '../db/schema.js';
import { enqueueMessages, enqueueStatement, type NewMessage } from '../notify/outbox.repo.js';
import type { TemplateName } from '../notify/templates.js';
import { cachedTenantConfig } from '../tickets/intake-config.js';
import type { CreationWrite, RecordedStep, TicketHandler } from '../tickets/ticket.handlers.js';
import { createSupervision } from './escalation.js';
import { loadSlaSettings, startTimers, syncTimers } from './timer.repo.js';

function householdMessage(t: TicketRow, org: string, template: TemplateName, at: Date, seq: number): NewMessage {
  return {
    tenantId: t.tenant_id,
    template,
    recipient: t.contact_phone,
    params: { org, number: t.number },
    dedupKey: `ticket:${t.id}:${template}:${seq}`,
    ticketId: t.id,
    at,
  };
}

/** What is written with a new order, in its statement: its clocks start and the household is told the tracking code. */
async function writtenWithNewTicket(db: Kysely<DB>, t: TicketRow): Promise<CreationWrite[]> {
  // The intake has just checked the kept configuration against the database's version.
  const settings = cachedTenantConfig(t.tenant_id)?.sla ?? (await loadSlaSettings(db, t.tenant_id));
  const writes: CreationWrite[] = [];
  const timers = startTimers(db, t, settings);
  if (timers) writes.push(timers);
  if (t.contact_phone) writes.push(enqueueStatement([householdMessage(t, settings.orgName, 'order_received', t.created_at, 1)]));
  return writes;
}

/**
 * What follows a step of the order, in its transaction: the clocks follow the order (met, paused,
 * shifted after a pause), and the household hears that the crew is on the way or that the work is
 * done, with the callback survey.
 */
async function afterTicketStep(db: Kysely<DB>, { before, after, action, events }: RecordedStep): Promise<undefined> {
  if (action === 'supervise') {
    // 督办 moves no clock: it reaches the unit holding the order as an urging to acknowledge.
    const e = events.find((x) => x.type === 'supervised')!;
    await createSupervision(db, {
      tenantId: after.tenant_id,
      ticketId: after.id,
      ticketNumber: after.number,
      unitId: after.unit_id,
      assigneeId: after.assignee_id,
      createdBy: e.actorId!,
      request: e.note ?? '',
      dueBy: new Date(String(e.data?.dueBy)),
      at: e.at,
    });
    return undefined;
  }
  const settings = await loadSlaSettings(db, after.tenant_id);
  await syncTimers(db, after, settings);
  const resolved = action === 'resolve' || action === 'resolve_by_notice';
  const templates: TemplateName[] = action === 'take' ? ['crew_on_the_way'] : resolved ? ['resolved', 'callback_survey'] : [];
  if (templates.length === 0 || !after.contact_phone) return undefined;
  const org = settings.orgName;
  await enqueueMessages(
    db,
    templates.map((tpl) => householdMessage(after, org, tpl, after.updated_at, before.event_count + 1)),
  );
  return undefined;
}

/** The order clocks and the household's messages, registered with tickets/ in src/modules.ts. */
export const slaTicketHandler: TicketHandler = { name: 'sla', creationWrites: writtenWithNewTicket, stepped: afterTicketStep };
