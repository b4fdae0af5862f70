import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { ComplaintTable, DB } from '../db/schema.js';
import { DEFAULT_MEASURES, DEFAULT_SUB_TYPES, type ListEntry } from './complaint.rules.js';

// complaints/ writes complaints, complaint_settings, complaint_replies and complaint_escalations;
// the orders themselves change only through tickets/.

export type ComplaintSettings = { hideUntilRuled: boolean; repeatWindowDays: number; subTypes: ListEntry[]; measures: ListEntry[] };

/** The tenant's complaint settings, or the defaults while it has saved none. */
export async function loadComplaintSettings(db: Kysely<DB>, tenantId: string): Promise<ComplaintSettings> {
  const row = await db.selectFrom('complaint_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) return { hideUntilRuled: true, repeatWindowDays: 90, subTypes: DEFAULT_SUB_TYPES, measures: DEFAULT_MEASURES };
  return {
    hideUntilRuled: row.hide_until_ruled,
    repeatWindowDays: row.repeat_window_days,
    subTypes: row.sub_types as ListEntry[],
    measures: row.measures as ListEntry[],
  };
}

export async function saveComplaintSettings(db: Kysely<DB>, tenantId: string, s: ComplaintSettings, by: string, at: Date) {
  const values = {
    hide_until_ruled: s.hideUntilRuled,
    repeat_window_days: s.repeatWindowDays,
    sub_types: JSON.stringify(s.subTypes),
    measures: JSON.stringify(s.measures),
    updated_at: at,
    updated_by: by,
  };
  await db
    .insertInto('complaint_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export type ComplaintRow = Selectable<ComplaintTable>;

export type NewComplaint = Omit<
  Insertable<ComplaintTable>,
  | 'investigator_id'
  | 'ruling'
  | 'ruling_note'
  | 'ruled_at'
  | 'ruled_by'
  | 'charged_unit_id'
  | 'charged_unit_path'
  | 'charged_user_ids'
  | 'measures'
  | 'due_warned_at'
  | 'due_breached_at'
>;

export async function insertComplaint(db: Kysely<DB>, c: NewComplaint): Promise<void> {
  await db.insertInto('complaints').values(c).execute();
}

export function findComplaint(db: Kysely<DB>, tenantId: string, ticketId: string, forUpdate = false) {
  let q = db.selectFrom('complaints').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * The latest earlier complaint of the same household (premise or phone) or about the same
 * subject, received since `since`: a repeat complaint is linked to it.
 */
export async function findEarlierComplaint(
  db: Kysely<DB>,
  tenantId: string,
  c: {
    ticketId: string;
    premiseId: string | null;
    phone: string;
    subjectTicketId: string | null;
    subjectUserId: string | null;
    subjectUnitId: string | null;
  },
  since: Date,
  until: Date,
): Promise<string | null> {
  const row = await db
    .selectFrom('tickets as t')
    .leftJoin('complaints as c', (j) => j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.ticket_id', '=', 't.id'))
    .select('t.id')
    .where('t.tenant_id', '=', tenantId)
    .where('t.kind', '=', 'complaint')
    .where('t.id', '!=', c.ticketId)
    .where('t.received_at', '>=', since)
    .where('t.received_at', '<=', until)
    .where((eb) =>
      eb.or([
        ...(c.premiseId ? [eb('t.premise_id', '=', c.premiseId)] : []),
        eb('t.contact_phone', '=', c.phone),
        ...(c.subjectTicketId ? [eb('c.subject_ticket_id', '=', c.subjectTicketId)] : []),
        ...(c.subjectUserId ? [eb('c.subject_user_id', '=', c.subjectUserId)] : []),
        ...(c.subjectUnitId ? [eb('c.subject_unit_id', '=', c.subjectUnitId)] : []),
      ]),
    )
    .orderBy('t.received_at', 'desc')
    .orderBy('t.created_at', 'desc')
    .orderBy('t.number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function recordRuling(
  db: Kysely<DB>,
  tenantId: string,
  ticketId: string,
  r: {
    ruling: string;
    note: string;
    at: Date;
    by: string | null;
    chargedUnitId: string | null;
    chargedUnitPath: string | null;
    chargedUserIds: string[];
    measures: string[];
  },
) {
  await db
    .updateTable('complaints')
    .set({
      ruling: r.ruling as ComplaintRow['ruling'],
      ruling_note: r.note,
      ruled_at: r.at,
      ruled_by: r.by,
      charged_unit_id: r.chargedUnitId,
      charged_unit_path: r.chargedUnitPath,
      charged_user_ids: JSON.stringify(r.chargedUserIds),
      measures: JSON.stringify(r.measures),
    })
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .execute();
}

export async function setInvestigator(db: Kysely<DB>, tenantId: string, ticketId: string, userId: string) {
  await db
    .updateTable('complaints')
    .set({ investigator_id: userId })
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .execute();
}

export function listReplies(db: Kysely<DB>, tenantId: string, ticketId: string) {
  return db
    .selectFrom('complaint_replies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('replied_at')
    .orderBy('recorded_at')
    .execute();
}

export async function insertReply(
  db: Kysely<DB>,
  r: {
    tenantId: string;
    ticketId: string;
    audience: 'complainant' | 'body';
    method: 'letter' | 'phone' | 'visit' | 'document';
    repliedAt: Date;
    content: string;
    accepted: boolean | null;
    attachments: string[];
    by: string;
    at: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('complaint_replies')
    .values({
      tenant_id: r.tenantId,
      id,
      ticket_id: r.ticketId,
      audience: r.audience,
      method: r.method,
      replied_at: r.repliedAt,
      content: r.content,
      accepted: r.accepted,
      attachments: JSON.stringify(r.attachments),
      recorded_by: r.by,
      recorded_at: r.at,
    })
    .execute();
  return id;
}

export function listEscalations(db: Kysely<DB>, tenantId: string, ticketId: string) {
  return db
    .selectFrom('complaint_escalations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('received_at')
    .execute();
}

export async function insertEscalation(
  db: Kysely<DB>,
  e: {
    tenantId: string;
    ticketId: string;
    body: string;
    reference: string;
    receivedAt: Date;
    dueAt: Date | null;
    written: boolean;
    by: string;
    at: Date;
  },
) {
  await db
    .insertInto('complaint_escalations')
    .values({
      tenant_id: e.tenantId,
      id: randomUUID(),
      ticket_id: e.ticketId,
      body: e.body,
      reference: e.reference,
      received_at: e.receivedAt,
      due_at: e.dueAt,
      written_reply_expected: e.written,
      recorded_by: e.by,
      recorded_at: e.at,
    })
    .execute();
  // The outside clock now follows the latest escalation's deadline, warned and breached afresh.
  await db
    .updateTable('complaints')
    .set((eb) => ({
      due_at: e.dueAt,
      due_warned_at: null,
      due_breached_at: null,
      written_reply_expected: sql<boolean>`${eb.ref('written_reply_expected')} OR ${e.written}`,
    }))
    .where('tenant_id', '=', e.tenantId)
    .where('ticket_id', '=', e.ticketId)
    .execute();
}

/** A unit of the tenant with its path, or undefined. */
export function unitOf(db: Kysely<DB>, tenantId: string, unitId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'path', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}

/** Active users of the tenant among `ids`, with their unit's path. */
export function activeUsers(db: Kysely<DB>, tenantId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'u.display_name', 'u.role', 'un.path', 'un.id as unit_id'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', 'in', ids)
    .where('u.disabled_at', 'is', null)
    .execute();
}
