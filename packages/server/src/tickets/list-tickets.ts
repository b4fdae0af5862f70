import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { DB, TicketRow } from '../db/schema.js';
import { getUnit } from '../org/unit.repo.js';
import type { Ctx } from '../shared/context.js';
import { badRequest } from '../shared/errors.js';
import { isSaneInstant } from '../shared/instant.js';
import { visibleTo } from './ticket.repo.js';
import type { FilterQuery, ListQuery } from './ticket.schema.js';
import { STATUSES } from './ticket.state.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC = /^-?\d{1,20}(\.\d{1,12})?$/;

/** An order number as the tenant prints it: prefix, local day, sequence (RX-20261121-0007). */
const ORDER_NUMBER = /^[a-z]{1,10}-\d{8}-\d{1,9}$/i;
/** Only digits and what people put between them; seven digits at least, so a room number (3-201) stays a fragment. */
const PHONE_LIKE = /^\+?[\d\s()-]+$/;

/**
 * How a search term is matched: an order number exactly, a phone number by its digits (the
 * rule is search_phone() in migration 0130), anything else as a fragment of the address or the
 * description.
 * @example termKind('rx-20261121-0007') // 'number'
 * @example termKind('+86 139-0000-0001') // 'phone'
 * @example termKind('3-201') // 'text'
 */
export function termKind(q: string): 'number' | 'phone' | 'text' {
  if (ORDER_NUMBER.test(q)) return 'number';
  if (PHONE_LIKE.test(q) && q.replace(/\D/g, '').length >= 7) return 'phone';
  return 'text';
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The step of the loop, in its order, for sorting by status. */
const STATUS_ORDER = sql.raw(`ARRAY[${STATUSES.map((s) => `'${s}'`).join(',')}]::text[]`);

type TicketQuery = SelectQueryBuilder<DB, 'tickets', TicketRow>;

/**
 * What the sort compares. Filed time is a column with an index (newest first is the default
 * list, and its first page must be fast); the others are one numeric key per order (epoch
 * seconds; no deadline sorts last either way; a status sorts by its place in the loop, then by
 * filing time), so one keyset condition pages through all of them.
 */
function sortKey(sort: FilterQuery['sort'], order: FilterQuery['order']) {
  const none = order === 'asc' ? sql`1e11` : sql`-1e11`;
  switch (sort) {
    case 'created':
      return sql<unknown>`tickets.created_at`;
    case 'received':
      return sql`extract(epoch from tickets.received_at)`;
    case 'deadline':
      return sql`coalesce(extract(epoch from tickets.resolve_by), ${none})`;
    case 'status':
      return sql`(array_position(${STATUS_ORDER}, tickets.status) * 1e11 + extract(epoch from tickets.created_at))`;
  }
}

type Cursor = { key: string; id: string };

const encodeCursor = (q: FilterQuery, c: Cursor) =>
  Buffer.from(JSON.stringify([c.key, c.id, `${q.sort}.${q.order}`])).toString('base64url');

function decodeCursor(s: string, q: FilterQuery): Cursor {
  try {
    const [key, id, sorted = 'created.desc'] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [string, string, string?];
    // Every part reaches the database: an id that is no uuid or a year 275760 would be a 500 there.
    const saneKey = q.sort === 'created' ? typeof key === 'string' && isSaneInstant(Date.parse(key)) : NUMERIC.test(String(key));
    if (!saneKey || typeof id !== 'string' || !UUID.test(id) || sorted !== `${q.sort}.${q.order}`) throw new Error();
    return { key: String(key), id };
  } catch {
    throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned for this sort');
  }
}

/** The orders the actor may see that match the filters and (unless left out) the search term, unsorted and unpaged. */
async function matching(ctx: Ctx, q: FilterQuery, withTerm = true): Promise<TicketQuery> {
  const { db, actor } = ctx;
  const now = ctx.clock.now();
  let query: TicketQuery = db
    .selectFrom('tickets')
    .selectAll('tickets')
    .where('tickets.tenant_id', '=', actor.tenantId)
    .where(visibleTo(actor));
  if (q.q && withTerm) {
    const kind = termKind(q.q);
    if (kind === 'number') query = query.where('tickets.number', 'in', [q.q, q.q.toUpperCase()]);
    else {
      // A semi-join on the order's search keys: the planner starts from their index for a rare
      // fragment and from the newest orders (checking each one's keys) for a common one.
      const keys = kind === 'phone' ? sql<boolean>`s.phone = search_phone(${q.q})` : sql<boolean>`s.bigrams @> text_bigrams(${q.q})`;
      query = query.where(
        sql<boolean>`EXISTS (SELECT 1 FROM ticket_search s WHERE s.tenant_id = tickets.tenant_id AND s.ticket_id = tickets.id AND ${keys})`,
      );
      // Bigrams are necessary, not sufficient: 幸福小区 has the bigrams of 小区幸福.
      if (kind === 'text') {
        const pattern = `%${escapeLike(q.q)}%`;
        query = query.where((eb) => eb.or([eb('tickets.address', 'ilike', pattern), eb('tickets.description', 'ilike', pattern)]));
      }
    }
  }
  if (q.status?.length) query = query.where('tickets.status', 'in', q.status);
  if (q.kind?.length) query = query.where('tickets.kind', 'in', q.kind);
  if (q.channel?.length) query = query.where('tickets.channel', 'in', q.channel);
  if (q.sourceBody?.length) query = query.where('tickets.source_body', 'in', q.sourceBody);
  if (q.unitId) {
    const unit = await getUnit(db, actor.tenantId, q.unitId);
    query = query.where('tickets.unit_path', 'like', `${unit.path}%`);
  }
  if (q.categoryCode) query = query.where('tickets.category_code', '=', q.categoryCode);
  if (q.assigneeId) query = query.where('tickets.assignee_id', '=', q.assigneeId);
  if (q.premiseId) query = query.where('tickets.premise_id', '=', q.premiseId);
  if (q.phone) query = query.where('tickets.contact_phone', '=', q.phone);
  if (q.from) query = query.where('tickets.created_at', '>=', new Date(q.from));
  if (q.to) query = query.where('tickets.created_at', '<', new Date(q.to));
  const overdue: Expression<SqlBool> = sql<boolean>`(tickets.status NOT IN ('suspended','closed') AND (
      (tickets.responded_at IS NULL AND tickets.respond_by < ${now}) OR
      (tickets.arrived_at IS NULL AND tickets.arrive_by < ${now}) OR
      (tickets.resolved_at IS NULL AND tickets.resolve_by < ${now})))`;
  if (q.overdue !== undefined) query = query.where(q.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
  // Late as the order shows it: a missed clock recorded, or an open one passed right now.
  const late = sql<boolean>`(tickets.late OR ${overdue})`;
  if (q.late !== undefined) query = query.where(q.late ? late : sql<boolean>`NOT ${late}`);
  return query;
}

/** The query listTickets answers a page with, unexecuted, so the search benchmark can EXPLAIN exactly what the API runs. */
export async function listTicketsQuery(ctx: Ctx, q: ListQuery) {
  if (q.q && q.sort === 'created' && termKind(q.q) === 'text') {
    const recent = await recentWindowQuery(ctx, { ...q, q: q.q });
    if ((await recent.execute()).length > q.limit) return recent;
  }
  return (await pageQuery(ctx, q)).query;
}

async function pageQuery(ctx: Ctx, q: ListQuery, withTerm = true) {
  const key = sortKey(q.sort, q.order);
  const created = q.sort === 'created';
  let query = (await matching(ctx, q, withTerm)).select(key.as('sort_key'));
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q);
    const value = created ? sql`${c.key}::timestamptz` : sql`${c.key}::numeric`;
    const op = q.order === 'desc' ? sql`<` : sql`>`;
    query = query.where(sql<boolean>`(${key} ${op} ${value} OR (${key} = ${value} AND tickets.id ${op} ${c.id}::uuid))`);
  }
  return {
    query: query
      .orderBy(key, q.order)
      .orderBy('tickets.id', q.order)
      .limit(q.limit + 1),
  };
}

