import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import { type Actor, scopePrefix } from '../auth/roles.js';
import type { DB, RectificationTaskTable } from '../db/schema.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import type { rectificationOut } from '../tickets/complaint.schema.js';

// rectification/ alone writes rectification_tasks and rectification_steps.

export type RectificationRow = Selectable<RectificationTaskTable>;
export type OriginType = RectificationRow['origin_type'];
export type StepType = 'opened' | 'submitted' | 'verified' | 'sent_back';

export async function insertTask(db: Kysely<DB>, row: Omit<RectificationRow, 'step_count' | 'evidence'>): Promise<void> {
  await db.insertInto('rectification_tasks').values(row).execute();
}

export function findTask(db: Kysely<DB>, tenantId: string, id: string, forUpdate = false) {
  let q = db.selectFrom('rectification_tasks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The latest task opened from one origin (a complaint's order, an inspection finding …). */
export function findRectificationFor(db: Kysely<DB>, tenantId: string, originType: OriginType, originId: string) {
  return db
    .selectFrom('rectification_tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('origin_type', '=', originType)
    .where('origin_id', '=', originId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Changes a task and appends the step that explains it, numbered after the last one. */
export async function recordTaskStep(
  db: Kysely<DB>,
  t: Pick<RectificationRow, 'tenant_id' | 'id' | 'step_count'>,
  changes: Partial<Omit<RectificationRow, 'tenant_id' | 'id' | 'step_count' | 'evidence'>> & { evidence?: string },
  step: { type: StepType; at: Date; actorId: string | null; note?: string | null; attachments?: string[] },
): Promise<void> {
  const seq = t.step_count + 1;
  await db
    .updateTable('rectification_tasks')
    .set({ ...changes, step_count: seq, updated_at: step.at })
    .where('tenant_id', '=', t.tenant_id)
    .where('id', '=', t.id)
    .execute();
  await db
    .insertInto('rectification_steps')
    .values({
      tenant_id: t.tenant_id,
      task_id: t.id,
      seq,
      type: step.type,
      at: step.at,
      actor_id: step.actorId,
      note: step.note ?? null,
      attachments: JSON.stringify(step.attachments ?? []),
    })
    .execute();
}

/** Tasks the actor sees: inside their part of the organisation, or owned by them. */
export function listTasks(db: Kysely<DB>, actor: Actor, q: { status?: RectificationRow['status'][]; mine?: boolean; limit: number }) {
  let query = db
    .selectFrom('rectification_tasks')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where(sql<boolean>`(unit_path LIKE ${`${scopePrefix(actor)}%`} OR owner_id = ${actor.userId})`);
  if (q.mine) query = query.where('owner_id', '=', actor.userId);
  if (q.status?.length) query = query.where('status', 'in', q.status);
  return query.orderBy('deadline').limit(q.limit).execute();
}

export const newTaskId = () => randomUUID();

/** A task as the API shows it; `overdue` while not yet submitted after its deadline. */
export function toRectificationOut(r: RectificationRow, tz: string, now: Date): z.infer<typeof rectificationOut> {
  return {
    id: r.id,
    status: r.status,
    ownerId: r.owner_id,
    unitId: r.unit_id,
    deadline: toZonedIso(r.deadline, tz),
    task: r.task,
    doneNote: r.done_note,
    evidence: r.evidence as string[],
    submittedAt: isoOrNull(r.submitted_at, tz),
    verifiedAt: isoOrNull(r.verified_at, tz),
    verifiedBy: r.verified_by,
    sentBackReason: r.sent_back_reason,
    overdue: (r.status === 'open' || r.status === 'sent_back') && now.getTime() > r.deadline.getTime(),
  };
}
