import { type Kysely, sql } from 'kysely';

// The residents' portal. A request filed there is an ordinary ticket (channel 'web'); the
// resident follows it with a tracking code of 80 random bits, stored only as a SHA-256 so the
// table cannot be used to look requests up. Photos are re-encoded without metadata before they
// are stored here. Published pages (service contents, fee standards) are text an administrator
// edits. Rate-limit counters live in the database so every server process shares them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE portal_requests (
      tenant_id uuid NOT NULL,
      ticket_id uuid PRIMARY KEY CONSTRAINT portal_request_ticket_fk REFERENCES tickets(id),
      tracking_hash text NOT NULL CONSTRAINT portal_tracking_unique UNIQUE,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE portal_photos (
      tenant_id uuid NOT NULL,
      id uuid PRIMARY KEY,
      ticket_id uuid NOT NULL CONSTRAINT portal_photo_ticket_fk REFERENCES tickets(id),
      content_type text NOT NULL,
      size_bytes integer NOT NULL CONSTRAINT portal_photo_size_positive CHECK (size_bytes > 0),
      content bytea NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX portal_photo_ticket_idx ON portal_photos (ticket_id);

    CREATE TABLE portal_pages (
      tenant_id uuid NOT NULL CONSTRAINT portal_page_tenant_fk REFERENCES tenants(id),
      slug text NOT NULL CONSTRAINT portal_page_slug_valid CHECK (slug IN ('service-contents','fee-standards')),
      locale text NOT NULL CONSTRAINT portal_page_locale_valid CHECK (locale IN ('zh-CN','en')),
      title text NOT NULL,
      body text NOT NULL,
      updated_by uuid CONSTRAINT portal_page_editor_fk REFERENCES users(id),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, slug, locale)
    );

    -- Fixed-window counters: one row per bucket, hashed key and window start.
    CREATE TABLE rate_limit_hits (
      bucket text NOT NULL,
      key_hash text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (bucket, key_hash, window_start)
    );
    CREATE INDEX rate_limit_window_idx ON rate_limit_hits (window_start);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE rate_limit_hits, portal_pages, portal_photos, portal_requests;`.execute(db);
}