/**
 * How many of the newest orders a fragment search reads straight (ILIKE on the order itself)
 * before it turns to the bigram index. A common fragment (暖气, a big community's name) fills a
 * page from the newest few thousand orders, where the index would have handed over every one of
 * its hundreds of thousands of matches to be sorted; a rare one finds fewer than a page here, and
 * then has few enough matches in the whole table for the index to be quick. See docs/benchmarks.md.
 */
export const RECENT_WINDOW = 20_000;

/** A page of a fragment search from the newest RECENT_WINDOW orders matching the other filters (filing-time order only). */
async function recentWindowQuery(ctx: Ctx, q: ListQuery & { q: string }) {
  const inner = (await pageQuery(ctx, { ...q, limit: RECENT_WINDOW - 1 }, false)).query;
  const pattern = `%${escapeLike(q.q)}%`;
  return ctx.db
    .selectFrom(inner.as('recent'))
    .selectAll()
    .where((eb) => eb.or([eb('recent.address', 'ilike', pattern), eb('recent.description', 'ilike', pattern)]))
    .orderBy('recent.sort_key', q.order)
    .orderBy('recent.id', q.order)
    .limit(q.limit + 1);
}

/** Orders the actor may see, filtered, searched and sorted (newest filed first by default), one page per keyset cursor. */
export async function listTickets(ctx: Ctx, q: ListQuery) {
  let rows: Array<TicketRow & { sort_key: unknown }> | undefined;
  if (q.q && q.sort === 'created' && termKind(q.q) === 'text') {
    const recent = await (await recentWindowQuery(ctx, { ...q, q: q.q })).execute();
    // A full page (and one more) among the newest orders is the answer; fewer, and the index decides.
    if (recent.length > q.limit) rows = recent as typeof rows;
  }
  rows ??= await (await pageQuery(ctx, q)).query.execute();
  const page = rows.slice(0, q.limit).map(({ sort_key, ...t }) => ({ ticket: t as TicketRow, key: sort_key }));
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor(q, { key: last.key instanceof Date ? last.key.toISOString() : String(last.key), id: last.ticket.id })
      : null;
  return { rows: page.map((p) => p.ticket), nextCursor };
}

/** How many orders the actor may see match the filters and the search term (for an export's progress). */
export async function countTickets(ctx: Ctx, q: FilterQuery): Promise<number> {
  const row = await (await matching(ctx, q))
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
