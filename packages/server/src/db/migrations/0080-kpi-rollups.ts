import { type Kysely, sql } from 'kysely';

// The indicator engine's own tables (kpi/ writes them; it only reads tickets).
// - kpi_targets: a tenant's published target per indicator; absent → the catalogue default.
// - kpi_day_rollups: the counts every formula needs, per tenant × unit × local day × kind ×
//   category × escalation source, so a month for a subtree sums a few thousand rows instead
//   of scanning millions of orders.
// - kpi_ticket_facts: what each order last contributed to the rollups, so a change to an order
//   is folded as "minus the old contribution, plus the new one" and folding twice is harmless.
// - kpi_fold_marks: per tenant, how far the fold has read tickets.updated_at.
// Every key leads with tenant_id so a large deployment can distribute by tenant.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE kpi_targets (
      tenant_id uuid NOT NULL CONSTRAINT kpi_target_tenant_fk REFERENCES tenants(id),
      code text NOT NULL,
      target double precision NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid,
      CONSTRAINT kpi_target_pk PRIMARY KEY (tenant_id, code)
    );

    CREATE TABLE kpi_day_rollups (
      tenant_id uuid NOT NULL CONSTRAINT kpi_rollup_tenant_fk REFERENCES tenants(id),
      unit_id uuid NOT NULL,
      -- The unit's materialised path, copied so a subtree is a prefix match without a join.
      unit_path text NOT NULL,
      day date NOT NULL,
      kind text NOT NULL,
      category_code text NOT NULL,
      -- The outside body of an escalated order ('' otherwise).
      source text NOT NULL,
      received integer NOT NULL DEFAULT 0,
      repeats integer NOT NULL DEFAULT 0,
      repairs_received integer NOT NULL DEFAULT 0,
      repeat_repairs integer NOT NULL DEFAULT 0,
      complaints integer NOT NULL DEFAULT 0,
      escalated_complaints integer NOT NULL DEFAULT 0,
      resolved integer NOT NULL DEFAULT 0,
      resolved_on_time integer NOT NULL DEFAULT 0,
      resolved_called integer NOT NULL DEFAULT 0,
      first_time_fixed integer NOT NULL DEFAULT 0,
      respond_clocked integer NOT NULL DEFAULT 0,
      respond_on_time integer NOT NULL DEFAULT 0,
      arrive_clocked integer NOT NULL DEFAULT 0,
      arrive_on_time integer NOT NULL DEFAULT 0,
      resolve_clocked integer NOT NULL DEFAULT 0,
      resolve_on_time integer NOT NULL DEFAULT 0,
      respond_n integer NOT NULL DEFAULT 0,
      respond_seconds bigint NOT NULL DEFAULT 0,
      arrive_n integer NOT NULL DEFAULT 0,
      arrive_seconds bigint NOT NULL DEFAULT 0,
      resolve_n integer NOT NULL DEFAULT 0,
      resolve_seconds bigint NOT NULL DEFAULT 0,
      callbacks integer NOT NULL DEFAULT 0,
      satisfied integer NOT NULL DEFAULT 0,
      CONSTRAINT kpi_rollup_pk PRIMARY KEY (tenant_id, unit_id, day, kind, category_code, source)
    );
    -- A period for a subtree: tenant, then the path prefix, then the days.
    CREATE INDEX kpi_rollup_path_day_idx ON kpi_day_rollups (tenant_id, unit_path text_pattern_ops, day);
    CREATE INDEX kpi_rollup_day_idx ON kpi_day_rollups (tenant_id, day);

    CREATE TABLE kpi_ticket_facts (
      tenant_id uuid NOT NULL CONSTRAINT kpi_fact_tenant_fk REFERENCES tenants(id),
      ticket_id uuid NOT NULL,
      facts jsonb NOT NULL,
      CONSTRAINT kpi_fact_pk PRIMARY KEY (tenant_id, ticket_id)
    );

    CREATE TABLE kpi_fold_marks (
      tenant_id uuid NOT NULL CONSTRAINT kpi_fold_mark_tenant_fk REFERENCES tenants(id),
      folded_to timestamptz,
      CONSTRAINT kpi_fold_mark_pk PRIMARY KEY (tenant_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE kpi_fold_marks; DROP TABLE kpi_ticket_facts; DROP TABLE kpi_day_rollups; DROP TABLE kpi_targets;`.execute(db);
}
