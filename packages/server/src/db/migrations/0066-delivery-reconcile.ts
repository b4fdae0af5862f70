import { type Kysely, sql } from 'kysely';

// Providers such as Aliyun SendSms are not idempotent: sending the same message twice reaches
// the household twice. A message whose fate we did not learn (the worker died after handing it
// over, the request timed out, the provider answered 5xx) is therefore marked, and the next
// attempt first asks the provider's status query whether it arrived, instead of resending blind.
//
// The provider's rate limit belongs to the account, not to a process: one pacing row per
// channel, updated atomically by every worker, keeps all of them together within it. It is
// installation-wide (one provider account), so it carries no tenant_id.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE outbox_messages ADD COLUMN outcome_unknown boolean NOT NULL DEFAULT false;

    CREATE TABLE delivery_pacing (
      channel text CONSTRAINT delivery_pacing_pk PRIMARY KEY,
      -- A token bucket: tokens refill at the channel's rate from refilled_at, up to one second's worth.
      tokens double precision NOT NULL CONSTRAINT delivery_pacing_tokens_valid CHECK (tokens >= 0),
      refilled_at timestamptz NOT NULL,
      -- The provider said "slow down" (429): nobody sends on this channel before this instant.
      paused_until timestamptz,
      -- What the last take granted, so one UPDATE … RETURNING both decides and reports it.
      last_granted integer NOT NULL DEFAULT 0
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE delivery_pacing; ALTER TABLE outbox_messages DROP COLUMN outcome_unknown;`.execute(db);
}
