import { type Kysely, sql } from 'kysely';

// Open311 GeoReport v2. Client systems (civic apps, FixMyStreet, another city's CRM) hold an
// API key each; only its SHA-256 is stored, so a leaked database does not leak working keys.
// Requests arriving through the endpoint are ordinary tickets; open311_requests keeps what the
// specification carries that a ticket has no column for (token, lat/long, attribute values).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE open311_clients (
      tenant_id uuid NOT NULL CONSTRAINT open311_client_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      name text NOT NULL,
      key_hash text NOT NULL CONSTRAINT open311_client_key_unique UNIQUE,
      -- The first characters of the key, so an administrator can tell keys apart without the secret.
      key_prefix text NOT NULL,
      created_by uuid CONSTRAINT open311_client_creator_fk REFERENCES users(id),
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE INDEX open311_client_tenant_idx ON open311_clients (tenant_id, created_at DESC);

    CREATE TABLE open311_requests (
      tenant_id uuid NOT NULL,
      ticket_id uuid PRIMARY KEY CONSTRAINT open311_request_ticket_fk REFERENCES tickets(id),
      client_id uuid NOT NULL CONSTRAINT open311_request_client_fk REFERENCES open311_clients(id),
      token text NOT NULL CONSTRAINT open311_request_token_unique UNIQUE,
      lat double precision,
      long double precision,
      address_string text,
      email text,
      device_id text,
      account_id text,
      media_url text,
      attributes jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL
    );
    CREATE INDEX open311_request_client_idx ON open311_requests (tenant_id, client_id, created_at DESC);

    -- FixMyStreet's servicerequestupdates: an update posted twice with the same update_id is one update.
    CREATE TABLE open311_updates (
      tenant_id uuid NOT NULL,
      client_id uuid NOT NULL CONSTRAINT open311_update_client_fk REFERENCES open311_clients(id),
      client_update_id text NOT NULL,
      ticket_id uuid NOT NULL CONSTRAINT open311_update_ticket_fk REFERENCES tickets(id),
      event_seq integer NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (client_id, client_update_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE open311_updates, open311_requests, open311_clients;`.execute(db);
}
