import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { type Actor, isInScope, seesWholeTenant } from '../auth/roles.js';
import type { DB, TicketRow } from '../db/schema.js';
import { findRectificationFor, type RectificationRow } from '../rectification/rectification.repo.js';
import { openRectification, type TaskStep } from '../rectification/rectify.js';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import { performActionIn } from '../tickets/perform-action.js';
import { findVisibleTicket, recordChange } from '../tickets/ticket.repo.js';
import type { NewEvent } from '../tickets/ticket.transition.js';
import { ensureComplaint } from './complaint.handlers.js';
import { activeUsers, type ComplaintRow, insertEscalation, insertReply, setInvestigator } from './complaint.repo.js';
import { mayRule } from './complaint.rules.js';
import type { escalationBody, investigatorBody, noteBody, rectificationBody, replyBody } from './complaint.schema.js';

// The steps of handling a complaint that are not steps of the order's loop: the investigator, the
// investigation's notes and evidence, the replies, a new escalation. Each commits with an event in
// the order's history (recorded through tickets/).

/** Who works a case: quality supervisors, dispatchers and managers who see it, and its investigator. */
function mayHandle(actor: Actor, c: ComplaintRow) {
  return (
    ['quality_supervisor', 'dispatcher', 'station_manager', 'company_manager'].includes(actor.role) || c.investigator_id === actor.userId
  );
}

/** Locks a complaint order the actor sees, with its complaint row; 404 / 422 / 403 otherwise. */
async function openCase(trx: Kysely<DB>, actor: Actor, ticketId: string, also: (t: TicketRow, c: ComplaintRow) => boolean = () => false) {
  const t = await findVisibleTicket(trx, actor, ticketId, true);
  if (!t) fail('not_found', 'Ticket not found');
  if (t.kind !== 'complaint') fail('not_a_complaint', 'id: this order is not a complaint');
  const c = await ensureComplaint(trx, t);
  if (!mayHandle(actor, c) && !also(t, c)) fail('action_not_allowed', 'You do not handle this complaint');
  return { t, c };
}

const appendEvent = (trx: Kysely<DB>, t: TicketRow, event: NewEvent) => recordChange(trx, t, { updated_at: event.at }, [event]);

/** Names the investigator (调查人), by default someone outside the complained-about unit who can see the case. */
export async function assignInvestigator(ctx: Ctx, ticketId: string, input: z.infer<typeof investigatorBody>) {
  const { actor } = ctx;
  await ctx.db.transaction().execute(async (trx) => {
    const { t, c } = await openCase(trx, actor, ticketId);
    if (
      actor.role !== 'quality_supervisor' &&
      actor.role !== 'dispatcher' &&
      actor.role !== 'company_manager' &&
      actor.role !== 'station_manager'
    ) {
      fail('action_not_allowed', 'investigatorId: your role does not assign investigators');
    }
    const [u] = await activeUsers(trx, actor.tenantId, [input.userId]);
    if (!u) fail('unknown_user', 'userId: no active user of that id');
    if (c.subject_unit_path && u.path.startsWith(c.subject_unit_path) && !input.insideSubjectUnit) {
      fail('investigator_in_subject_unit', 'userId: belongs to the complained-about unit (set insideSubjectUnit to choose them anyway)');
    }
    const investigator = { ...actor, userId: u.id, role: u.role as Actor['role'], unitPath: u.path, unitId: u.unit_id };
    if (!(seesWholeTenant(investigator) || isInScope(investigator, t.unit_path))) {
      fail('unit_out_of_scope', 'userId: this person cannot see the case (outside their part of the organisation)');
    }
    await setInvestigator(trx, actor.tenantId, t.id, u.id);
    await appendEvent(trx, t, {
      type: 'investigator_assigned',
      at: ctx.clock.now(),
      actorId: actor.userId,
      data: { investigatorId: u.id },
    });
  });
}

/** An investigation note with its evidence (files, photos, call records). */
export async function addInvestigationNote(ctx: Ctx, ticketId: string, input: z.infer<typeof noteBody>) {
  await ctx.db.transaction().execute(async (trx) => {
    const { t } = await openCase(trx, ctx.actor, ticketId);
    await appendEvent(trx, t, {
      type: 'investigation_note',
      at: ctx.clock.now(),
      actorId: ctx.actor.userId,
      note: input.note,
      attachments: input.attachments,
    });
  });
}

/**
 * The answer (答复) to the complainant, or the written one to the escalating body; only after the
 * ruling, since it states it. The first-contact owner may record the complainant's answer too.
 */
