import { type Kysely, sql } from 'kysely';

// Publishing a notice to 100 000 premises must queue within seconds. The foreign keys of
// notice_premises cost a trigger call per row (half the time of materialising the premises), and
// they guard nothing the code does not already guarantee: the rows are written only by the publish
// statement, selected from the tenant's own premises under the notice row locked in the same
// transaction. Premises are never deleted (they are deactivated), so the ids cannot dangle.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE notice_premises DROP CONSTRAINT notice_premise_notice_fk, DROP CONSTRAINT notice_premise_premise_fk;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE notice_premises
      ADD CONSTRAINT notice_premise_notice_fk FOREIGN KEY (notice_id) REFERENCES notices(id),
      ADD CONSTRAINT notice_premise_premise_fk FOREIGN KEY (premise_id) REFERENCES premises(id);
  `.execute(db);
}
