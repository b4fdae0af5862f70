import { type Kysely, sql } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { visibleTo } from '../tickets/ticket.repo.js';

export type AttachmentMeta = {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: string;
  created_at: Date;
};

export async function insertAttachment(
  db: Kysely<DB>,
  row: { tenantId: string; id: string; fileName: string; contentType: string; content: Buffer; uploadedBy: string; at: Date },
): Promise<void> {
  await sql`
    INSERT INTO attachments (tenant_id, id, file_name, content_type, size_bytes, content, uploaded_by, created_at)
    VALUES (${row.tenantId}, ${row.id}, ${row.fileName}, ${row.contentType}, ${row.content.length}, ${row.content}, ${row.uploadedBy}, ${row.at})`.execute(
    db,
  );
}

export async function findAttachment(db: Kysely<DB>, tenantId: string, id: string): Promise<(AttachmentMeta & { content: Buffer }) | null> {
  const { rows } = await sql<AttachmentMeta & { content: Buffer | Uint8Array }>`
    SELECT id, file_name, content_type, size_bytes, content, uploaded_by, created_at
    FROM attachments WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(db);
  const r = rows[0];
  return r ? { ...r, content: Buffer.from(r.content) } : null;
}

/** A file is readable by its uploader, or by anyone who may see an order whose history refers to it. */
export async function mayReadAttachment(db: Kysely<DB>, actor: Actor, a: Pick<AttachmentMeta, 'id' | 'uploaded_by'>): Promise<boolean> {
  if (a.uploaded_by === actor.userId) return true;
  const { rows } = await sql`
    SELECT 1 FROM ticket_events e JOIN tickets ON tickets.id = e.ticket_id
    WHERE e.tenant_id = ${actor.tenantId} AND e.attachments @> ${JSON.stringify([a.id])}::jsonb
      AND tickets.tenant_id = ${actor.tenantId} AND ${visibleTo(actor)}
    LIMIT 1`.execute(db);
  return rows.length > 0;
}
