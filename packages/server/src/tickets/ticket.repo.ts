import { type Kysely, sql } from 'kysely';
import { type Actor, scopePrefix } from '../auth/roles.js';
import type { DB, TicketEventRow, TicketRow } from '../db/schema.js';
import { type CreationWrite, ticketHandlers } from './ticket.handlers.js';
import type { CreateTicketInput } from './ticket.schema.js';
import type { StepAction } from './ticket.state.js';
import type { NewEvent, TicketChanges, Transition } from './ticket.transition.js';

export type { NewEvent } from './ticket.transition.js';

/** Appends events to an order's history, numbering them after `afterSeq`. Events are never updated. */
async function appendEvents(db: Kysely<DB>, t: Pick<TicketRow, 'tenant_id' | 'id'>, afterSeq: number, events: NewEvent[]) {
  await db
    .insertInto('ticket_events')
    .values(events.map((e, i) => eventRow(t, e, afterSeq + i + 1)))
    .execute();
}

/** Like appendEvents, returning the stored rows (the new order's timeline, without reading it again). */
function appendEventsReturning(db: Kysely<DB>, t: Pick<TicketRow, 'tenant_id' | 'id'>, afterSeq: number, events: NewEvent[]) {
  return db
    .insertInto('ticket_events')
    .values(events.map((e, i) => eventRow(t, e, afterSeq + i + 1)))
    .returningAll()
    .execute();
}

const eventRow = (t: Pick<TicketRow, 'tenant_id' | 'id'>, e: NewEvent, seq: number) => ({
  tenant_id: t.tenant_id,
  ticket_id: t.id,
  seq,
  type: e.type,
  at: e.at,
  actor_id: e.actorId,
  note: e.note ?? null,
  data: JSON.stringify(e.data ?? {}),
  attachments: JSON.stringify(e.attachments ?? []),
});

/**
 * The search keys of an order (migration 0130): the bigrams of its address and description and
 * its phone as a caller types it. Written once with the order; neither changes afterwards.
 */
const searchRow = (t: Pick<TicketRow, 'tenant_id' | 'id' | 'address' | 'description' | 'contact_phone'>) => ({
  tenant_id: t.tenant_id,
  ticket_id: t.id,
  phone: sql<string>`search_phone(${t.contact_phone})`,
  bigrams: sql<string[]>`text_bigrams(${`${t.address}\n${t.description}`})`,
});

/** What a writer must know of an order to record a change: its identity and how many events it has. */
export type TicketRef = Pick<TicketRow, 'tenant_id' | 'id' | 'event_count'>;

/**
 * Records a change of an order with the events that explain it, in the caller's transaction
 * (which holds the order's row lock): the columns, the events numbered after the last one, and
 * the event count kept in step. The one way anything outside a step of the loop (a clock
 * warning, an urging acknowledged, an Open311 comment) writes to an order. Returns the new
 * event count.
 */
export async function recordChange(trx: Kysely<DB>, t: TicketRef, changes: TicketChanges, events: NewEvent[]): Promise<number> {
  const eventCount = t.event_count + events.length;
  if (events.length === 0 && Object.keys(changes).length === 0) return eventCount;
  await trx
    .updateTable('tickets')
    .set({ ...changes, event_count: eventCount })
    .where('tenant_id', '=', t.tenant_id)
    .where('id', '=', t.id)
    .execute();
  if (events.length) await appendEvents(trx, t, t.event_count, events);
  return eventCount;
}

/**
 * Records a step of the loop computed by `transition` (ticket.transition.ts), then runs the
 * handlers other modules registered (clocks, messages …) in the same transaction, appending the
 * events they return. Returns the order as it now stands.
 */
export async function recordStep(trx: Kysely<DB>, before: TicketRow, action: StepAction, outcome: Transition): Promise<TicketRow> {
  const handlers = ticketHandlers();
  const after: TicketRow = { ...before, ...outcome.changes, event_count: await recordChange(trx, before, outcome.changes, outcome.events) };
  for (const h of handlers) {
    const extra = await h.stepped?.(trx, { before, after: { ...after }, action, events: outcome.events });
    if (extra?.length) after.event_count = await recordChange(trx, after, {}, extra);
  }
  return after;
}

/**
 * Stores a new order with its first events (its 'created' step) and what the registered handlers
 * write with it (clocks, messages) plus the caller's `alsoInsert` (an Idempotency-Key), all in one
 * statement; then runs the handlers that must read what they link (notices), in the caller's
 * transaction. Returns the order with its final event count and its timeline.
 */
