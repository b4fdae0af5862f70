import { type Kysely, sql } from 'kysely';

// Urging by a supervisor (督办, issue 15, missing step 6). A quality supervisor or manager urges an
// order with a note and a deadline; it reaches the unit holding the order as an urging, beside
// the clock sweep's (催办), so the same bell lists it and the same acknowledgement answers it.
// kind tells them apart; a supervision carries who asked, what and by when.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE urgings
      ADD COLUMN kind text NOT NULL DEFAULT 'clock',
      ADD COLUMN due_by timestamptz,
      ADD COLUMN created_by uuid,
      ADD COLUMN request text,
      ADD CONSTRAINT urging_kind_valid CHECK (kind IN ('clock', 'supervision')),
      ADD CONSTRAINT urging_supervision_complete CHECK (kind = 'clock' OR (due_by IS NOT NULL AND created_by IS NOT NULL AND request IS NOT NULL)),
      ADD CONSTRAINT urging_created_by_fk FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
      DROP CONSTRAINT urging_clock_valid,
      ADD CONSTRAINT urging_clock_valid CHECK (clock IN ('respond', 'arrive', 'resolve', 'supervision'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DELETE FROM urgings WHERE kind = 'supervision';
    ALTER TABLE urgings
      DROP CONSTRAINT urging_clock_valid,
      ADD CONSTRAINT urging_clock_valid CHECK (clock IN ('respond', 'arrive', 'resolve')),
      DROP COLUMN request, DROP COLUMN created_by, DROP COLUMN due_by, DROP COLUMN kind;
  `.execute(db);
}
