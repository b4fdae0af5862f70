import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { enqueueJob } from '../jobs/job-runner.js';
import type { Ctx } from '../shared/context.js';
import { conflict, forbidden, notFound, unprocessable } from '../shared/errors.js';
import { zonedParts } from '../shared/time.js';
import { fanOutNotice, insertNoticePremises } from './notice.repo.js';
import type { CreateNoticeInput, NoticeTarget } from './notice.schema.js';
import { resolveLinkedJob } from './resolve-linked.job.js';

const NOTICE_ROLES = new Set(['dispatcher', 'station_manager', 'company_manager', 'admin']);

function requireNoticeRole(ctx: Ctx) {
  if (!NOTICE_ROLES.has(ctx.actor.role)) throw forbidden('role_not_allowed', 'Only dispatchers, managers and administrators issue notices');
}

/** Refuses targets naming nodes or premises the tenant does not have. */
async function checkTarget(db: Kysely<DB>, tenantId: string, target: NoticeTarget) {
  if (target.kind === 'nodes') {
    const found = await db
      .selectFrom('network_nodes')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', target.nodeIds)
      .execute();
    if (found.length !== new Set(target.nodeIds).size) throw unprocessable('unknown_node', 'target.nodeIds: unknown network node');
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

/** Records a notice as a draft, or publishes it at once when asked. */
export async function createNotice(ctx: Ctx, input: CreateNoticeInput) {
  requireNoticeRole(ctx);
  await checkTarget(ctx.db, ctx.actor.tenantId, input.target);
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
    })
    .execute();
  if (input.publish) await publishNotice(ctx, id);
  return id;
}

/**
 * Publishes a notice: in one transaction it becomes active, its premises are materialised, and
 * one message per affected household is queued — all set-based, so 100 000 premises take seconds.
 */
export async function publishNotice(ctx: Ctx, id: string) {
  requireNoticeRole(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('notices')
      .selectAll()
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!n) throw notFound('Notice');
    if (n.status !== 'draft') throw conflict('invalid_transition', `Cannot publish a notice that is ${n.status}`);
    const now = ctx.clock.now();
    const tenant = await trx
      .selectFrom('tenants')
      .select(['name', 'time_zone'])
      .where('id', '=', ctx.actor.tenantId)
      .executeTakeFirstOrThrow();
    const premises = await insertNoticePremises(trx, ctx.actor.tenantId, id, n.target as NoticeTarget);
    const queued = await fanOutNotice(
      trx,
      ctx.actor.tenantId,
      id,
      'outage_notice',
      { org: tenant.name, title: n.title, message: n.message, window: windowText(n.starts_at, n.expected_end_at, tenant.time_zone) },
      now,
    );
    await trx.updateTable('notices').set({ status: 'active', published_at: now, premise_count: premises }).where('id', '=', id).execute();
    return { premises, queued };
  });
}

/**
 * Ends a notice: households get the restoration message, and when asked the linked orders are
 * resolved together by a background job (each then gets its callback survey).
 */
export async function endNotice(ctx: Ctx, id: string, input: { restorationMessage?: string; resolveLinked?: boolean }) {
  requireNoticeRole(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('notices')
      .selectAll()
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!n) throw notFound('Notice');
    if (n.status !== 'active') throw conflict('invalid_transition', `Cannot end a notice that is ${n.status}`);
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
    await trx.updateTable('notices').set({ status: 'ended', ended_at: now, restoration_message: message }).where('id', '=', id).execute();
    if (input.resolveLinked) {
      await enqueueJob(
        trx,
        resolveLinkedJob,
        { tenantId: ctx.actor.tenantId, noticeId: id, actorId: ctx.actor.userId },
        { at: now, dedupKey: `resolve-linked:${id}` },
      );
    }
    return { queued };
  });
}