export async function recordCreation(
  trx: Kysely<DB>,
  ticket: TicketRow,
  events: NewEvent[],
  intake?: CreateTicketInput,
  alsoInsert: CreationWrite[] = [],
): Promise<{ ticket: TicketRow; events: TicketEventRow[] }> {
  const handlers = ticketHandlers();
  const stored: TicketRow = { ...ticket, event_count: events.length };
  const writes = [...alsoInsert];
  for (const h of handlers) if (h.creationWrites) writes.push(...(await h.creationWrites(trx, { ...stored })));
  // The order, its search keys, its first events and the handlers' rows in one statement:
  // foreign keys are checked at its end, and one round trip stores the whole intake.
  let statement = trx
    .with('stored', (db) => db.insertInto('tickets').values(stored))
    .with('searchable', (db) => db.insertInto('ticket_search').values(searchRow(stored)));
  writes.forEach((write, i) => {
    // Each write is a CTE nobody selects from (parenthesised: Kysely leaves raw SQL bare).
    statement = statement.with(`write_${i}`, () => sql`(${write})` as never) as unknown as typeof statement;
  });
  const timeline = await statement
    .insertInto('ticket_events')
    .values(events.map((e, i) => eventRow(stored, e, i + 1)))
    .returningAll()
    .execute();
  for (const h of handlers) {
    const extra = await h.created?.(trx, { ...stored }, intake);
    if (!extra?.length) continue;
    await trx
      .updateTable('tickets')
      .set({ event_count: stored.event_count + extra.length })
      .where('tenant_id', '=', stored.tenant_id)
      .where('id', '=', stored.id)
      .execute();
    timeline.push(...(await appendEventsReturning(trx, stored, stored.event_count, extra)));
    stored.event_count += extra.length;
  }
  return { ticket: stored, events: timeline };
}

/**
 * A new order's row without the columns that hold their defaults (hidden from a unit, 0070;
 * repeat calls and duplicate link, 0120): the demo's season then also loads into a database migrated only part of the
 * way, as test/db/tenant-keys.test.ts does before migrating it to the latest.
 */
function withoutDefaults(t: TicketRow) {
  const { repeat_calls, duplicate_of_id, hidden_from_path, ...rest } = t;
  return {
    ...rest,
    ...(repeat_calls !== 0 && { repeat_calls }),
    ...(duplicate_of_id !== null && { duplicate_of_id }),
    ...(hidden_from_path !== null && { hidden_from_path }),
  };
}

/**
 * Stores many orders with their whole histories at once (the demo's season), in chunks under
 * PostgreSQL's 65,535 bind parameters. Runs no handlers: each history must already have been
 * computed step by step through `transition`, and the caller writes what other modules keep.
 */
export async function recordHistories(
  trx: Kysely<DB>,
  orders: { ticket: TicketRow; events: NewEvent[] }[],
  progress?: (done: number) => void,
): Promise<number> {
  for (let i = 0; i < orders.length; i += 500) {
    const part = orders.slice(i, i + 500);
    await trx
      .insertInto('tickets')
      // Columns added later (hidden_from_path 0070, repeat_calls and duplicate_of_id 0120) keep their
      // defaults, so the demo also loads into a database migrated only up to 0050 (test/db/tenant-keys.test.ts).
      .values(part.map((o) => ({ ...withoutDefaults(o.ticket), event_count: o.events.length })))
      .execute();
    await trx
      .insertInto('ticket_search')
      .values(part.map((o) => searchRow(o.ticket)))
      .execute();
    progress?.(i + part.length);
  }
  const rows = orders.flatMap((o) => o.events.map((e, i) => eventRow(o.ticket, e, i + 1)));
  for (let i = 0; i < rows.length; i += 3000)
    await trx
      .insertInto('ticket_events')
      .values(rows.slice(i, i + 3000))
      .execute();
  return rows.length;
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

/** The orders closed as duplicates of this one (the link back from duplicate_of_id), oldest first. */
export function listDuplicates(db: Kysely<DB>, tenantId: string, ticketId: string) {
  return db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('tenant_id', '=', tenantId)
    .where('duplicate_of_id', '=', ticketId)
    .orderBy('closed_at')
    .execute();
}

/** The scope condition for orders: inside the actor's subtree, or filed by or assigned to them. */
export function visibleTo(actor: Actor) {
  const prefix = `${scopePrefix(actor)}%`;
  const seen = sql<boolean>`(unit_path LIKE ${prefix} OR assignee_id = ${actor.userId} OR first_contact_user_id = ${actor.userId})`;
  if (actor.role === 'quality_supervisor') return seen;
  // A complaint may be hidden from the complained-about unit until it is ruled (a tenant setting);
  // whoever filed it or holds it still sees it.
  return sql<boolean>`(${seen} AND (hidden_from_path IS NULL OR ${actor.unitPath} NOT LIKE hidden_from_path || '%'
    OR assignee_id = ${actor.userId} OR first_contact_user_id = ${actor.userId}))`;
}

/**
 * Hides an order from the staff of a unit subtree (`path`), or shows it again (null): a complaint
 * until it is ruled. Recorded without an event; the complaint's own history says why.
 */
export async function setHiddenFrom(trx: Kysely<DB>, t: TicketRef, path: string | null): Promise<void> {
  await recordChange(trx, t, { hidden_from_path: path }, []);
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
