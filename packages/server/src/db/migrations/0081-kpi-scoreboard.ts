import { type Kysely, sql } from 'kysely';

// The public commitments scoreboard (/status/<tenant>/scoreboard) reads monthly snapshots, not the
// rollups: what was published for a month stays as published (history), and a public page costs
// one indexed read however busy the database is.
// - kpi_scoreboard_months: per tenant × month × indicator × unit (the group and each company) the
//   counts, value and target at the last refresh. The current and the previous month are
//   recomputed by the background pass; older months are left as they were published.
// - kpi_scoreboard_refreshes: when a tenant's scoreboard was last refreshed, so the pass knows
//   when to run again even for a tenant that publishes nothing.
// Only aggregates are kept: no order, person or household appears here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE kpi_scoreboard_months (
      tenant_id uuid NOT NULL CONSTRAINT kpi_scoreboard_tenant_fk REFERENCES tenants(id),
      month text NOT NULL CONSTRAINT kpi_scoreboard_month_valid CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      code text NOT NULL,
      unit_id uuid NOT NULL,
      -- The unit as it was named and placed when published (a later rename does not rewrite history).
      unit_name text NOT NULL,
      unit_kind text NOT NULL CONSTRAINT kpi_scoreboard_unit_kind_valid CHECK (unit_kind IN ('group','company')),
      numerator double precision,
      denominator double precision,
      value double precision,
      target double precision,
      computed_at timestamptz NOT NULL,
      CONSTRAINT kpi_scoreboard_pk PRIMARY KEY (tenant_id, month, code, unit_id)
    );

    CREATE TABLE kpi_scoreboard_refreshes (
      tenant_id uuid NOT NULL CONSTRAINT kpi_scoreboard_refresh_tenant_fk REFERENCES tenants(id),
      refreshed_at timestamptz NOT NULL,
      CONSTRAINT kpi_scoreboard_refresh_pk PRIMARY KEY (tenant_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE kpi_scoreboard_refreshes; DROP TABLE kpi_scoreboard_months;`.execute(db);
}
