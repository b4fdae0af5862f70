import { type Kysely, sql } from 'kysely';

// Photos and files attached to order steps. Kept in the database (not on a local disk) so
// every server process sees the same files and a backup of the database is complete.
// Events reference them by id in ticket_events.attachments.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE attachments (
      tenant_id uuid NOT NULL CONSTRAINT attachment_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CONSTRAINT attachment_size_positive CHECK (size_bytes > 0),
      content bytea NOT NULL,
      uploaded_by uuid NOT NULL CONSTRAINT attachment_uploader_fk REFERENCES users(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX attachment_tenant_idx ON attachments (tenant_id, created_at DESC);
  `.execute(db);
}
