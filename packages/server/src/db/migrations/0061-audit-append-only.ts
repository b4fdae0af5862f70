import { type Kysely, sql } from 'kysely';

// The record must hold even against the application: an order's history (ticket_events) and the
// log of refused requests are appended, never changed. A trigger refuses UPDATE, DELETE and
// TRUNCATE whatever role the server connects as (a REVOKE would not bind the tables' owner, which
// is what the server is on PGlite and in most PostgreSQL installations).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE refusals (
      tenant_id uuid NOT NULL CONSTRAINT refusal_tenant_fk REFERENCES tenants(id),
      id uuid NOT NULL,
      at timestamptz NOT NULL,
      user_id uuid,
      method text NOT NULL,
      route text NOT NULL,
      status smallint NOT NULL,
      code text NOT NULL,
      request_id text,
      CONSTRAINT refusal_pk PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX refusal_time_idx ON refusals (tenant_id, at DESC);

    CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
    END;
    $$;
    CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_events
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
    CREATE TRIGGER ticket_event_no_truncate BEFORE TRUNCATE ON ticket_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
    CREATE TRIGGER refusal_append_only BEFORE UPDATE OR DELETE ON refusals
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
    CREATE TRIGGER refusal_no_truncate BEFORE TRUNCATE ON refusals
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER ticket_event_append_only ON ticket_events;
    DROP TRIGGER ticket_event_no_truncate ON ticket_events;
    DROP TABLE refusals;
    DROP FUNCTION refuse_audit_change();
  `.execute(db);
}
