import type { Kysely } from 'kysely';
import type { DB, TicketRow } from '../db/schema.js';
import { withTables } from './open311.tables.js';
import { UNPUBLISHED_KINDS } from './service.repo.js';

/** The cap on one GET requests answer, as the specification suggests. */
export const MAX_RESULTS = 1000;

export type RequestFilter = {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: Array<'open' | 'closed'>;
  from?: Date;
  to?: Date;
  clientId?: string;
};

// Statuses where the resident's problem counts as dealt with.
export const CLOSED_STATUSES: TicketRow['status'][] = ['resolved', 'closed'];

/** Tickets of published categories as Open311 sees them, newest first; at most MAX_RESULTS + 1 rows, so the caller can tell truncation. */
export function findRequests(db: Kysely<DB>, tenantId: string, f: RequestFilter) {
  let q = withTables(db)
    .selectFrom('tickets as t')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('premises as p', 'p.id', 't.premise_id')
    .leftJoin('open311_requests as o', 'o.ticket_id', 't.id')
    .select([
      't.id',
      't.number',
      't.status',
      't.kind',
      't.channel',
      't.category_code',
      't.description',
      't.address',
      't.premise_id',
      't.received_at',
      't.updated_at',
      't.resolve_by',
      'c.name as service_name',
      'c.name_en as service_name_en',
      'u.name as unit_name',
      'p.district',
      'p.community',
      'p.building',
      'o.lat',
      'o.long',
      'o.media_url',
      'o.client_id',
      'o.token',
    ])
    .where('t.tenant_id', '=', tenantId)
    .where('c.kind', 'not in', [...UNPUBLISHED_KINDS]);
  if (f.ids) q = q.where('t.number', 'in', f.ids.length ? f.ids : ['']);
  if (f.serviceCodes) q = q.where('t.category_code', 'in', f.serviceCodes.length ? f.serviceCodes : ['']);
  if (f.statuses && f.statuses.length === 1) {
    q = f.statuses[0] === 'closed' ? q.where('t.status', 'in', CLOSED_STATUSES) : q.where('t.status', 'not in', CLOSED_STATUSES);
  }
  if (f.from) q = q.where('t.received_at', '>=', f.from);
  if (f.to) q = q.where('t.received_at', '<=', f.to);
  if (f.clientId) q = q.where('o.client_id', '=', f.clientId);
  return q
    .orderBy('t.received_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(MAX_RESULTS + 1)
    .execute();
}

export type RequestRow = Awaited<ReturnType<typeof findRequests>>[number];

/** The order number behind an Open311 token. */
export function findByToken(db: Kysely<DB>, tenantId: string, token: string) {
  return withTables(db)
    .selectFrom('open311_requests as o')
    .innerJoin('tickets as t', 't.id', 'o.ticket_id')
    .select(['t.number', 'o.token'])
    .where('o.tenant_id', '=', tenantId)
    .where('o.token', '=', token)
    .executeTakeFirst();
}
