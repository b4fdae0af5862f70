import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findTargets, getActiveCategory } from '../catalog/catalog.repo.js';
import type { DB, TicketRow } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { badRequest, unprocessable } from '../shared/errors.js';
import { zonedDayKey } from '../shared/time.js';
import { deadlinesFor } from '../sla/calendar.repo.js';
import { findRecentForPremise, findTicket, nextDailyNumber, recordCreation } from './ticket.repo.js';
import type { CreateTicketInput } from './ticket.schema.js';

export type CreateResult = { ticket: TicketRow; replayed: boolean };

const hashBody = (input: CreateTicketInput) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** A stored Idempotency-Key: the same body returns the first order, another body is refused. */
async function replayIdempotent(db: Kysely<DB>, ctx: Ctx, key: string, requestHash: string): Promise<TicketRow | null> {
  const prior = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'ticket_id'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('user_id', '=', ctx.actor.userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!prior) return null;
  if (prior.request_hash !== requestHash) {
    throw unprocessable('idempotency_key_reused', 'Idempotency-Key: this key was already used with a different body');
  }
  return (await findTicket(db, ctx.actor.tenantId, prior.ticket_id)) ?? null;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** Rows a channel keeps beside the order (Open311 token, portal tracking code), written in its transaction. */
export type AlsoWrite = (trx: Kysely<DB>, ticket: TicketRow) => Promise<void>;

/**
 * Files a new work order from any channel: routes it to a unit, computes its deadlines from the
 * commitment, links repeats, and records the filer as first-contact owner (首问责任人).
 * `alsoWrite` runs inside the order's transaction, so the order and the channel's rows commit together.
 */
export async function createTicket(
  ctx: Ctx,
  input: CreateTicketInput,
  idempotencyKey?: string,
  alsoWrite?: AlsoWrite,
): Promise<CreateResult> {
  const { db, actor } = ctx;
  const requestHash = hashBody(input);
  if (idempotencyKey) {
    const replay = await replayIdempotent(db, ctx, idempotencyKey, requestHash);
    if (replay) return { ticket: replay, replayed: true };
  }

  const now = ctx.clock.now();
  const category = await getActiveCategory(db, actor.tenantId, input.categoryCode);
  if (category.kind !== input.kind) {
    throw unprocessable(
      'kind_category_mismatch',
      `categoryCode: "${category.code}" belongs to kind "${category.kind}", not "${input.kind}"`,
    );
  }
  const premise = input.premiseId
    ? await db
        .selectFrom('premises')
        .select(['id', 'address', 'area_tier', 'unit_id'])
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', input.premiseId)
        .executeTakeFirst()
    : undefined;
  if (input.premiseId && !premise) throw unprocessable('unknown_premise', 'premiseId: no such premise');

  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) throw badRequest('invalid_received_at', 'receivedAt: lies in the future');

  const unitId = category.routing_unit_id ?? premise?.unit_id ?? actor.unitId;
  const unit = await db.selectFrom('units').select(['id', 'path']).where('id', '=', unitId).executeTakeFirstOrThrow();
  const priority = input.priority ?? category.default_priority;
  const areaTier = premise?.area_tier ?? 'urban';
  const deadlines = await deadlinesFor(
    db,
    { id: actor.tenantId, timeZone: actor.timeZone },
    await findTargets(db, actor.tenantId, category.id, priority, areaTier),
    receivedAt,
  );

  const tenant = await db
    .selectFrom('tenants')
    .select(['ticket_prefix', 'repeat_window_days'])
    .where('id', '=', actor.tenantId)
    .executeTakeFirstOrThrow();
  const repeatOf =
    premise && tenant.repeat_window_days > 0
      ? await findRecentForPremise(
          db,
          actor.tenantId,
          premise.id,
          category.id,
          new Date(receivedAt.getTime() - tenant.repeat_window_days * 86_400_000),
        )
      : undefined;

  const day = zonedDayKey(now, actor.timeZone);
  const seq = await nextDailyNumber(db, actor.tenantId, day);
  const ticket: TicketRow = {
    tenant_id: actor.tenantId,
    id: randomUUID(),
    number: `${tenant.ticket_prefix}-${day}-${String(seq).padStart(4, '0')}`,
    kind: input.kind,
    channel: input.channel,
    status: 'new',
    suspended_from: null,
    category_id: category.id,
    category_code: category.code,
    priority,
    premise_id: premise?.id ?? null,
    address: input.address ?? premise?.address ?? '',
    area_tier: areaTier,
    contact_name: input.contact.name,
    contact_phone: input.contact.phone,
    description: input.description,
    unit_id: unit.id,
    unit_path: unit.path,
    assignee_id: null,
    first_contact_user_id: actor.userId,
    dispatched_from_unit_id: null,
    source_body: input.source?.body ?? null,
    source_ref: input.source?.reference ?? null,
    received_at: receivedAt,
    created_at: now,
    updated_at: now,
    respond_by: deadlines.respondBy,
    arrive_by: deadlines.arriveBy,
    resolve_by: deadlines.resolveBy,
    responded_at: null,
    arrived_at: null,
    resolved_at: null,
    closed_at: null,
    suspended_at: null,
    late: false,
    repeat_of_id: repeatOf?.id ?? null,
    satisfaction: null,
    callback_at: null,
    reopen_count: 0,
    event_count: 1,
  };

  let stored = ticket;
  try {
    await db.transaction().execute(async (trx) => {
      // Clocks, notice links and the household's confirmation commit with the order (registered handlers).
      stored = await recordCreation(trx, ticket, [
        {
          type: 'created',
          at: now,
          actorId: actor.userId,
          note: input.description,
          data: {
            channel: input.channel,
            unitId: unit.id,
            ...(input.source && { source: input.source }),
            ...(repeatOf && { repeatOf: { id: repeatOf.id, number: repeatOf.number } }),
          },
          attachments: input.attachments,
        },
      ]);
      if (alsoWrite) await alsoWrite(trx, stored);
      if (idempotencyKey) {
        await trx
          .insertInto('idempotency_keys')
          .values({
            tenant_id: actor.tenantId,
            user_id: actor.userId,
            key: idempotencyKey,
            request_hash: requestHash,
            ticket_id: ticket.id,
          })
          .execute();
      }
    });
  } catch (e) {
    // Two retries with one key raced: the loser rolls back and answers with the winner's order.
    if (idempotencyKey && isUniqueViolation(e)) {
      const replay = await replayIdempotent(db, ctx, idempotencyKey, requestHash);
      if (replay) return { ticket: replay, replayed: true };
    }
    throw e;
  }
  return { ticket: stored, replayed: false };
}
