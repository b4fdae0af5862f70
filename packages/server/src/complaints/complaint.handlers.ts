import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB, TicketRow } from '../db/schema.js';
import { findRectificationFor, toRectificationOut } from '../rectification/rectification.repo.js';
import { fail } from '../shared/errors.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import { type ComplaintOut, complaintIntake, type Ruling } from '../tickets/complaint.schema.js';
import type { GuardedStep, TicketHandler } from '../tickets/ticket.handlers.js';
import { setHiddenFrom } from '../tickets/ticket.repo.js';
import type { CreateTicketInput } from '../tickets/ticket.schema.js';
import type { NewEvent } from '../tickets/ticket.transition.js';
import {
  activeUsers,
  type ComplaintRow,
  findComplaint,
  findEarlierComplaint,
  insertComplaint,
  listEscalations,
  listReplies,
  loadComplaintSettings,
  recordRuling,
  unitOf,
} from './complaint.repo.js';
import { mayRule, outsideClock } from './complaint.rules.js';

const VIA_OF_CHANNEL: Record<string, ComplaintRow['direct_via']> = {
  hotline: 'hotline',
  window: 'window',
  web: 'portal',
  app: 'portal',
  open311: 'portal',
  sms: 'hotline',
};

/** The complained-about unit of a new complaint, checked against the tenant: 422 naming the field. */
async function resolveSubject(trx: Kysely<DB>, tenantId: string, subject: ReturnType<typeof complaintIntake.parse>['subject']) {
  const none = { ticketId: null, userId: null, unitId: null, unitPath: null };
  switch (subject.type) {
    case 'service':
      return none;
    case 'order': {
      const t = await trx
        .selectFrom('tickets')
        .select(['id', 'unit_id', 'unit_path'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', subject.ticketId!)
        .executeTakeFirst();
      if (!t) fail('unknown_subject', 'complaint.subject.ticketId: no such order');
      return { ...none, ticketId: t.id, unitId: t.unit_id, unitPath: t.unit_path };
    }
    case 'staff': {
      const [u] = await activeUsers(trx, tenantId, [subject.userId!]);
      if (!u) fail('unknown_subject', 'complaint.subject.userId: no active user of that id');
      return { ...none, userId: u.id, unitId: u.unit_id, unitPath: u.path };
    }
    case 'unit': {
      const u = await unitOf(trx, tenantId, subject.unitId!);
      if (!u) fail('unknown_subject', 'complaint.subject.unitId: no such unit');
      return { ...none, unitId: u.id, unitPath: u.path };
    }
  }
}

/** Stores the complaint part of a new order of kind complaint (defaults when the channel sent none). */
async function complaintCreated(trx: Kysely<DB>, t: TicketRow, intake?: CreateTicketInput): Promise<NewEvent[] | undefined> {
  if (t.kind !== 'complaint') return;
  const c = complaintIntake.parse(intake?.complaint ?? {});
  const settings = await loadComplaintSettings(trx, t.tenant_id);
  if (!settings.subTypes.some((s) => s.code === c.subType && s.active)) {
    fail('unknown_sub_type', `complaint.subType: "${c.subType}" is not an active sub-type`);
  }
  const subject = await resolveSubject(trx, t.tenant_id, c.subject);
  if (c.dueAt && Date.parse(c.dueAt) <= t.received_at.getTime())
    fail('invalid_input', 'complaint.dueAt: must be after the time it was received');
  const since = new Date(t.received_at.getTime() - settings.repeatWindowDays * 86_400_000);
  const repeatOf =
    settings.repeatWindowDays > 0
      ? await findEarlierComplaint(
          trx,
          t.tenant_id,
          {
            ticketId: t.id,
            premiseId: t.premise_id,
            phone: t.contact_phone,
            subjectTicketId: subject.ticketId,
            subjectUserId: subject.userId,
            subjectUnitId: c.subject.type === 'unit' ? subject.unitId : null,
          },
          since,
          t.received_at,
        )
      : null;
  await insertComplaint(trx, {
    tenant_id: t.tenant_id,
    ticket_id: t.id,
    subject_type: c.subject.type,
    subject_ticket_id: subject.ticketId,
    subject_user_id: subject.userId,
    subject_unit_id: subject.unitId,
    subject_unit_path: subject.unitPath,
    sub_type: c.subType,
    direct_via: t.channel === 'escalated' ? null : (c.via ?? VIA_OF_CHANNEL[t.channel] ?? null),
    due_at: c.dueAt ? new Date(c.dueAt) : null,
    written_reply_expected: c.writtenReplyExpected,
    repeat_of_ticket_id: repeatOf,
    created_at: t.created_at,
  });
  const hidden = settings.hideUntilRuled && subject.unitPath ? subject.unitPath : null;
  if (hidden) await setHiddenFrom(trx, t, hidden);
  return [
    {
      type: 'complaint_filed',
      at: t.created_at,
      actorId: t.first_contact_user_id,
      data: {
        subject: { type: c.subject.type, ticketId: subject.ticketId, userId: subject.userId, unitId: subject.unitId },
        subType: c.subType,
        dueAt: c.dueAt ?? null,
        writtenReplyExpected: c.writtenReplyExpected,
        ...(repeatOf && { repeatOf }),
        ...(hidden && { hiddenFromSubjectUnit: true }),
      },
    },
  ];
}

/** A complaint filed before complaints/ existed (or by the demo loader) gets its row on first use. */
export async function ensureComplaint(trx: Kysely<DB>, t: TicketRow): Promise<ComplaintRow> {
  const found = await findComplaint(trx, t.tenant_id, t.id, true);
  if (found) return found;
  await insertComplaint(trx, {
    tenant_id: t.tenant_id,
    ticket_id: t.id,
    subject_type: 'service',
    subject_ticket_id: null,
    subject_user_id: null,
    subject_unit_id: null,
    subject_unit_path: null,
    sub_type: 'other',
    direct_via: t.channel === 'escalated' ? null : (VIA_OF_CHANNEL[t.channel] ?? null),
    due_at: null,
    written_reply_expected: false,
    repeat_of_ticket_id: null,
    created_at: t.created_at,
  });
  return (await findComplaint(trx, t.tenant_id, t.id, true))!;
}

/** Refuses a ruling that names what is not the tenant's, or that this manager may not give. */
async function guardRuling(trx: Kysely<DB>, { actor, ticket, input }: GuardedStep) {
  if (input.action !== 'rule') return;
  const c = await ensureComplaint(trx, ticket);
  const settings = await loadComplaintSettings(trx, ticket.tenant_id);
  let concerned = c.subject_unit_path ?? ticket.unit_path;
  if (input.chargedUnitId) {
    const unit = await unitOf(trx, ticket.tenant_id, input.chargedUnitId);
    if (!unit) fail('unknown_unit', 'chargedUnitId: no such unit in this organisation');
    concerned = unit.path;
    const ids = [...new Set(input.chargedUserIds ?? [])];
    const users = await activeUsers(trx, ticket.tenant_id, ids);
    const outside = ids.filter((id) => !users.some((u) => u.id === id && u.path.startsWith(unit.path)));
    if (outside.length) fail('unknown_user', `chargedUserIds: ${outside.join(', ')} is no active member of the charged unit`);
  }
  const unknown = (input.measures ?? []).filter((m) => !settings.measures.some((x) => x.code === m && x.active));
  if (unknown.length) fail('unknown_measure', `measures: ${unknown.join(', ')} is not an accountability measure of this organisation`);
  if (!mayRule(actor, concerned)) {
    fail('action_not_allowed', 'chargedUnitId: only quality supervisors, and managers above the charged unit, may rule');
  }
}

/** A complaint is resolved only once ruled and answered (in writing to the escalating body when it asked). */
async function guardResolution(trx: Kysely<DB>, { ticket, input }: GuardedStep) {
  if (input.action !== 'resolve' || ticket.kind !== 'complaint') return;
  const c = await ensureComplaint(trx, ticket);
  if (!c.ruling) fail('not_ruled', 'ruling: rule on the complaint before resolving it');
  const replies = await listReplies(trx, ticket.tenant_id, ticket.id);
  if (!replies.some((r) => r.audience === 'complainant')) fail('reply_missing', 'replies: no reply to the complainant is recorded');
  if (ticket.channel === 'escalated' && c.written_reply_expected && !replies.some((r) => r.audience === 'body')) {
    fail('reply_missing', 'replies: the escalating body expects a written reply');
  }
}

export const complaintTicketHandler: TicketHandler = {
  name: 'complaints',
  created: complaintCreated,
  async guard(trx, step) {
    await guardRuling(trx, step);
    await guardResolution(trx, step);
  },
  async stepped(trx, { after, action, events }) {
    if (action !== 'rule') return;
    const ruled = events.find((e) => e.type === 'ruled')!;
    const d = ruled.data as { ruling: Ruling; chargedUnitId: string | null; chargedUserIds: string[]; measures: string[] };
    const unit = d.chargedUnitId ? await unitOf(trx, after.tenant_id, d.chargedUnitId) : undefined;
    await recordRuling(trx, after.tenant_id, after.id, {
      ruling: d.ruling,
      note: ruled.note ?? '',
      at: ruled.at,
      by: ruled.actorId,
      chargedUnitId: d.chargedUnitId,
      chargedUnitPath: unit?.path ?? null,
      chargedUserIds: d.chargedUserIds,
      measures: d.measures,
    });
    return undefined;
  },
  async detail(db, actor, t, now) {
    if (t.kind !== 'complaint') return {};
    return { complaint: await complaintView(db, actor, t, now) };
  },
};

/** The complaint facet of one order as the API shows it. */
export async function complaintView(db: Kysely<DB>, actor: Actor, t: TicketRow, now: Date): Promise<ComplaintOut | null> {
  const c = await findComplaint(db, t.tenant_id, t.id);
  if (!c) return null;
  const tz = actor.timeZone;
  const [replies, escalations, names, tenant, hidden, rect] = await Promise.all([
    listReplies(db, t.tenant_id, t.id),
    listEscalations(db, t.tenant_id, t.id),
    subjectNames(db, c),
    db.selectFrom('tenants').select('sla_warn_share').where('id', '=', t.tenant_id).executeTakeFirstOrThrow(),
    // Read afresh: a new order's row was hidden by this module's own handler after it was built.
    db
      .selectFrom('tickets')
      .select('hidden_from_path')
      .where('tenant_id', '=', t.tenant_id)
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow(),
    findRectificationFor(db, t.tenant_id, 'complaint', t.id),
  ]);
  const escalated = t.channel === 'escalated' || escalations.length > 0;
  // The answer the outside clock waits for: to the body when escalated, recorded after the latest escalation.
  const since = escalations.at(-1)?.recorded_at.getTime() ?? Number.NEGATIVE_INFINITY;
  const answer = replies.find((r) => r.audience === (escalated ? 'body' : 'complainant') && r.recorded_at.getTime() > since);
  const last = escalations.at(-1);
  return {
    subject: {
      type: c.subject_type,
      ticketId: c.subject_ticket_id,
      ticketNumber: names.ticketNumber,
      userId: c.subject_user_id,
      userName: names.userName,
      unitId: c.subject_unit_id,
      unitName: names.unitName,
    },
    subType: c.sub_type,
    source: {
      type: t.channel === 'escalated' ? 'escalated' : 'direct',
      via: c.direct_via,
      body: t.source_body,
      reference: t.source_ref,
      receivedAt: toZonedIso(t.received_at, tz),
      dueAt: isoOrNull(c.due_at, tz),
      clock: outsideClock(last?.received_at ?? t.received_at, c.due_at, answer?.recorded_at ?? null, now, Number(tenant.sla_warn_share)),
      writtenReplyExpected: c.written_reply_expected,
    },
    investigatorId: c.investigator_id,
    ruling: c.ruling,
    rulingNote: c.ruling_note,
    ruledAt: isoOrNull(c.ruled_at, tz),
    ruledBy: c.ruled_by,
    chargedUnitId: c.charged_unit_id,
    chargedUserIds: c.charged_user_ids as string[],
    measures: c.measures as string[],
    rectification: rect ? toRectificationOut(rect, tz, now) : null,
    replies: replies.map((r) => ({
      id: r.id,
      audience: r.audience,
      method: r.method,
      repliedAt: toZonedIso(r.replied_at, tz),
      content: r.content,
      accepted: r.accepted,
      attachments: r.attachments as string[],
      recordedBy: r.recorded_by,
    })),
    escalations: escalations.map((e) => ({
      body: e.body,
      reference: e.reference,
      receivedAt: toZonedIso(e.received_at, tz),
      dueAt: isoOrNull(e.due_at, tz),
      writtenReplyExpected: e.written_reply_expected,
    })),
    repeatOfId: c.repeat_of_ticket_id,
    hiddenFromSubjectUnit: hidden.hidden_from_path !== null,
  };
}

async function subjectNames(db: Kysely<DB>, c: ComplaintRow) {
  const [ticket, user, unit] = await Promise.all([
    c.subject_ticket_id
      ? db
          .selectFrom('tickets')
          .select('number')
          .where('tenant_id', '=', c.tenant_id)
          .where('id', '=', c.subject_ticket_id)
          .executeTakeFirst()
      : undefined,
    c.subject_user_id
      ? db
          .selectFrom('users')
          .select('display_name')
          .where('tenant_id', '=', c.tenant_id)
          .where('id', '=', c.subject_user_id)
          .executeTakeFirst()
      : undefined,
    c.subject_unit_id ? unitOf(db, c.tenant_id, c.subject_unit_id) : undefined,
  ]);
  return { ticketNumber: ticket?.number ?? null, userName: user?.display_name ?? null, unitName: unit?.name ?? null };
}
