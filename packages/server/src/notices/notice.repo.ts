import { type Kysely, sql } from 'kysely';
import { type Actor, scopePrefix } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { issuesNotices } from './notice.policy.js';
import type { NoticeTarget } from './notice.schema.js';

/**
 * The premises a target covers, as a SELECT of (tenant_id, id). Buildings are matched by name, so
 * only the premises kept by the notice's unit subtree (`unitPath`) are taken; nodes and premise
 * lists were checked against that subtree when the notice was written. Publishing materialises
 * exactly this set and the preview counts it, so the two cannot disagree.
 */
function targetPremises(tenantId: string, target: NoticeTarget, unitPath: string) {
  if (target.kind === 'nodes') {
    return sql`SELECT tenant_id, id FROM premises WHERE tenant_id = ${tenantId} AND network_node_id = ANY(${target.nodeIds}::uuid[])`;
  }
  if (target.kind === 'buildings') {
    return sql`
      SELECT DISTINCT p.tenant_id, p.id
      FROM premises p JOIN jsonb_to_recordset(${JSON.stringify(target.buildings)}::jsonb) AS b(community text, building text)
        ON p.community = b.community AND p.building = b.building
      LEFT JOIN units u ON u.tenant_id = p.tenant_id AND u.id = p.unit_id
      WHERE p.tenant_id = ${tenantId}
        AND (u.path LIKE ${`${unitPath}%`} OR (p.unit_id IS NULL AND ${unitPath.split('/').filter(Boolean).length === 1}::boolean))`;
  }
  return sql`SELECT tenant_id, id FROM premises WHERE tenant_id = ${tenantId} AND id = ANY(${target.premiseIds}::uuid[])`;
}

/** Materialises the premises a notice covers, set-based; returns how many. */
export async function insertNoticePremises(
  db: Kysely<DB>,
  tenantId: string,
  noticeId: string,
  target: NoticeTarget,
  unitPath: string,
): Promise<number> {
  const r = await sql`
    INSERT INTO notice_premises (tenant_id, notice_id, premise_id)
    SELECT t.tenant_id, ${noticeId}::uuid, t.id FROM (${targetPremises(tenantId, target, unitPath)}) t
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * What publishing a target would reach, without writing anything: the premises, and the distinct
 * household phones (one message each), split by the language each household reads.
 */
export async function countTargetReach(db: Kysely<DB>, tenantId: string, target: NoticeTarget, unitPath: string) {
  const r = await sql<{ premises: number; recipients: number; en: number }>`
    WITH t AS (${targetPremises(tenantId, target, unitPath)}),
    households AS (
      SELECT DISTINCT ON (c.phone) c.phone, coalesce(cp.locale, 'zh-CN') AS locale
      FROM t JOIN customers c ON c.tenant_id = t.tenant_id AND c.premise_id = t.id
      LEFT JOIN contact_preferences cp ON cp.tenant_id = c.tenant_id AND cp.phone = c.phone
      ORDER BY c.phone
    )
    SELECT (SELECT count(DISTINCT id)::int FROM t) AS premises,
           (SELECT count(*)::int FROM households) AS recipients,
           (SELECT count(*)::int FROM households WHERE locale = 'en') AS en`.execute(db);
  return r.rows[0] ?? { premises: 0, recipients: 0, en: 0 };
}

/**
 * Queues one message per household phone of the notice's premises, in one INSERT … SELECT:
 * the household's preferences pick email or SMS and the language. Notices are essential, so an
 * opt-out does not stop them. Re-running it adds nothing (dedup key per notice, template, phone).
 */
export async function fanOutNotice(
  db: Kysely<DB>,
  tenantId: string,
  noticeId: string,
  template: 'outage_notice' | 'restoration_notice',
  params: Record<string, string>,
  at: Date,
): Promise<number> {
  const r = await sql`
    INSERT INTO outbox_messages (tenant_id, id, dedup_key, channel, recipient, template, locale, params, essential, status,
                                 next_attempt_at, notice_id, created_at)
    SELECT tenant_id, gen_random_uuid(), 'notice:' || ${noticeId}::text || ':' || ${template}::text || ':' || phone,
           CASE WHEN email IS NULL THEN 'sms' ELSE 'email' END, coalesce(email, phone), ${template}, locale,
           ${JSON.stringify(params)}::jsonb, true, 'queued', ${at}, ${noticeId}, ${at}
    FROM (
      SELECT DISTINCT ON (c.phone) c.tenant_id, c.phone, cp.email, coalesce(cp.locale, 'zh-CN') AS locale
      FROM notice_premises np
      JOIN customers c ON c.tenant_id = np.tenant_id AND c.premise_id = np.premise_id
      LEFT JOIN contact_preferences cp ON cp.tenant_id = c.tenant_id AND cp.phone = c.phone
      WHERE np.notice_id = ${noticeId} AND np.tenant_id = ${tenantId}
      ORDER BY c.phone
    ) households
    ON CONFLICT ON CONSTRAINT outbox_dedup_unique DO NOTHING`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export type Progress = { queued: number; sending: number; sent: number; failed: number; suppressed: number };
const empty = (): Progress => ({ queued: 0, sending: 0, sent: 0, failed: 0, suppressed: 0 });

/** Delivery progress of a notice and of its restoration message, counted from the outbox. */
export async function noticeProgress(db: Kysely<DB>, tenantId: string, noticeId: string) {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['template', 'status', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', tenantId)
    .where('notice_id', '=', noticeId)
    .groupBy(['template', 'status'])
    .execute();
  const out = { notice: empty(), restoration: empty() };
  for (const r of rows) {
    const p = r.template === 'restoration_notice' ? out.restoration : out.notice;
    const key = r.status === 'dead' ? 'failed' : (r.status as keyof Progress);
    p[key] += r.n;
  }
  return out;
}

export function countLinkedTickets(db: Kysely<DB>, tenantId: string, noticeId: string) {
  return db
    .selectFrom('notice_tickets')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('notice_id', '=', noticeId)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

/** Notices with the path of the unit they belong to, for the policy. */
export function noticesWithUnit(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('notices as n')
    .innerJoin('units as u', (j) => j.onRef('u.tenant_id', '=', 'n.tenant_id').onRef('u.id', '=', 'n.unit_id'))
    .selectAll('n')
    .select('u.path as unit_path')
    .where('n.tenant_id', '=', tenantId);
}

/** One notice with its unit's path, or undefined. */
export function findNotice(db: Kysely<DB>, tenantId: string, id: string) {
  return noticesWithUnit(db, tenantId).where('n.id', '=', id).executeTakeFirst();
}

/**
 * The newest notices the actor may see — the query form of `canSeeNotice`: inside the actor's
 * scope, or published by a unit above the actor; drafts only for those who may publish them.
 */
export function listVisibleNotices(db: Kysely<DB>, actor: Actor, status?: 'draft' | 'active' | 'ended') {
  const scope = `${scopePrefix(actor)}%`;
  const seesDrafts = issuesNotices(actor) || actor.role === 'quality_supervisor';
  let q = noticesWithUnit(db, actor.tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('u.path', 'like', scope), ...(seesDrafts ? [] : [eb('n.status', '<>', 'draft')])]),
        eb.and([eb('n.status', '<>', 'draft'), eb(sql.val(actor.unitPath), 'like', sql<string>`u.path || '%'`)]),
      ]),
    )
    .orderBy('n.created_at', 'desc')
    .limit(200);
  if (status) q = q.where('n.status', '=', status);
  return q.execute();
}
