import { type Kysely, sql } from 'kysely';

// Repeat calls and duplicates (issue 15, missing step 1). A household that calls again about an
// open order is added to that order as a repeat call (催单) instead of filing a second one; the
// count is kept on the order so a board can show how often it was chased without reading the
// timeline. A dispatcher who finds two orders for one problem closes one as a duplicate of the
// other: duplicate_of_id is the link from the duplicate, the index the way back.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tickets
      ADD COLUMN repeat_calls integer NOT NULL DEFAULT 0,
      ADD COLUMN duplicate_of_id uuid,
      ADD CONSTRAINT ticket_repeat_calls_valid CHECK (repeat_calls >= 0),
      ADD CONSTRAINT ticket_not_own_duplicate CHECK (duplicate_of_id IS DISTINCT FROM id),
      ADD CONSTRAINT ticket_duplicate_of_fk FOREIGN KEY (tenant_id, duplicate_of_id) REFERENCES tickets (tenant_id, id);
    CREATE INDEX ticket_duplicate_of_idx ON tickets (tenant_id, duplicate_of_id) WHERE duplicate_of_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX ticket_duplicate_of_idx;
    ALTER TABLE tickets DROP COLUMN duplicate_of_id, DROP COLUMN repeat_calls;
  `.execute(db);
}
