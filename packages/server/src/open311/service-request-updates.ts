import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { messagesFor } from '../portal/i18n.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { performAction } from '../tickets/perform-action.js';
import { findVisibleTicket, recordChange } from '../tickets/ticket.repo.js';
import type { Open311Client } from './api-key.service.js';
import { badInput, Open311Error, w3c } from './georeport.format.js';
import { withTables } from './open311.tables.js';
import { MAX_RESULTS } from './request.repo.js';
import { UNPUBLISHED_KINDS } from './service.repo.js';
import { type FormValue, isW3cDatetime } from './service-attributes.js';
import { systemActor } from './system-actor.js';

/** FixMyStreet's extended statuses (mySociety's Open311 extension), lower-case on output. */
export const EXTENDED_STATUSES = [
  'open',
  'closed',
  'fixed',
  'in_progress',
  'action_scheduled',
  'investigating',
  'duplicate',
  'not_councils_responsibility',
  'no_further_action',
  'internal_referral',
  'reopen',
  'for_triage',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];

// What each step of the loop means to a FixMyStreet installation.
const STATUS_OF_EVENT: Record<string, ExtendedStatus> = {
  created: 'open',
  accepted: 'open',
  dispatched: 'action_scheduled',
  transferred: 'action_scheduled',
  returned: 'action_scheduled',
  taken: 'in_progress',
  arrived: 'in_progress',
  resumed: 'in_progress',
  suspended: 'action_scheduled',
  resolved: 'fixed',
  closed: 'closed',
  reopened: 'reopen',
  // Closed as a duplicate of another order (issue 15, step 1).
  merged: 'duplicate',
};

/** Maps a ticket event type to a FixMyStreet status; null for events that change nothing public. */
export const extendedStatusOf = (eventType: string): ExtendedStatus | null => STATUS_OF_EVENT[eventType] ?? null;

/**
 * GET servicerequestupdates: the public steps of the tenant's published orders between two
 * instants, oldest first. Descriptions are the public step labels — never staff names or notes.
 */
export async function listUpdates(db: Kysely<DB>, tenantId: string, timeZone: string, from: Date, to: Date) {
  const rows = await withTables(db)
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select(['t.number', 'e.seq', 'e.type', 'e.at'])
    .where('e.tenant_id', '=', tenantId)
    .where('t.kind', 'not in', [...UNPUBLISHED_KINDS])
    .where('e.type', 'in', Object.keys(STATUS_OF_EVENT))
    .where('e.at', '>=', from)
    .where('e.at', '<=', to)
    .orderBy('e.at')
    .orderBy('e.seq')
    .limit(MAX_RESULTS + 1)
    .execute();
  const labels = messagesFor('zh-CN').event;
  return rows.map((r) => ({
    update_id: `${r.number}-${r.seq}`,
    service_request_id: r.number,
    status: extendedStatusOf(r.type)!,
    updated_datetime: w3c(r.at, timeZone),
    description: labels[r.type] ?? labels.other!,
    media_url: '',
  }));
}

const one = (v: FormValue) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * POST servicerequestupdates: a comment or status change from the client system, recorded in
 * the order's history. OPEN or REOPEN on a resolved or closed order reopens it, so a resident's
 * "still broken" on FixMyStreet sends the crew back. The same update_id twice is one update.
 */
export async function postUpdate(db: Kysely<DB>, clock: Clock, client: Open311Client, form: Record<string, FormValue>) {
  const number = one(form.service_request_id);
  const clientUpdateId = one(form.update_id);
  const status = one(form.status)?.toLowerCase();
  const updated = one(form.updated_datetime);
  const description = one(form.description);
  if (!number) throw badInput('service_request_id: was not provided');
  if (!clientUpdateId || clientUpdateId.length > 100) throw badInput('update_id: 1–100 characters required');
  if (!status || !(EXTENDED_STATUSES as readonly string[]).includes(status)) {
    throw badInput(`status: one of ${EXTENDED_STATUSES.map((s) => s.toUpperCase()).join(', ')}`);
  }
  if (!updated || !isW3cDatetime(updated)) throw badInput('updated_datetime: a W3C datetime with a time zone is required');
  if (!description || description.length > 2000) throw badInput('description: 1–2000 characters required');

  const t = withTables(db);
  const prior = await t
    .selectFrom('open311_updates as u')
    .innerJoin('tickets as tk', 'tk.id', 'u.ticket_id')
    .select(['tk.number', 'u.event_seq'])
    .where('u.client_id', '=', client.id)
    .where('u.client_update_id', '=', clientUpdateId)
    .executeTakeFirst();
  if (prior) return { updateId: `${prior.number}-${prior.event_seq}` };

  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'status', 'kind'])
    .where('tenant_id', '=', client.tenantId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!ticket || UNPUBLISHED_KINDS.includes(ticket.kind)) throw new Open311Error(404, `service_request_id: "${number}" not found`);

  const actor = await systemActor(db, client.tenantId, 'open311');
  if ((status === 'open' || status === 'reopen') && (ticket.status === 'resolved' || ticket.status === 'closed')) {
    try {
      await performAction({ db, actor, clock }, ticket.id, { action: 'reopen', reason: `${client.name}: ${description}`.slice(0, 4000) });
    } catch (e) {
      if (!(e instanceof AppError && e.status === 409)) throw e;
    }
  }
  const now = clock.now();
  const ticketId = ticket.id;
  const updateKey = clientUpdateId;
  const appendUpdate = () =>
    db.transaction().execute(async (trx) => {
      const row = await findVisibleTicket(trx, actor, ticketId, true);
      if (!row) throw new Open311Error(404, `service_request_id: "${number}" not found`);
      const next = await recordChange(trx, row, { updated_at: now }, [
        {
          type: 'open311_update',
          at: now,
          actorId: actor.userId,
          note: description,
          data: { client: client.name, updateId: clientUpdateId, status, updatedDatetime: updated },
        },
      ]);
      await withTables(trx)
        .insertInto('open311_updates')
        .values({
          tenant_id: client.tenantId,
          client_id: client.id,
          client_update_id: updateKey,
          ticket_id: row.id,
          event_seq: next,
          created_at: now,
        })
        .execute();
      return next;
    });
  const seq = await appendUpdate().catch(async (e: unknown) => {
    // The same update_id posted twice at once: the loser answers with the winner's update.
    if ((e as { code?: string }).code !== '23505') throw e;
    const winner = await t
      .selectFrom('open311_updates')
      .select('event_seq')
      .where('client_id', '=', client.id)
      .where('client_update_id', '=', clientUpdateId)
      .executeTakeFirstOrThrow();
    return winner.event_seq;
  });
  return { updateId: `${number}-${seq}` };
}
