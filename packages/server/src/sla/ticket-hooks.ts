import type { Kysely } from 'kysely';
import type { DB, TicketRow } from '../db/schema.js';
import { linkTicketToNotices } from '../notices/notice-link.js';
import { enqueueMessages, type NewMessage } from '../notify/outbox.repo.js';
import type { TemplateName } from '../notify/templates.js';
import { appendEvents } from '../tickets/ticket.repo.js';
import { loadSlaSettings, syncTimers } from './timer.repo.js';

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

/**
 * What follows the filing of an order, in its transaction: its clocks start, it is linked to any
 * active notice covering its premise (an event in its timeline), and the household is told the
 * tracking code. Returns the number of events appended after the 'created' one.
 */
export async function afterTicketCreated(db: Kysely<DB>, t: TicketRow): Promise<number> {
  const settings = await loadSlaSettings(db, t.tenant_id);
  await syncTimers(db, t, settings, true);
  const linked = await linkTicketToNotices(db, t, t.created_at);
  if (linked.length) {
    await appendEvents(
      db,
      t,
      t.event_count,
      linked.map((n) => ({
        type: 'linked_to_notice',
        at: t.created_at,
        actorId: null,
        data: { noticeId: n.id, title: n.title, kind: n.kind },
      })),
    );
    await db
      .updateTable('tickets')
      .set({ event_count: t.event_count + linked.length })
      .where('id', '=', t.id)
      .execute();
  }
  if (t.contact_phone) await enqueueMessages(db, [householdMessage(t, settings.orgName, 'order_received', t.created_at, 1)]);
  return linked.length;
}

/**
 * What follows a step of the order, in its transaction: the clocks follow the order (met, paused,
 * shifted after a pause), and the household hears that the crew is on the way or that the work is
 * done, with the callback survey.
 */
export async function afterTicketAction(db: Kysely<DB>, before: TicketRow, after: TicketRow, action: string): Promise<void> {
  const settings = await loadSlaSettings(db, after.tenant_id);
  await syncTimers(db, after, settings);
  const templates: TemplateName[] = action === 'take' ? ['crew_on_the_way'] : action === 'resolve' ? ['resolved', 'callback_survey'] : [];
  if (templates.length === 0 || !after.contact_phone) return;
  const org = settings.orgName;
  await enqueueMessages(
    db,
    templates.map((tpl) => householdMessage(after, org, tpl, after.updated_at, before.event_count + 1)),
  );
}
