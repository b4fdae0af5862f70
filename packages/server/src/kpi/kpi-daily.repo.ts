import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

/** Orders still open in a subtree, and how many of them have a clock that has passed at `now`. */
export async function openAndLateCounts(
  db: Kysely<DB>,
  tenantId: string,
  unitPath: string,
  now: Date,
): Promise<{ open: number; late: number }> {
  const { rows } = await sql<{ open: number; late: number }>`
    SELECT count(*)::int AS open,
      count(*) FILTER (WHERE status <> 'suspended' AND (
        late
        OR (responded_at IS NULL AND respond_by < ${now})
        OR (arrived_at IS NULL AND arrive_by < ${now})
        OR (resolved_at IS NULL AND resolve_by < ${now})))::int AS late
    FROM tickets
    WHERE tenant_id = ${tenantId} AND unit_path LIKE ${`${unitPath}%`} AND status NOT IN ('resolved', 'closed')`.execute(db);
  return rows[0] ?? { open: 0, late: 0 };
}
