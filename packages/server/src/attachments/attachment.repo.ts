import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

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

/** Bytes of files a tenant keeps, for its quota. */
export async function tenantAttachmentBytes(db: Kysely<DB>, tenantId: string): Promise<number> {
  const { rows } = await sql<{ total: string | number }>`
    SELECT COALESCE(SUM(size_bytes), 0) AS total FROM attachments WHERE tenant_id = ${tenantId}`.execute(db);
  return Number(rows[0]?.total ?? 0);
}

/**
 * Deletes uploads that no order step refers to a day after they were made (an abandoned form,
 * a crew step never sent). Returns how many went; at most `batch` per call.
 */
export async function deleteOrphanAttachments(db: Kysely<DB>, now: Date, batch = 200): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    DELETE FROM attachments WHERE id IN (
      SELECT a.id FROM attachments a
      WHERE a.created_at < ${new Date(now.getTime() - 86_400_000)}
        AND NOT EXISTS (
          SELECT 1 FROM ticket_events e
          WHERE e.tenant_id = a.tenant_id AND e.attachments @> jsonb_build_array(a.id::text))
      LIMIT ${batch})
    RETURNING id`.execute(db);
  return rows.length;
}
