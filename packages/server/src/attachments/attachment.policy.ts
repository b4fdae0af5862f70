import { type Kysely, sql } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import { appError } from '../shared/errors.js';
import { visibleTo } from '../tickets/ticket.repo.js';
import type { AttachmentMeta } from './attachment.repo.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses an order step that refers to a file the actor may not read: otherwise putting another
 * unit's attachment id into one's own order would hand over the file. Unknown, foreign and
 * unreadable ids answer alike, so the refusal tells nothing about other units' files.
 */
export async function assertAttachmentsUsable(db: Kysely<DB>, actor: Actor, ids: readonly string[] | undefined): Promise<void> {
  for (const [i, id] of (ids ?? []).entries()) {
    const refused = appError('unknown_attachment', `attachments.${i}: not a file you uploaded or may see`);
    if (!UUID.test(id)) throw refused;
    const { rows } = await sql<Pick<AttachmentMeta, 'id' | 'uploaded_by'>>`
      SELECT id, uploaded_by FROM attachments WHERE tenant_id = ${actor.tenantId} AND id = ${id}`.execute(db);
    if (!rows[0] || !(await mayReadAttachment(db, actor, rows[0]))) throw refused;
  }
}
