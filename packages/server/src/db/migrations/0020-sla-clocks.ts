import { type Kysely, sql } from 'kysely';

// Commitment clocks: business calendars with statutory holidays, working-day targets, one timer
// row per order and clock (found by an index on its next due time, so a sweep costs what is
// due, not what is open), urging notices (催办) up the escalation chain, and staff notifications.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tenants
      ADD COLUMN sla_warn_share numeric(4,3) NOT NULL DEFAULT 0.8
        CONSTRAINT tenant_sla_warn_share_range CHECK (sla_warn_share > 0 AND sla_warn_share < 1),
      ADD COLUMN sla_escalate_minutes integer NOT NULL DEFAULT 30
        CONSTRAINT tenant_sla_escalate_positive CHECK (sla_escalate_minutes > 0);

    CREATE TABLE calendars (
      tenant_id uuid NOT NULL CONSTRAINT calendar_tenant_fk REFERENCES tenants(id),
      code text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL CONSTRAINT calendar_kind_valid CHECK (kind IN ('24x7','working_hours')),
      weekdays smallint[] NOT NULL DEFAULT '{1,2,3,4,5}',
      -- Working hours as '08:30-12:00,13:30-17:30' in the tenant's time zone.
      hours text NOT NULL DEFAULT '08:30-12:00,13:30-17:30',
      PRIMARY KEY (tenant_id, code)
    );

    -- Dated exceptions shared by the tenant's calendars: statutory holidays and make-up days (调休).
    CREATE TABLE calendar_days (
      tenant_id uuid NOT NULL CONSTRAINT calendar_day_tenant_fk REFERENCES tenants(id),
      day date NOT NULL,
      kind text NOT NULL CONSTRAINT calendar_day_kind_valid CHECK (kind IN ('holiday','workday')),
      name text NOT NULL DEFAULT '',
      PRIMARY KEY (tenant_id, day)
    );

    -- A clock may be set in working days instead of minutes ("within 3 working days").
    ALTER TABLE commitments
      ADD COLUMN calendar_code text NOT NULL DEFAULT '24x7',
      ADD COLUMN respond_working_days integer CONSTRAINT commitment_respond_days_positive CHECK (respond_working_days > 0),
      ADD COLUMN arrive_working_days integer CONSTRAINT commitment_arrive_days_positive CHECK (arrive_working_days > 0),
      ADD COLUMN resolve_working_days integer CONSTRAINT commitment_resolve_days_positive CHECK (resolve_working_days > 0);

    CREATE TABLE ticket_timers (
      tenant_id uuid NOT NULL,
      ticket_id uuid NOT NULL CONSTRAINT timer_ticket_fk REFERENCES tickets(id),
      clock text NOT NULL CONSTRAINT timer_clock_valid CHECK (clock IN ('respond','arrive','resolve')),
      started_at timestamptz NOT NULL,
      deadline timestamptz NOT NULL,
      met_at timestamptz,
      paused boolean NOT NULL DEFAULT false,
      warned_at timestamptz,
      breached_at timestamptz,
      escalation_level smallint NOT NULL DEFAULT 0,
      escalated_at timestamptz,
      acknowledged_at timestamptz,
      -- When the sweep must next look at this clock; null when nothing more can happen.
      next_due timestamptz,
      PRIMARY KEY (ticket_id, clock)
    );
    CREATE INDEX timer_due_idx ON ticket_timers (next_due) WHERE next_due IS NOT NULL;

    -- 催办: an urging notice to a unit's manager that must be acknowledged, else it climbs.
    CREATE TABLE urgings (
      tenant_id uuid NOT NULL CONSTRAINT urging_tenant_fk REFERENCES tenants(id),
      id uuid PRIMARY KEY,
      ticket_id uuid NOT NULL CONSTRAINT urging_ticket_fk REFERENCES tickets(id),
      clock text NOT NULL,
      level smallint NOT NULL CONSTRAINT urging_level_valid CHECK (level BETWEEN 1 AND 3),
      unit_id uuid NOT NULL CONSTRAINT urging_unit_fk REFERENCES units(id),
      created_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by uuid CONSTRAINT urging_ack_user_fk REFERENCES users(id),
      note text
    );
    CREATE INDEX urging_ticket_idx ON urgings (ticket_id);
    CREATE INDEX urging_open_idx ON urgings (tenant_id, unit_id) WHERE acknowledged_at IS NULL;

    CREATE TABLE staff_notifications (
      tenant_id uuid NOT NULL,
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL CONSTRAINT staff_notification_user_fk REFERENCES users(id),
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      ticket_id uuid,
      urging_id uuid,
      created_at timestamptz NOT NULL,
      read_at timestamptz
    );
    CREATE INDEX staff_notification_user_idx ON staff_notifications (user_id, created_at DESC);

    INSERT INTO calendars (tenant_id, code, name, kind)
      SELECT id, '24x7', '全天候', '24x7' FROM tenants
      UNION ALL SELECT id, 'working-hours', '工作时间', 'working_hours' FROM tenants;
  `.execute(db);
  // The statutory schedule as published when this migration was written (2025 and 2026), copied
  // here as literals: a migration's effect is fixed when written, whatever sla/holidays-cn.ts
  // later ships to new tenants.
  await sql`
    INSERT INTO calendar_days (tenant_id, day, kind, name)
    SELECT t.id, d.day::date, d.kind, d.name
    FROM tenants t CROSS JOIN (VALUES
      ('2025-01-01', 'holiday', '元旦'),
      ('2025-01-28', 'holiday', '春节'),
      ('2025-01-29', 'holiday', '春节'),
      ('2025-01-30', 'holiday', '春节'),
      ('2025-01-31', 'holiday', '春节'),
      ('2025-02-01', 'holiday', '春节'),
      ('2025-02-02', 'holiday', '春节'),
      ('2025-02-03', 'holiday', '春节'),
      ('2025-02-04', 'holiday', '春节'),
      ('2025-01-26', 'workday', '春节调休上班'),
      ('2025-02-08', 'workday', '春节调休上班'),
      ('2025-04-04', 'holiday', '清明节'),
      ('2025-04-05', 'holiday', '清明节'),
      ('2025-04-06', 'holiday', '清明节'),
      ('2025-05-01', 'holiday', '劳动节'),
      ('2025-05-02', 'holiday', '劳动节'),
      ('2025-05-03', 'holiday', '劳动节'),
      ('2025-05-04', 'holiday', '劳动节'),
      ('2025-05-05', 'holiday', '劳动节'),
      ('2025-04-27', 'workday', '劳动节调休上班'),
      ('2025-05-31', 'holiday', '端午节'),
      ('2025-06-01', 'holiday', '端午节'),
      ('2025-06-02', 'holiday', '端午节'),
      ('2025-10-01', 'holiday', '国庆节、中秋节'),
      ('2025-10-02', 'holiday', '国庆节、中秋节'),
      ('2025-10-03', 'holiday', '国庆节、中秋节'),
      ('2025-10-04', 'holiday', '国庆节、中秋节'),
      ('2025-10-05', 'holiday', '国庆节、中秋节'),
      ('2025-10-06', 'holiday', '国庆节、中秋节'),
      ('2025-10-07', 'holiday', '国庆节、中秋节'),
      ('2025-10-08', 'holiday', '国庆节、中秋节'),
      ('2025-09-28', 'workday', '国庆节、中秋节调休上班'),
      ('2025-10-11', 'workday', '国庆节、中秋节调休上班'),
      ('2026-01-01', 'holiday', '元旦'),
      ('2026-01-02', 'holiday', '元旦'),
      ('2026-01-03', 'holiday', '元旦'),
      ('2026-01-04', 'workday', '元旦调休上班'),
      ('2026-02-15', 'holiday', '春节'),
      ('2026-02-16', 'holiday', '春节'),
      ('2026-02-17', 'holiday', '春节'),
      ('2026-02-18', 'holiday', '春节'),
      ('2026-02-19', 'holiday', '春节'),
      ('2026-02-20', 'holiday', '春节'),
      ('2026-02-21', 'holiday', '春节'),
      ('2026-02-22', 'holiday', '春节'),
      ('2026-02-23', 'holiday', '春节'),
      ('2026-02-14', 'workday', '春节调休上班'),
      ('2026-02-28', 'workday', '春节调休上班'),
      ('2026-04-04', 'holiday', '清明节'),
      ('2026-04-05', 'holiday', '清明节'),
      ('2026-04-06', 'holiday', '清明节'),
      ('2026-05-01', 'holiday', '劳动节'),
      ('2026-05-02', 'holiday', '劳动节'),
      ('2026-05-03', 'holiday', '劳动节'),
      ('2026-05-04', 'holiday', '劳动节'),
      ('2026-05-05', 'holiday', '劳动节'),
      ('2026-05-09', 'workday', '劳动节调休上班'),
      ('2026-06-19', 'holiday', '端午节'),
      ('2026-06-20', 'holiday', '端午节'),
      ('2026-06-21', 'holiday', '端午节'),
      ('2026-09-25', 'holiday', '中秋节'),
      ('2026-09-26', 'holiday', '中秋节'),
      ('2026-09-27', 'holiday', '中秋节'),
      ('2026-10-01', 'holiday', '国庆节'),
      ('2026-10-02', 'holiday', '国庆节'),
      ('2026-10-03', 'holiday', '国庆节'),
      ('2026-10-04', 'holiday', '国庆节'),
      ('2026-10-05', 'holiday', '国庆节'),
      ('2026-10-06', 'holiday', '国庆节'),
      ('2026-10-07', 'holiday', '国庆节'),
      ('2026-09-20', 'workday', '国庆节调休上班'),
      ('2026-10-10', 'workday', '国庆节调休上班')
    ) AS d(day, kind, name)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE staff_notifications, urgings, ticket_timers, calendar_days, calendars;
    ALTER TABLE commitments DROP COLUMN calendar_code, DROP COLUMN respond_working_days, DROP COLUMN arrive_working_days, DROP COLUMN resolve_working_days;
    ALTER TABLE tenants DROP COLUMN sla_warn_share, DROP COLUMN sla_escalate_minutes;
  `.execute(db);
}
