import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB, TicketEventRow, TicketRow } from '../db/schema.js';
import type { Ctx } from '../shared/context.js';
import { badRequest, fail, unprocessable } from '../shared/errors.js';
import { zonedDayKey } from '../shared/time.js';
import { cachedTenantConfig, intakeDeadlines, loadTenantConfig, type TenantConfig } from './intake-config.js';
import { findTicket, nextDailyNumber, recordCreation } from './ticket.repo.js';
import type { CreateTicketInput } from './ticket.schema.js';

/** The order, and for a new one its timeline as stored (a replay leaves the caller to read it). */
export type CreateResult = { ticket: TicketRow; replayed: boolean; events?: TicketEventRow[] };

const hashBody = (input: CreateTicketInput) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

type IntakeRead = {
  config_version: string;
  premise_id: string | null;
  premise_address: string | null;
  premise_area_tier: TicketRow['area_tier'] | null;
  premise_unit_id: string | null;
  unit_id: string | null;
  unit_path: string | null;
  repeat_id: string | null;
  repeat_number: string | null;
  request_hash: string | null;
  prior_ticket_id: string | null;
};

/**
 * Everything an intake reads that is not configuration, in one round trip. The unit and the
 * repeat depend on the category and the repeat window, taken from `config`, which the caller
 * checks against the returned version (and reads again with a fresh copy when it was stale).
 */
async function readIntake(
  db: Kysely<DB>,
  ctx: Ctx,
  input: CreateTicketInput,
  config: TenantConfig | undefined,
  receivedAt: Date,
  idempotencyKey: string | undefined,
): Promise<IntakeRead> {
  const { actor } = ctx;
  const category = config?.categories.get(input.categoryCode);
  const routing = category?.active ? category.routing_unit_id : null;
  const windowDays = config?.repeatWindowDays ?? 0;
  const since = new Date(receivedAt.getTime() - windowDays * 86_400_000);
  const repeat =
    category?.active && windowDays > 0
      ? sql`LEFT JOIN LATERAL (
          SELECT r.id, r.number FROM tickets r
          WHERE r.tenant_id = t.id AND r.premise_id = p.id AND r.category_id = ${category.id} AND r.received_at >= ${since}
          ORDER BY r.received_at DESC LIMIT 1) rep ON true`
      : sql`LEFT JOIN (SELECT NULL::uuid AS id, NULL::text AS number) rep ON false`;
  const idem = idempotencyKey
    ? sql`LEFT JOIN idempotency_keys ik ON ik.tenant_id = t.id AND ik.user_id = ${actor.userId} AND ik.key = ${idempotencyKey}`
    : sql`LEFT JOIN (SELECT NULL::text AS request_hash, NULL::uuid AS ticket_id) ik ON false`;
  const { rows } = await sql<IntakeRead>`
    SELECT t.config_version::text AS config_version,
           p.id AS premise_id, p.address AS premise_address, p.area_tier AS premise_area_tier, p.unit_id AS premise_unit_id,
           u.id AS unit_id, u.path AS unit_path, rep.id AS repeat_id, rep.number AS repeat_number,
           ik.request_hash, ik.ticket_id AS prior_ticket_id
    FROM tenants t
    LEFT JOIN premises p ON p.tenant_id = t.id AND p.id = ${input.premiseId ?? null}::uuid
    LEFT JOIN units u ON u.tenant_id = t.id AND u.id = coalesce(${routing ?? null}::uuid, p.unit_id, ${actor.unitId}::uuid)
    ${repeat}
    ${idem}
    WHERE t.id = ${actor.tenantId}`.execute(db);
  return rows[0]!;
}

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
  const now = ctx.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;

  // One statement reads the configuration's version, the premise, the unit, a possible repeat and
  // a stored Idempotency-Key; the kept configuration is used only when its version is current.
  const replayOf = async (read: IntakeRead): Promise<TicketRow | null> => {
    if (read.request_hash == null) return null;
    if (read.request_hash !== requestHash) {
      throw unprocessable('idempotency_key_reused', 'Idempotency-Key: this key was already used with a different body');
    }
    return (await findTicket(db, actor.tenantId, read.prior_ticket_id!)) ?? null;
  };
  let config = cachedTenantConfig(actor.tenantId);
  let read = await readIntake(db, ctx, input, config, receivedAt, idempotencyKey);
  let replay = await replayOf(read);
  if (replay) return { ticket: replay, replayed: true };
  if (!config || config.version !== read.config_version) {
    // Stale or missing: read the configuration again, and what depends on it.
    config = await loadTenantConfig(db, actor.tenantId);
    read = await readIntake(db, ctx, input, config, receivedAt, idempotencyKey);
    replay = await replayOf(read);
    if (replay) return { ticket: replay, replayed: true };
  }

  const category = config.categories.get(input.categoryCode);
  if (!category?.active) fail('unknown_category', `categoryCode: no active category "${input.categoryCode}"`);
  if (category.kind !== input.kind) {
    throw unprocessable(
      'kind_category_mismatch',
      `categoryCode: "${category.code}" belongs to kind "${category.kind}", not "${input.kind}"`,
    );
  }
  if (input.premiseId && !read.premise_id) throw unprocessable('unknown_premise', 'premiseId: no such premise');
  if (receivedAt.getTime() > now.getTime() + 60_000) throw badRequest('invalid_received_at', 'receivedAt: lies in the future');
  if (!read.unit_id) throw new Error(`intake: unit ${category.routing_unit_id ?? read.premise_unit_id ?? actor.unitId} not found`);

  const premise = read.premise_id
    ? { id: read.premise_id, address: read.premise_address!, area_tier: read.premise_area_tier!, unit_id: read.premise_unit_id! }
    : undefined;
  const unit = { id: read.unit_id, path: read.unit_path! };
  const priority = input.priority ?? category.default_priority;
  const areaTier = premise?.area_tier ?? 'urban';
  const deadlines = intakeDeadlines(config, category.id, priority, areaTier, receivedAt, actor.timeZone);
  const tenant = { ticket_prefix: config.ticketPrefix };
  const repeatOf = read.repeat_id ? { id: read.repeat_id, number: read.repeat_number! } : undefined;

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
    repeat_calls: 0,
    duplicate_of_id: null,
    event_count: 1,
    hidden_from_path: null,
  };

  let stored = ticket;
  let events: TicketEventRow[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      // Clocks, notice links and the household's confirmation commit with the order (registered
      // handlers), the Idempotency-Key in the same statement.
      const key = idempotencyKey
        ? trx.insertInto('idempotency_keys').values({
            tenant_id: actor.tenantId,
            user_id: actor.userId,
            key: idempotencyKey,
            request_hash: requestHash,
            ticket_id: ticket.id,
          })
        : undefined;
      ({ ticket: stored, events } = await recordCreation(
        trx,
        ticket,
        [
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
        ],
        input,
        key ? [key] : [],
      ));
      if (alsoWrite) await alsoWrite(trx, stored);
    });
  } catch (e) {
    // Two retries with one key raced: the loser rolls back and answers with the winner's order.
    if (idempotencyKey && isUniqueViolation(e)) {
      const replay = await replayIdempotent(db, ctx, idempotencyKey, requestHash);
      if (replay) return { ticket: replay, replayed: true };
    }
    throw e;
  }
  return { ticket: stored, replayed: false, events };
}
