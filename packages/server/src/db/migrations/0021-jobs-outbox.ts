import { type Kysely, sql } from 'kysely';

// Background work in our own tables (no broker): a job queue and a message outbox, both
// claimed with FOR UPDATE SKIP LOCKED so any number of workers can share them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      version integer NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'queued' CONSTRAINT job_status_valid CHECK (status IN ('queued','running','done','dead')),
      run_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5,
      -- A running job whose lease ran out (its worker died) is claimed again.
      locked_until timestamptz,
      last_error text,
      dedup_key text CONSTRAINT job_dedup_unique UNIQUE,
      created_at timestamptz NOT NULL,
      finished_at timestamptz
    );
    CREATE INDEX job_due_idx ON jobs (run_at) WHERE status IN ('queued','running');

    -- One row per message to one recipient, written in the transaction that causes it.
    -- dedup_key is what the provider sees as the message's out-id, so a resend after a
    -- crash between "sent" and "recorded" is recognised as the same message.
    CREATE TABLE outbox_messages (
      tenant_id uuid NOT NULL,
      id uuid PRIMARY KEY,
      dedup_key text NOT NULL,
      channel text NOT NULL CONSTRAINT outbox_channel_valid CHECK (channel IN ('sms','email','inapp')),
      recipient text NOT NULL,
      template text NOT NULL,
      locale text NOT NULL DEFAULT 'zh-CN',
      params jsonb NOT NULL DEFAULT '{}',
      essential boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'queued' CONSTRAINT outbox_status_valid CHECK (status IN ('queued','sending','sent','dead','suppressed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      provider_id text,
      ticket_id uuid,
      notice_id uuid,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      CONSTRAINT outbox_dedup_unique UNIQUE (tenant_id, dedup_key)
    );
    CREATE INDEX outbox_due_idx ON outbox_messages (next_attempt_at) WHERE status IN ('queued','sending');
    CREATE INDEX outbox_notice_idx ON outbox_messages (notice_id, status) WHERE notice_id IS NOT NULL;
    CREATE INDEX outbox_dead_idx ON outbox_messages (tenant_id, created_at) WHERE status = 'dead';
    CREATE INDEX outbox_ticket_idx ON outbox_messages (ticket_id) WHERE ticket_id IS NOT NULL;

    -- A household's wishes, by phone: opting out of non-essential messages, language, email.
    CREATE TABLE contact_preferences (
      tenant_id uuid NOT NULL CONSTRAINT contact_pref_tenant_fk REFERENCES tenants(id),
      phone text NOT NULL,
      opt_out_non_essential boolean NOT NULL DEFAULT false,
      locale text NOT NULL DEFAULT 'zh-CN' CONSTRAINT contact_pref_locale_valid CHECK (locale IN ('zh-CN','en')),
      email text,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, phone)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE contact_preferences, outbox_messages, jobs;`.execute(db);
}
