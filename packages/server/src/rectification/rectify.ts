import type { Kysely } from 'kysely';
import { type Actor, isInScope } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { fail } from '../shared/errors.js';
import {
  findTask,
  insertTask,
  newTaskId,
  type OriginType,
  type RectificationRow,
  recordTaskStep,
  type StepType,
} from './rectification.repo.js';

// The use cases of a rectification task. What opened the task (a complaint, later an inspection)
// learns of each step through a listener it registers (src/modules.ts), inside the same
// transaction — so a complaint's timeline shows its rectification without rectification/
// importing complaints/.

export type TaskStep = { type: StepType; at: Date; actorId: string; note: string | null; attachments: string[] };
type Listener = (trx: Kysely<DB>, task: RectificationRow, step: TaskStep) => Promise<void>;
const listeners = new Map<OriginType, Listener>();

/** Registers what an origin does on each step of its tasks (one listener per origin type). */
export function registerRectificationListener(origin: OriginType, listener: Listener): void {
  listeners.set(origin, listener);
}

async function notify(trx: Kysely<DB>, task: RectificationRow, step: TaskStep) {
  await listeners.get(task.origin_type)?.(trx, task, step);
}

/** A supervisor's word: quality supervisors, or a manager strictly above the task's unit. */
export function mayVerify(actor: Pick<Actor, 'role' | 'unitPath'>, unitPath: string): boolean {
  if (actor.role === 'quality_supervisor') return true;
  if (actor.role !== 'station_manager' && actor.role !== 'company_manager') return false;
  return unitPath.startsWith(actor.unitPath) && unitPath !== actor.unitPath;
}

/**
 * Opens a task for a unit, in the caller's transaction (the origin's own step commits with it).
 * The owner must be an active member of that unit or above it with the unit in their scope.
 */
export async function openRectification(
  trx: Kysely<DB>,
  actor: Actor,
  input: { originType: OriginType; originId: string; unitId: string; ownerId: string; deadline: Date; task: string },
  now: Date,
): Promise<RectificationRow> {
  const unit = await trx
    .selectFrom('units')
    .select(['id', 'path'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', input.unitId)
    .executeTakeFirst();
  if (!unit) fail('unknown_unit', 'unitId: no such unit');
  const owner = await trx
    .selectFrom('users as u')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'un.path'])
    .where('u.tenant_id', '=', actor.tenantId)
    .where('u.id', '=', input.ownerId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!owner?.path.startsWith(unit.path)) fail('unknown_user', 'ownerId: no active member of the unit that rectifies');
  if (input.deadline.getTime() <= now.getTime()) fail('invalid_input', 'deadline: must lie in the future');
  const row: Omit<RectificationRow, 'step_count' | 'evidence'> = {
    tenant_id: actor.tenantId,
    id: newTaskId(),
    origin_type: input.originType,
    origin_id: input.originId,
    unit_id: unit.id,
    unit_path: unit.path,
    owner_id: owner.id,
    deadline: input.deadline,
    task: input.task,
    status: 'open',
    done_note: null,
    submitted_at: null,
    verified_at: null,
    verified_by: null,
    sent_back_reason: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await insertTask(trx, row);
  const step: TaskStep = { type: 'opened', at: now, actorId: actor.userId, note: input.task, attachments: [] };
  await recordTaskStep(trx, { ...row, step_count: 0 }, {}, step);
  const stored = (await findTask(trx, actor.tenantId, row.id))!;
  await notify(trx, stored, step);
  return stored;
}

async function lockVisible(trx: Kysely<DB>, actor: Actor, id: string) {
  const t = await findTask(trx, actor.tenantId, id, true);
  if (!t || !(isInScope(actor, t.unit_path) || t.owner_id === actor.userId)) fail('not_found', 'Rectification not found');
  return t;
}

/** The owner (or a manager of the unit) reports what was done, with a note and at least one file of evidence. */
export async function submitRectification(ctx: Ctx, id: string, input: { note?: string; attachments?: string[] }) {
  const { actor } = ctx;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const t = await lockVisible(trx, actor, id);
    const manager = (actor.role === 'station_manager' || actor.role === 'company_manager') && isInScope(actor, t.unit_path);
    if (t.owner_id !== actor.userId && !manager)
      fail('action_not_allowed', 'ownerId: only the owner or a manager of the unit reports the rectification');
    if (t.status !== 'open' && t.status !== 'sent_back')
      fail('invalid_transition', `status: a ${t.status} rectification cannot be submitted`);
    if (!input.note?.trim() || !input.attachments?.length) {
      fail('evidence_required', 'evidence: say what was done and attach at least one photo or document');
    }
    const step: TaskStep = { type: 'submitted', at: now, actorId: actor.userId, note: input.note, attachments: input.attachments };
    await recordTaskStep(
      trx,
      t,
      {
        status: 'submitted',
        done_note: input.note,
        evidence: JSON.stringify(input.attachments),
        submitted_at: now,
        sent_back_reason: null,
      },
      step,
    );
    await notify(trx, { ...t, status: 'submitted' }, step);
  });
}

/** A supervisor accepts the rectification (verified) or sends it back with the reason. */
export async function reviewRectification(ctx: Ctx, id: string, input: { verdict: 'verify' | 'send_back'; note?: string }) {
  const { actor } = ctx;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const t = await lockVisible(trx, actor, id);
    if (!mayVerify(actor, t.unit_path))
      fail('action_not_allowed', 'Only quality supervisors, and managers above the unit, verify a rectification');
    if (t.status !== 'submitted')
      fail('invalid_transition', `status: only a submitted rectification is verified or sent back, this one is ${t.status}`);
    if (input.verdict === 'send_back' && !input.note?.trim()) fail('invalid_input', 'note: say why it is sent back');
    const type: StepType = input.verdict === 'verify' ? 'verified' : 'sent_back';
    const step: TaskStep = { type, at: now, actorId: actor.userId, note: input.note ?? null, attachments: [] };
    const changes =
      input.verdict === 'verify'
        ? { status: 'verified' as const, verified_at: now, verified_by: actor.userId }
        : { status: 'sent_back' as const, sent_back_reason: input.note! };
    await recordTaskStep(trx, t, changes, step);
    await notify(trx, { ...t, ...changes }, step);
  });
}
