import { type Kysely, sql } from 'kysely';

// Early warning (预警): outage, cold-snap and major-repair notices. The affected premises are
// materialised at publish time, so "is this premise inside an active notice?" is one index
// probe at intake and delivery progress is a count over the notice's outbox rows.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE notices (
      tenant_id uuid NOT NULL CONSTRAINT notice_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      kind text NOT NULL CONSTRAINT notice_kind_valid CHECK (kind IN ('planned_outage','unplanned_outage','cold_snap','major_repair')),
      title text NOT NULL,
      message text NOT NULL,
      area text NOT NULL DEFAULT '',
      starts_at timestamptz NOT NULL,
      expected_end_at timestamptz,
      status text NOT NULL DEFAULT 'draft' CONSTRAINT notice_status_valid CHECK (status IN ('draft','active','ended')),
      target_kind text NOT NULL CONSTRAINT notice_target_kind_valid CHECK (target_kind IN ('nodes','buildings','premises')),
      target jsonb NOT NULL,
      restoration_message text,
      premise_count integer NOT NULL DEFAULT 0,
      created_by uuid CONSTRAINT notice_creator_fk REFERENCES users(id),
      created_at timestamptz NOT NULL,
      published_at timestamptz,
      ended_at timestamptz
    );
    CREATE INDEX notice_status_idx ON notices (tenant_id, status, starts_at DESC);

    CREATE TABLE notice_premises (
      tenant_id uuid NOT NULL,
      notice_id uuid NOT NULL CONSTRAINT notice_premise_notice_fk REFERENCES notices(id),
      premise_id uuid NOT NULL CONSTRAINT notice_premise_premise_fk REFERENCES premises(id),
      PRIMARY KEY (notice_id, premise_id)
    );
    CREATE INDEX notice_premise_lookup_idx ON notice_premises (tenant_id, premise_id);

    CREATE TABLE notice_tickets (
      tenant_id uuid NOT NULL,
      notice_id uuid NOT NULL CONSTRAINT notice_ticket_notice_fk REFERENCES notices(id),
      ticket_id uuid NOT NULL CONSTRAINT notice_ticket_ticket_fk REFERENCES tickets(id),
      linked_at timestamptz NOT NULL,
      PRIMARY KEY (notice_id, ticket_id)
    );
    CREATE INDEX notice_ticket_ticket_idx ON notice_tickets (ticket_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE notice_tickets, notice_premises, notices;`.execute(db);
}
