import { type Kysely, sql } from 'kysely';

// The console's live feed asks "which orders changed since T?" twice a second from every
// server process; this index keeps that a short range scan instead of a table scan.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX ticket_updated_idx ON tickets (updated_at)`.execute(db);
}
