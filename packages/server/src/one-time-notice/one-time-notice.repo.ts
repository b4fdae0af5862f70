import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

export type NoticeItem = { code: string; label: string };
export type NoticeRow = { ticket_id: string; items: NoticeItem[]; note: string; issued_by: string; issued_at: Date };

export async function upsertNotice(
  db: Kysely<DB>,
  n: { tenantId: string; ticketId: string; items: NoticeItem[]; note: string; issuedBy: string; at: Date },
): Promise<void> {
  await sql`
    INSERT INTO one_time_notices (tenant_id, ticket_id, items, note, issued_by, issued_at)
    VALUES (${n.tenantId}, ${n.ticketId}, ${JSON.stringify(n.items)}::jsonb, ${n.note}, ${n.issuedBy}, ${n.at})
    ON CONFLICT (ticket_id, tenant_id) DO UPDATE SET items = EXCLUDED.items, note = EXCLUDED.note, issued_by = EXCLUDED.issued_by, issued_at = EXCLUDED.issued_at`.execute(
    db,
  );
}

export async function findNotice(db: Kysely<DB>, tenantId: string, ticketId: string): Promise<NoticeRow | null> {
  const { rows } = await sql<NoticeRow>`
    SELECT ticket_id, items, note, issued_by, issued_at FROM one_time_notices WHERE tenant_id = ${tenantId} AND ticket_id = ${ticketId}`.execute(
    db,
  );
  return rows[0] ?? null;
}