export async function recordReply(ctx: Ctx, ticketId: string, input: z.infer<typeof replyBody>) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const { t, c } = await openCase(trx, ctx.actor, ticketId, (t) => t.first_contact_user_id === ctx.actor.userId);
    if (!c.ruling) fail('not_ruled', 'ruling: record the ruling before the reply that states it');
    const escalated = t.channel === 'escalated' || (await hasEscalations(trx, t));
    if (input.audience === 'body' && !escalated)
      fail('constraint_violated', 'audience: only an escalated complaint has an outside body to answer');
    if (input.audience === 'body' && !['letter', 'document'].includes(input.method)) {
      fail('constraint_violated', 'method: the escalating body gets a letter or a document');
    }
    if (input.audience === 'complainant' && input.method === 'document') {
      fail('constraint_violated', 'method: the complainant is answered by letter, phone or visit');
    }
    const repliedAt = input.repliedAt ? new Date(input.repliedAt) : now;
    if (repliedAt.getTime() > now.getTime() + 60_000) fail('invalid_input', 'repliedAt: lies in the future');
    await insertReply(trx, {
      tenantId: t.tenant_id,
      ticketId: t.id,
      audience: input.audience,
      method: input.method,
      repliedAt,
      content: input.content,
      accepted: input.accepted ?? null,
      attachments: input.attachments ?? [],
      by: ctx.actor.userId,
      at: now,
    });
    await appendEvent(trx, t, {
      type: 'replied',
      at: now,
      actorId: ctx.actor.userId,
      note: input.content,
      data: { audience: input.audience, method: input.method, repliedAt: repliedAt.toISOString(), accepted: input.accepted ?? null },
      attachments: input.attachments,
    });
  });
}

async function hasEscalations(trx: Kysely<DB>, t: TicketRow) {
  const e = await trx
    .selectFrom('complaint_escalations')
    .select('id')
    .where('tenant_id', '=', t.tenant_id)
    .where('ticket_id', '=', t.id)
    .limit(1)
    .executeTakeFirst();
  return Boolean(e);
}

/**
 * A new escalation of the same matter by an outside body: recorded with its reference and
 * deadline, and a settled case is reopened with it (越级 reopens 办结).
 */
export async function recordEscalation(ctx: Ctx, ticketId: string, input: z.infer<typeof escalationBody>) {
  const { actor } = ctx;
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) fail('invalid_input', 'receivedAt: lies in the future');
  if (input.dueAt && Date.parse(input.dueAt) <= receivedAt.getTime()) fail('invalid_input', 'dueAt: must be after receivedAt');
  await ctx.db.transaction().execute(async (trx) => {
    let { t } = await openCase(trx, actor, ticketId, () => actor.role === 'hotline_agent' || actor.role === 'window_clerk');
    const reason = `${input.body} ${input.reference}${input.note ? `：${input.note}` : ''}`;
    if (t.status === 'resolved' || t.status === 'closed') t = await performActionIn(trx, ctx, t.id, { action: 'reopen', reason });
    await insertEscalation(trx, {
      tenantId: t.tenant_id,
      ticketId: t.id,
      body: input.body,
      reference: input.reference,
      receivedAt,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      written: input.writtenReplyExpected,
      by: actor.userId,
      at: now,
    });
    await appendEvent(trx, t, {
      type: 'escalated_again',
      at: now,
      actorId: actor.userId,
      note: input.note ?? null,
      data: { body: input.body, reference: input.reference, receivedAt: receivedAt.toISOString(), dueAt: input.dueAt ?? null },
    });
  });
}

/** Opens the rectification (整改) of a verified complaint for the charged unit, by a supervisor or a manager above it. */
export async function openComplaintRectification(ctx: Ctx, ticketId: string, input: z.infer<typeof rectificationBody>) {
  const { actor } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const { t, c } = await openCase(trx, actor, ticketId);
    if (!c.ruling) fail('not_ruled', 'ruling: rule on the complaint before ordering its rectification');
    if (c.ruling === 'unfounded' || !c.charged_unit_id || !c.charged_unit_path) {
      fail('constraint_violated', 'ruling: an unfounded complaint charges no unit to rectify');
    }
    if (!mayRule(actor, c.charged_unit_path)) {
      fail('action_not_allowed', 'Only quality supervisors, and managers above the charged unit, order a rectification');
    }
    const open = await findRectificationFor(trx, actor.tenantId, 'complaint', t.id);
    if (open && open.status !== 'verified') fail('invalid_transition', 'rectification: this complaint already has one under way');
    return openRectification(
      trx,
      actor,
      {
        originType: 'complaint',
        originId: t.id,
        unitId: c.charged_unit_id,
        ownerId: input.ownerId,
        deadline: new Date(input.deadline),
        task: input.task,
      },
      ctx.clock.now(),
    );
  });
}

/** Each step of a complaint's rectification appears in the complaint's own history. */
export async function onComplaintRectificationStep(trx: Kysely<DB>, task: RectificationRow, step: TaskStep): Promise<void> {
  const t = await trx
    .selectFrom('tickets')
    .selectAll()
    .where('tenant_id', '=', task.tenant_id)
    .where('id', '=', task.origin_id)
    .forUpdate()
    .executeTakeFirst();
  if (!t) return;
  await appendEvent(trx, t, {
    type: `rectification_${step.type}`,
    at: step.at,
    actorId: step.actorId,
    note: step.note,
    data: { rectificationId: task.id, ownerId: task.owner_id, deadline: task.deadline.toISOString() },
    attachments: step.attachments,
  });
}
