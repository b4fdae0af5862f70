import { type Kysely, sql } from 'kysely';

// API processes keep each tenant's configuration (catalogue, commitments, calendars, settings) in
// memory. tenants.config_version tells them when their copy is stale: triggers bump it in the
// same transaction as every write to those tables, whoever writes (API, tools, psql), so no code
// path can forget it, and each intake reads the counter with what it reads anyway.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tenants ADD COLUMN config_version bigint NOT NULL DEFAULT 0;

    CREATE FUNCTION bump_tenant_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE tenants SET config_version = config_version + 1 WHERE id = OLD.tenant_id;
      ELSE
        UPDATE tenants SET config_version = config_version + 1 WHERE id = NEW.tenant_id;
        IF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
          UPDATE tenants SET config_version = config_version + 1 WHERE id = OLD.tenant_id;
        END IF;
      END IF;
      RETURN NULL;
    END;
    $$;
    CREATE TRIGGER category_config_version AFTER INSERT OR UPDATE OR DELETE ON categories
      FOR EACH ROW EXECUTE FUNCTION bump_tenant_config_version();
    CREATE TRIGGER commitment_config_version AFTER INSERT OR UPDATE OR DELETE ON commitments
      FOR EACH ROW EXECUTE FUNCTION bump_tenant_config_version();
    CREATE TRIGGER calendar_config_version AFTER INSERT OR UPDATE OR DELETE ON calendars
      FOR EACH ROW EXECUTE FUNCTION bump_tenant_config_version();
    CREATE TRIGGER calendar_day_config_version AFTER INSERT OR UPDATE OR DELETE ON calendar_days
      FOR EACH ROW EXECUTE FUNCTION bump_tenant_config_version();

    -- The tenant's own settings (prefix, repeat window, time zone, SLA thresholds, name).
    CREATE FUNCTION bump_own_config_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.config_version = OLD.config_version THEN
        NEW.config_version := OLD.config_version + 1;
      END IF;
      RETURN NEW;
    END;
    $$;
    CREATE TRIGGER tenant_config_version BEFORE UPDATE ON tenants
      FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION bump_own_config_version();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER tenant_config_version ON tenants;
    DROP TRIGGER calendar_day_config_version ON calendar_days;
    DROP TRIGGER calendar_config_version ON calendars;
    DROP TRIGGER commitment_config_version ON commitments;
    DROP TRIGGER category_config_version ON categories;
    DROP FUNCTION bump_own_config_version();
    DROP FUNCTION bump_tenant_config_version();
    ALTER TABLE tenants DROP COLUMN config_version;
  `.execute(db);
}
