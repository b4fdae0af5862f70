import { type Kysely, sql } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { withTables } from '../open311/open311.tables.js';
import { visibleTo } from '../tickets/ticket.repo.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Addresses of the tenant's premises matching a fragment, for the report form. Only the
 * address and id leave the server: never a resident's name, phone or account number, and
 * never a lookup by phone, so the search cannot tell whether a number is known.
 */
export async function searchAddresses(db: Kysely<DB>, tenantId: string, q: string, limit = 8) {
  return db
    .selectFrom('premises')
    .select(['id', 'address'])
    .where('tenant_id', '=', tenantId)
    .where('address', 'ilike', `%${escapeLike(q)}%`)
    .orderBy('address')
    .limit(limit)
    .execute();
}

export function findPremiseAddress(db: Kysely<DB>, tenantId: string, id: string) {
  return db.selectFrom('premises').select(['id', 'address']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** The order behind a tracking-code hash, with its category's names. */
export function findTrackedTicket(db: Kysely<DB>, trackingHash: string) {
  return withTables(db)
    .selectFrom('portal_requests as p')
    .innerJoin('tickets as t', 't.id', 'p.ticket_id')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .selectAll('t')
    .select(['c.name as category_name', 'c.name_en as category_name_en'])
    .where('p.tracking_hash', '=', trackingHash)
    .executeTakeFirst();
}
export type TrackedTicket = NonNullable<Awaited<ReturnType<typeof findTrackedTicket>>>;

/** Step types and times only: the public timeline carries no actor and no note. */
export function listPublicEvents(db: Kysely<DB>, tenantId: string, ticketId: string) {
  return db
    .selectFrom('ticket_events')
    .select(['seq', 'type', 'at', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('seq')
    .execute();
}

export function listPhotoIds(db: Kysely<DB>, ticketId: string) {
  return withTables(db).selectFrom('portal_photos').select('id').where('ticket_id', '=', ticketId).orderBy('created_at').execute();
}

/**
 * A resident's photo for the console: only when the staff member may see the order it came with
 * (the same scope as the order itself), otherwise nothing, as if it did not exist.
 */
export function findPhotoForStaff(db: Kysely<DB>, actor: Actor, id: string) {
  return db
    .selectFrom('portal_photos as p')
    .innerJoin('tickets', (j) => j.onRef('tickets.tenant_id', '=', 'p.tenant_id').onRef('tickets.id', '=', 'p.ticket_id'))
    .select(['p.content_type', 'p.content'])
    .where('p.tenant_id', '=', actor.tenantId)
    .where('p.id', '=', id)
    .where(visibleTo(actor))
    .executeTakeFirst();
}

export function findPhoto(db: Kysely<DB>, tenantId: string, id: string) {
  return withTables(db)
    .selectFrom('portal_photos')
    .select(['content_type', 'content'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export const PAGE_SLUGS = ['service-contents', 'fee-standards'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

/** A published page in the locale, falling back to zh-CN. */
export async function findPage(db: Kysely<DB>, tenantId: string, slug: PageSlug, locale: string) {
  const rows = await withTables(db)
    .selectFrom('portal_pages')
    .select(['locale', 'title', 'body', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .execute();
  return rows.find((r) => r.locale === locale) ?? rows.find((r) => r.locale === 'zh-CN') ?? null;
}

export function listPages(db: Kysely<DB>, tenantId: string) {
  return withTables(db)
    .selectFrom('portal_pages')
    .select(['slug', 'locale', 'title', 'body', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('slug')
    .orderBy('locale')
    .execute();
}

export async function savePage(
  db: Kysely<DB>,
  tenantId: string,
  page: { slug: PageSlug; locale: 'zh-CN' | 'en'; title: string; body: string; updatedBy: string; at: Date },
) {
  const values = { title: page.title, body: page.body, updated_by: page.updatedBy, updated_at: page.at };
  await withTables(db)
    .insertInto('portal_pages')
    .values({ tenant_id: tenantId, slug: page.slug, locale: page.locale, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'slug', 'locale']).doUpdateSet(values))
    .execute();
}

export type PublicNotice = {
  id: string;
  kind: string;
  title: string;
  message: string;
  area: string;
  startsAt: Date;
  expectedEndAt: Date | null;
};

/**
 * Active notices (outages, cold snaps) from the notices module: those covering the premise
 * when one is given, otherwise all active ones. Returns [] while the notices tables are
 * missing, so the portal works before that module is installed.
 */
export async function findActiveNoticesForArea(db: Kysely<DB>, tenantId: string, premiseId: string | null): Promise<PublicNotice[]> {
  try {
    const premiseFilter = premiseId
      ? sql`AND EXISTS (SELECT 1 FROM notice_premises np WHERE np.notice_id = n.id AND np.premise_id = ${premiseId})`
      : sql``;
    const res = await sql<{
      id: string;
      kind: string;
      title: string;
      message: string;
      area: string;
      starts_at: Date;
      expected_end_at: Date | null;
    }>`
      SELECT n.id, n.kind, n.title, n.message, n.area, n.starts_at, n.expected_end_at
      FROM notices n
      WHERE n.tenant_id = ${tenantId} AND n.status = 'active' ${premiseFilter}
      ORDER BY n.starts_at DESC
      LIMIT 50`.execute(db);
    return res.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      message: r.message,
      area: r.area,
      startsAt: r.starts_at,
      expectedEndAt: r.expected_end_at,
    }));
  } catch (e) {
    if ((e as { code?: string }).code === '42P01' || (e as { code?: string }).code === '42703') return [];
    throw e;
  }
}
