import { type Kysely, sql } from 'kysely';

// Columns that hold one of a fixed set of values say so in a CHECK, like their siblings from
// 0001: the database refuses a misspelt kind or priority from any writer (an import, a script, a
// future module), and db/schema.ts — generated from the catalog — types each as the union of its
// values instead of string. The lists are those the API already validates, so existing rows pass.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tickets
      ADD CONSTRAINT ticket_kind_valid CHECK (kind IN ('repair','complaint','consultation','suggestion','praise','misconduct','billing')),
      ADD CONSTRAINT ticket_priority_valid CHECK (priority IN ('urgent','high','normal','low')),
      ADD CONSTRAINT ticket_area_tier_valid CHECK (area_tier IN ('urban','rural','remote')),
      ADD CONSTRAINT ticket_suspended_from_valid CHECK (suspended_from IN ('new','accepted','dispatched','taken','on_site','resolved','suspended','closed'));
    ALTER TABLE urgings ADD CONSTRAINT urging_clock_valid CHECK (clock IN ('respond','arrive','resolve'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE tickets DROP CONSTRAINT ticket_kind_valid, DROP CONSTRAINT ticket_priority_valid,
      DROP CONSTRAINT ticket_area_tier_valid, DROP CONSTRAINT ticket_suspended_from_valid;
    ALTER TABLE urgings DROP CONSTRAINT urging_clock_valid;
  `.execute(db);
}
