import { type Kysely, sql } from 'kysely';

// A window request's one-time notice (一次性告知): every missing material named at once,
// kept with the order so the clerk can print it and nobody asks the resident twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE one_time_notices (
      tenant_id uuid NOT NULL,
      ticket_id uuid PRIMARY KEY CONSTRAINT one_time_notice_ticket_fk REFERENCES tickets(id),
      items jsonb NOT NULL DEFAULT '[]',
      note text NOT NULL DEFAULT '',
      issued_by uuid NOT NULL CONSTRAINT one_time_notice_issuer_fk REFERENCES users(id),
      issued_at timestamptz NOT NULL
    );
  `.execute(db);
}
