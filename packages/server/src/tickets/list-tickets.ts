import { type Expression, type SqlBool, sql } from 'kysely';
import { getUnit } from '../org/unit.repo.js';
import type { Ctx } from '../shared/context.js';
import { badRequest } from '../shared/errors.js';
import { isSaneInstant } from '../shared/instant.js';
import { visibleTo } from './ticket.repo.js';
import type { ListQuery } from './ticket.schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Cursor = { createdAt: string; id: string };

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

function decodeCursor(s: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [string, string];
    // Both parts reach the database: an id that is no uuid or a year 275760 would be a 500 there.
    if (typeof createdAt !== 'string' || typeof id !== 'string' || !isSaneInstant(Date.parse(createdAt)) || !UUID.test(id))
      throw new Error();
    return { createdAt, id };
  } catch {
    throw badRequest('invalid_cursor', 'cursor: not a cursor this API returned');
  }
}

/** Orders the actor may see, newest first, filtered and paginated by cursor. */
export async function listTickets(ctx: Ctx, q: ListQuery) {
  const { db, actor } = ctx;
  const now = ctx.clock.now();
  let query = db.selectFrom('tickets').selectAll().where('tenant_id', '=', actor.tenantId).where(visibleTo(actor));
  if (q.status?.length) query = query.where('status', 'in', q.status);
  if (q.kind?.length) query = query.where('kind', 'in', q.kind);
  if (q.unitId) {
    const unit = await getUnit(db, actor.tenantId, q.unitId);
    query = query.where('unit_path', 'like', `${unit.path}%`);
  }
  if (q.categoryCode) query = query.where('category_code', '=', q.categoryCode);
  if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId);
  if (q.premiseId) query = query.where('premise_id', '=', q.premiseId);
  if (q.phone) query = query.where('contact_phone', '=', q.phone);
  if (q.from) query = query.where('created_at', '>=', new Date(q.from));
  if (q.to) query = query.where('created_at', '<', new Date(q.to));
  if (q.overdue !== undefined) {
    const overdue: Expression<SqlBool> = sql<boolean>`(status NOT IN ('suspended','closed') AND (
      (responded_at IS NULL AND respond_by < ${now}) OR
      (arrived_at IS NULL AND arrive_by < ${now}) OR
      (resolved_at IS NULL AND resolve_by < ${now})))`;
    query = query.where(q.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', new Date(c.createdAt)), eb.and([eb('created_at', '=', new Date(c.createdAt)), eb('id', '<', c.id)])]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor({ createdAt: last.created_at.toISOString(), id: last.id }) : null;
  return { rows: page, nextCursor };
}
