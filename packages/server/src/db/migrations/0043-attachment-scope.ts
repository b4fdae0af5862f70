import { type Kysely, sql } from 'kysely';

// A file may be read by its uploader or by whoever may see an order whose history refers to
// it; this index finds the referring events without scanning the tenant's history.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX event_attachments_idx ON ticket_events USING gin (attachments jsonb_path_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX event_attachments_idx`.execute(db);
}
