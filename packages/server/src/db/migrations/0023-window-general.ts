import { type Kysely, sql } from 'kysely';

// Tenants created before working-day commitments existed get the window-service category that
// new tenants receive from the standard catalogue: resolve within 3 working days on the
// working-hours calendar (限时办结). Tenants that already have the code keep theirs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO categories (tenant_id, id, code, kind, name, name_en, default_priority, routing_unit_id)
    SELECT t.id, gen_random_uuid(), 'window-general', 'consultation', '窗口综合业务', 'Window service (general)', 'normal',
           (SELECT u.id FROM units u WHERE u.tenant_id = t.id AND u.parent_id IS NULL ORDER BY u.path LIMIT 1)
    FROM tenants t
    WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.tenant_id = t.id AND c.code = 'window-general');

    INSERT INTO commitments (tenant_id, id, category_id, priority, area_tier, respond_minutes, calendar_code, resolve_working_days)
    SELECT c.tenant_id, gen_random_uuid(), c.id, '*', '*', 30, 'working-hours', 3
    FROM categories c
    WHERE c.code = 'window-general' AND NOT EXISTS (SELECT 1 FROM commitments m WHERE m.category_id = c.id);
  `.execute(db);
}

export async function down(): Promise<void> {}
