import { type Kysely, sql } from 'kysely';
import { type Actor, scopePrefix } from '../auth/roles.js';
import type { DB, TicketEventRow, TicketRow } from '../db/schema.js';

export type NewEvent = {
  type: string;
  at: Date;
  actorId: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  attachments?: string[];
};

/** Appends events to an order's history, numbering them after `afterSeq`. Events are never updated. */
export async function appendEvents(db: Kysely<DB>, t: Pick<TicketRow, 'tenant_id' | 'id'>, afterSeq: number, events: NewEvent[]) {
  await db
    .insertInto('ticket_events')
    .values(
      events.map((e, i) => ({
        tenant_id: t.tenant_id,
        ticket_id: t.id,
        seq: afterSeq + i + 1,
        type: e.type,
        at: e.at,
        actor_id: e.actorId,
        note: e.note ?? null,
        data: JSON.stringify(e.data ?? {}),
        attachments: JSON.stringify(e.attachments ?? []),
      })),
    )
    .execute();
}

/**
 * One order the actor may see (scope checked in the query itself), optionally locked for an
 * update in the current transaction.
 */
export function findVisibleTicket(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false): Promise<TicketRow | undefined> {
  let q = db.selectFrom('tickets').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).where(visibleTo(actor));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** One order of the tenant by id, whoever asks (system use: idempotent replays, workers). */
export function findTicket(db: Kysely<DB>, tenantId: string, id: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listEvents(db: Kysely<DB>, tenantId: string, ticketId: string): Promise<TicketEventRow[]> {
  return db
    .selectFrom('ticket_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('seq')
    .execute();
}

/** The scope condition for orders: inside the actor's subtree, or filed by or assigned to them. */
export function visibleTo(actor: Actor) {
  const prefix = `${scopePrefix(actor)}%`;
  return sql<boolean>`(unit_path LIKE ${prefix} OR assignee_id = ${actor.userId} OR first_contact_user_id = ${actor.userId})`;
}

/** The latest order for the same premise and category received since `since`, for repeat detection. */
export function findRecentForPremise(db: Kysely<DB>, tenantId: string, premiseId: string, categoryId: string, since: Date) {
  return db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('tenant_id', '=', tenantId)
    .where('premise_id', '=', premiseId)
    .where('category_id', '=', categoryId)
    .where('received_at', '>=', since)
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The next number of the day for a tenant. Runs as its own short statement, outside the
 * order's transaction, so concurrent intakes do not queue behind one another's commits.
 * A failed create leaves a gap in the numbers, as a sequence would.
 *
 * Every intake of a tenant updates this one row, and a row lock is held until the commit has
 * been flushed to disk: with a synchronous commit, numbering alone capped intake at one order
 * per disk flush (≈ 150–250 a second on the benchmark machine, whatever the client count).
 * This statement therefore commits asynchronously (synchronous_commit off, for this statement
 * only). That is safe: the order that uses the number commits synchronously later, and
 * flushing its commit flushes all earlier WAL, this increment included; after a crash only
 * numbers of orders that were never stored can be handed out again.
 */
export async function nextDailyNumber(db: Kysely<DB>, tenantId: string, day: string): Promise<number> {
  // Inside a transaction the setting would make the whole transaction's commit asynchronous.
  if (db.isTransaction) throw new Error('nextDailyNumber must run outside a transaction');
  const { rows } = await sql<{ last: number }>`
    INSERT INTO ticket_counters (tenant_id, day, last)
    SELECT ${tenantId}::uuid, ${day}::text, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    ON CONFLICT (tenant_id, day) DO UPDATE SET last = ticket_counters.last + 1
    RETURNING last`.execute(db);
  return rows[0]!.last;
}
