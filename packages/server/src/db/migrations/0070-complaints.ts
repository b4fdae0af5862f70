import { type Kysely, sql } from 'kysely';

// Complaints (issue 10): a complaint is a work order of kind complaint; complaints/ keeps beside
// it what only a complaint has — its subject, sub-type, the outside body's deadline, the
// investigator, the ruling and whom it charges, and the replies. tickets/ stays the one writer of
// tickets and ticket_events; the ruling itself is a step of the order (action `rule`).
// - tickets.hidden_from_path: while set, staff inside that subtree (the complained-about unit) do
//   not see the order; a tenant setting, cleared by the ruling (kept on tickets so every scoped
//   query applies it without a join).
// - complaint_settings: a tenant's sub-types and accountability measures (lists it edits), whether
//   the case is hidden from the complained-about unit until ruled, and the repeat window.
// - complaints: one row per complaint order.
// - complaint_replies: the answer to the complainant (letter, phone, visit) and the written one to
//   the escalating body, each with its time, content and whether it was accepted.
// - complaint_escalations: a later escalation of the same matter by an outside body (it reopens
//   the order), with that body's reference and deadline.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tickets ADD COLUMN hidden_from_path text;

    CREATE TABLE complaint_settings (
      tenant_id uuid NOT NULL CONSTRAINT complaint_settings_tenant_fk REFERENCES tenants(id),
      hide_until_ruled boolean NOT NULL DEFAULT true,
      repeat_window_days integer NOT NULL DEFAULT 90
        CONSTRAINT complaint_repeat_window_valid CHECK (repeat_window_days BETWEEN 0 AND 3650),
      -- [{"code","zh","en","active"}]: codes stay forever once used, so old cases keep their label.
      sub_types jsonb NOT NULL,
      measures jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid,
      CONSTRAINT complaint_settings_pk PRIMARY KEY (tenant_id)
    );

    CREATE TABLE complaints (
      tenant_id uuid NOT NULL CONSTRAINT complaint_tenant_fk REFERENCES tenants(id),
      ticket_id uuid NOT NULL,
      subject_type text NOT NULL CONSTRAINT complaint_subject_type_valid CHECK (subject_type IN ('order','staff','unit','service')),
      subject_ticket_id uuid,
      subject_user_id uuid,
      subject_unit_id uuid,
      -- The complained-about unit's path (the subject's unit), for hiding and analysis by unit.
      subject_unit_path text,
      sub_type text NOT NULL,
      -- How a direct complaint came in; null for escalated ones (the order's source says who).
      direct_via text CONSTRAINT complaint_direct_via_valid CHECK (direct_via IN ('hotline','window','portal','letter','visit')),
      -- The outside body's own deadline, a clock of its own with warning and breach.
      due_at timestamptz,
      due_warned_at timestamptz,
      due_breached_at timestamptz,
      written_reply_expected boolean NOT NULL DEFAULT false,
      investigator_id uuid,
      ruling text CONSTRAINT complaint_ruling_valid CHECK (ruling IN ('verified','partly_verified','unfounded')),
      ruling_note text,
      ruled_at timestamptz,
      ruled_by uuid,
      charged_unit_id uuid,
      charged_unit_path text,
      charged_user_ids jsonb NOT NULL DEFAULT '[]',
      measures jsonb NOT NULL DEFAULT '[]',
      -- An earlier complaint of the same household or subject within the tenant's window.
      repeat_of_ticket_id uuid,
      created_at timestamptz NOT NULL,
      CONSTRAINT complaint_pk PRIMARY KEY (ticket_id, tenant_id),
      CONSTRAINT complaint_ticket_fk FOREIGN KEY (ticket_id, tenant_id) REFERENCES tickets (id, tenant_id),
      CONSTRAINT complaint_subject_ticket_fk FOREIGN KEY (subject_ticket_id, tenant_id) REFERENCES tickets (id, tenant_id),
      CONSTRAINT complaint_subject_user_fk FOREIGN KEY (tenant_id, subject_user_id) REFERENCES users (tenant_id, id),
      CONSTRAINT complaint_subject_unit_fk FOREIGN KEY (tenant_id, subject_unit_id) REFERENCES units (tenant_id, id),
      CONSTRAINT complaint_investigator_fk FOREIGN KEY (tenant_id, investigator_id) REFERENCES users (tenant_id, id),
      CONSTRAINT complaint_charged_unit_fk FOREIGN KEY (tenant_id, charged_unit_id) REFERENCES units (tenant_id, id),
      CONSTRAINT complaint_repeat_fk FOREIGN KEY (repeat_of_ticket_id, tenant_id) REFERENCES tickets (id, tenant_id),
      CONSTRAINT complaint_ruling_complete CHECK ((ruling IS NULL) = (ruled_at IS NULL))
    );
    -- The desk: open cases by investigator; the analysis: by month of receipt is on tickets.
    CREATE INDEX complaint_investigator_idx ON complaints (tenant_id, investigator_id);
    CREATE INDEX complaint_due_idx ON complaints (tenant_id, due_at) WHERE due_at IS NOT NULL AND due_breached_at IS NULL;
    CREATE INDEX complaint_subject_ticket_idx ON complaints (tenant_id, subject_ticket_id) WHERE subject_ticket_id IS NOT NULL;

    CREATE TABLE complaint_replies (
      tenant_id uuid NOT NULL CONSTRAINT complaint_reply_tenant_fk REFERENCES tenants(id),
      id uuid NOT NULL,
      ticket_id uuid NOT NULL,
      audience text NOT NULL CONSTRAINT complaint_reply_audience_valid CHECK (audience IN ('complainant','body')),
      method text NOT NULL CONSTRAINT complaint_reply_method_valid CHECK (method IN ('letter','phone','visit','document')),
      replied_at timestamptz NOT NULL,
      content text NOT NULL,
      accepted boolean,
      attachments jsonb NOT NULL DEFAULT '[]',
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL,
      CONSTRAINT complaint_reply_pk PRIMARY KEY (id, tenant_id),
      CONSTRAINT complaint_reply_complaint_fk FOREIGN KEY (ticket_id, tenant_id) REFERENCES complaints (ticket_id, tenant_id)
    );
    CREATE INDEX complaint_reply_ticket_idx ON complaint_replies (tenant_id, ticket_id);

    CREATE TABLE complaint_escalations (
      tenant_id uuid NOT NULL CONSTRAINT complaint_escalation_tenant_fk REFERENCES tenants(id),
      id uuid NOT NULL,
      ticket_id uuid NOT NULL,
      body text NOT NULL,
      reference text NOT NULL,
      received_at timestamptz NOT NULL,
      due_at timestamptz,
      written_reply_expected boolean NOT NULL DEFAULT false,
      recorded_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL,
      CONSTRAINT complaint_escalation_pk PRIMARY KEY (id, tenant_id),
      CONSTRAINT complaint_escalation_complaint_fk FOREIGN KEY (ticket_id, tenant_id) REFERENCES complaints (ticket_id, tenant_id)
    );
    CREATE INDEX complaint_escalation_ticket_idx ON complaint_escalations (tenant_id, ticket_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE complaint_escalations; DROP TABLE complaint_replies; DROP TABLE complaints; DROP TABLE complaint_settings;
    ALTER TABLE tickets DROP COLUMN hidden_from_path;
  `.execute(db);
}
