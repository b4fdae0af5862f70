import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

export type TicketChange = {
  id: string;
  tenant_id: string;
  unit_path: string;
  assignee_id: string | null;
  first_contact_user_id: string | null;
  status: string;
  /** Bumped by every step; tells two changes apart even within one clock tick. */
  event_count: number;
  updated_at: Date;
};

/** Orders whose row changed after `since` (every step of the loop bumps updated_at in its transaction). */
export async function ticketsChangedSince(db: Kysely<DB>, since: Date, limit = 500): Promise<TicketChange[]> {
  const { rows } = await sql<TicketChange>`
    SELECT id, tenant_id, unit_path, assignee_id, first_contact_user_id, status, event_count, updated_at
    FROM tickets WHERE updated_at > ${since} ORDER BY updated_at LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, updated_at: new Date(r.updated_at) }));
}

/** The newest change time, the starting point of a fresh feed. */
export async function latestTicketChange(db: Kysely<DB>): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`SELECT max(updated_at) AS at FROM tickets`.execute(db);
  return rows[0]?.at ? new Date(rows[0].at) : null;
}
