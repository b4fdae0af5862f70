import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { isInScope } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { enqueueJob } from '../jobs/job-runner.js';
import { renderMessage } from '../notify/templates.js';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import { zonedParts } from '../shared/time.js';
import { assertIssuesNotices, assertManagesNotice, assertTargetWithin, canSeeNotice, resolvableScope } from './notice.policy.js';
import { countTargetReach, fanOutNotice, findNotice, insertNoticePremises } from './notice.repo.js';
import type { CreateNoticeInput, NoticeTarget, UpdateNoticeInput } from './notice.schema.js';
import { resolveLinkedJob } from './resolve-linked.job.js';

/** The unit a new notice belongs to: the one named, which must lie in the actor's scope, or the actor's own. */
async function noticeUnit(ctx: Ctx, unitId: string | undefined) {
  const unit = await ctx.db
    .selectFrom('units')
    .select(['id', 'path'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('id', '=', unitId ?? ctx.actor.unitId)
    .executeTakeFirst();
  if (!unit) fail('unknown_unit', 'unitId: unknown unit');
  if (!isInScope(ctx.actor, unit.path)) fail('unit_out_of_scope', 'unitId: outside your part of the organisation');
  return unit;
}

/**
 * Refuses targets naming nodes or premises the tenant does not have, or that another part of the
 * organisation keeps: a notice reaches only households its unit is responsible for.
 */
async function checkTarget(db: Kysely<DB>, tenantId: string, unitPath: string, target: NoticeTarget) {
  if (target.kind === 'nodes') {
    const found = await db
      .selectFrom('network_nodes as nn')
      .leftJoin('units as u', (j) => j.onRef('u.tenant_id', '=', 'nn.tenant_id').onRef('u.id', '=', 'nn.unit_id'))
      .select(['nn.id', 'u.path'])
      .where('nn.tenant_id', '=', tenantId)
      .where('nn.id', 'in', target.nodeIds)
      .execute();
    if (found.length !== new Set(target.nodeIds).size) fail('unknown_node', 'target.nodeIds: unknown network node');
    for (const n of found) assertTargetWithin(unitPath, n.path, 'target.nodeIds');
  } else if (target.kind === 'premises') {
    const ids = [...new Set(target.premiseIds)];
    const outside = await sql<{ known: number; outside: number }>`
      SELECT count(*)::int AS known,
             count(*) FILTER (WHERE NOT (coalesce(u.path, '/') LIKE ${`${unitPath}%`}
                                         OR (p.unit_id IS NULL AND ${unitPath.split('/').filter(Boolean).length === 1}::boolean)))::int AS outside
      FROM premises p LEFT JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id
      WHERE p.tenant_id = ${tenantId} AND p.id = ANY(${ids}::uuid[])`.execute(db);
    const r = outside.rows[0] ?? { known: 0, outside: 0 };
    if (r.known !== ids.length) fail('unknown_premise', 'target.premiseIds: unknown premise');
    if (r.outside > 0) fail('unit_out_of_scope', "target.premiseIds: outside the notice's part of the organisation");
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
function windowText(start: Date, end: Date | null, tz: string) {
  const f = (d: Date) => {
    const p = zonedParts(d, tz);
    return `${p.month}月${p.day}日${pad(p.hour)}:${pad(p.minute)}`;
  };
  return end ? `${f(start)}—${f(end)}` : `${f(start)}起`;
}

type NoticeText = { title: string; message: string; starts_at: Date; expected_end_at: Date | null };

/** The params of the outage message: publishing queues them and the preview renders them, alike. */
async function outageParams(db: Kysely<DB>, tenantId: string, n: NoticeText) {
  const tenant = await db.selectFrom('tenants').select(['name', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { org: tenant.name, title: n.title, message: n.message, window: windowText(n.starts_at, n.expected_end_at, tenant.time_zone) };
}

/**
 * Locks a notice the actor may manage. One the actor may not even see answers 404, as if it did
 * not exist; one the actor sees but may not manage answers 403.
 */
async function lockNotice(trx: Kysely<DB>, ctx: Ctx, id: string) {
  const n = await findNotice(trx, ctx.actor.tenantId, id);
  if (!n || !canSeeNotice(ctx.actor, n)) fail('not_found', 'Notice not found');
  assertManagesNotice(ctx.actor, n);
  await trx.selectFrom('notices').select('id').where('tenant_id', '=', ctx.actor.tenantId).where('id', '=', id).forUpdate().execute();
  // Re-read under the lock: the status may have changed while waiting.
  const locked = await findNotice(trx, ctx.actor.tenantId, id);
  if (!locked) fail('not_found', 'Notice not found');
  return locked;
}

/** Records a notice as a draft, or publishes it at once when asked. */
export async function createNotice(ctx: Ctx, input: CreateNoticeInput) {
  assertIssuesNotices(ctx.actor);
  const unit = await noticeUnit(ctx, input.unitId);
  await checkTarget(ctx.db, ctx.actor.tenantId, unit.path, input.target);
  const id = randomUUID();
  await ctx.db
    .insertInto('notices')
    .values({
      tenant_id: ctx.actor.tenantId,
      id,
      kind: input.kind,
      title: input.title,
      message: input.message,
      area: input.area ?? '',
      starts_at: new Date(input.startsAt),
      expected_end_at: input.expectedEndAt ? new Date(input.expectedEndAt) : null,
      target_kind: input.target.kind,
      target: JSON.stringify(input.target),
      created_by: ctx.actor.userId,
      created_at: ctx.clock.now(),
      unit_id: unit.id,
    })
    .execute();
  if (input.publish) {
    try {
      await publishNotice(ctx, id);
    } catch (e) {
      // Published at once or not at all: a notice refused at publishing is not left behind as a draft.
      await ctx.db.deleteFrom('notices').where('tenant_id', '=', ctx.actor.tenantId).where('id', '=', id).execute();
      throw e;
    }
  }
  return id;
}

/**
 * Publishes a notice: in one transaction it becomes active, its premises are materialised, and
 * one message per affected household is queued — all set-based, so 100 000 premises take seconds.
 */
export async function publishNotice(ctx: Ctx, id: string) {
  assertIssuesNotices(ctx.actor);
  return ctx.db.transaction().execute(async (trx) => {
    const n = await lockNotice(trx, ctx, id);
    if (n.status !== 'draft') fail('invalid_transition', `Cannot publish a notice that is ${n.status}`);
    const now = ctx.clock.now();
    const premises = await insertNoticePremises(trx, ctx.actor.tenantId, id, n.target as NoticeTarget, n.unit_path);
    // "Published, households are being told" must be true: a target that holds no household (a
    // mistyped building, an empty station) is refused, and the transaction leaves nothing behind.
    if (premises === 0) fail('notice_reaches_nobody', 'target: no household is inside this target');
    const queued = await fanOutNotice(trx, ctx.actor.tenantId, id, 'outage_notice', await outageParams(trx, ctx.actor.tenantId, n), now);
    await trx
      .updateTable('notices')
      .set({ status: 'active', published_at: now, premise_count: premises })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .execute();
    return { premises, queued };
  });
}

/**
 * Ends a notice: households get the restoration message, and when asked the linked orders are
 * resolved together by a background job (each then gets its callback survey).
 */
export async function endNotice(ctx: Ctx, id: string, input: { restorationMessage?: string; resolveLinked?: boolean }) {
  assertIssuesNotices(ctx.actor);
  return ctx.db.transaction().execute(async (trx) => {
    const n = await lockNotice(trx, ctx, id);
    if (n.status !== 'active') fail('invalid_transition', `Cannot end a notice that is ${n.status}`);
    const now = ctx.clock.now();
    const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', ctx.actor.tenantId).executeTakeFirstOrThrow();
    const message = input.restorationMessage ?? '供热已恢复，感谢您的理解与支持。';
    const queued = await fanOutNotice(
      trx,
      ctx.actor.tenantId,
      id,
      'restoration_notice',
      { org: tenant.name, title: n.title, message },
      now,
    );
    await trx
      .updateTable('notices')
      .set({ status: 'ended', ended_at: now, restoration_message: message })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .execute();
    if (input.resolveLinked) {
      // Only the linked orders the actor may act on are resolved; the others stay with their units.
      await enqueueJob(
        trx,
        resolveLinkedJob,
        { tenantId: ctx.actor.tenantId, noticeId: id, actorId: ctx.actor.userId, scopePath: resolvableScope(ctx.actor) },
        { at: now, dedupKey: `resolve-linked:${id}` },
      );
    }
    return { queued };
  });
}

/**
 * What publishing a draft would do, without doing it: how many households (premises) its target
 * reaches, how many messages would go out, and the exact text each language's households get —
 * rendered from the same params and template the publish fan-out queues.
 */
export async function previewNotice(ctx: Ctx, id: string) {
  assertIssuesNotices(ctx.actor);
  const n = await findNotice(ctx.db, ctx.actor.tenantId, id);
  if (!n || !canSeeNotice(ctx.actor, n)) fail('not_found', 'Notice not found');
  assertManagesNotice(ctx.actor, n);
  if (n.status !== 'draft') fail('invalid_transition', `Cannot preview publishing a notice that is ${n.status}`);
  const [reach, params] = await Promise.all([
    countTargetReach(ctx.db, ctx.actor.tenantId, n.target as NoticeTarget, n.unit_path),
    outageParams(ctx.db, ctx.actor.tenantId, n),
  ]);
  return {
    premises: reach.premises,
    recipients: reach.recipients,
    messages: [
      { locale: 'zh-CN' as const, recipients: reach.recipients - reach.en, text: renderMessage('outage_notice', 'zh-CN', params) },
      { locale: 'en' as const, recipients: reach.en, text: renderMessage('outage_notice', 'en', params) },
    ],
  };
}

/** Locks a draft the actor may manage; a published or ended notice answers 409 — households have it already. */
async function lockDraft(trx: Kysely<DB>, ctx: Ctx, id: string, verb: string) {
  const n = await lockNotice(trx, ctx, id);
  if (n.status !== 'draft') fail('invalid_transition', `Cannot ${verb} a notice that is ${n.status}; only drafts change`);
  return n;
}

/**
 * Changes a draft. Fields left out keep their value; a new target is checked against the notice's
 * unit as at creation. The window is checked as a whole, old and new values together.
 */
export async function updateNotice(ctx: Ctx, id: string, input: UpdateNoticeInput) {
  assertIssuesNotices(ctx.actor);
  await ctx.db.transaction().execute(async (trx) => {
    const n = await lockDraft(trx, ctx, id, 'edit');
    const startsAt = input.startsAt ? new Date(input.startsAt) : n.starts_at;
    const endsAt =
      input.expectedEndAt === undefined ? n.expected_end_at : input.expectedEndAt === null ? null : new Date(input.expectedEndAt);
    if (endsAt && endsAt <= startsAt) fail('invalid_input', 'expectedEndAt: must be after startsAt');
    if (input.target) await checkTarget(trx, ctx.actor.tenantId, n.unit_path, input.target);
    await trx
      .updateTable('notices')
      .set({
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.title ? { title: input.title } : {}),
        ...(input.message ? { message: input.message } : {}),
        ...(input.area !== undefined ? { area: input.area } : {}),
        starts_at: startsAt,
        expected_end_at: endsAt,
        ...(input.target ? { target_kind: input.target.kind, target: JSON.stringify(input.target) } : {}),
      })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .execute();
  });
}

/** Deletes a draft; nothing was sent for it, so nothing else refers to it. */
export async function deleteNotice(ctx: Ctx, id: string) {
  assertIssuesNotices(ctx.actor);
  await ctx.db.transaction().execute(async (trx) => {
    await lockDraft(trx, ctx, id, 'delete');
    await trx.deleteFrom('notices').where('tenant_id', '=', ctx.actor.tenantId).where('id', '=', id).execute();
  });
}
