import { type Kysely, sql } from 'kysely';

// A notice belongs to a unit, so every notice action can be limited to the actor's part of the
// organisation (a station manager must not publish or end another company's notice). Existing
// notices go to their author's unit, or to the group when the author is unknown.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE notices ADD COLUMN unit_id uuid;
    UPDATE notices n SET unit_id = coalesce(
      (SELECT u.unit_id FROM users u WHERE u.tenant_id = n.tenant_id AND u.id = n.created_by),
      (SELECT r.id FROM units r WHERE r.tenant_id = n.tenant_id AND r.parent_id IS NULL ORDER BY r.path LIMIT 1));
    ALTER TABLE notices ALTER COLUMN unit_id SET NOT NULL;
    -- The foreign key carries tenant_id, so a notice can never point at another tenant's unit.
    CREATE UNIQUE INDEX IF NOT EXISTS unit_tenant_id_unique ON units (tenant_id, id);
    ALTER TABLE notices ADD CONSTRAINT notice_unit_fk FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id);
    CREATE INDEX notice_unit_idx ON notices (tenant_id, unit_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE notices DROP COLUMN unit_id`.execute(db);
}
