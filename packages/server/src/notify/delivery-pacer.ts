import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The provider's rate limit, shared by every worker process: a token bucket per channel kept in
 * one row of `delivery_pacing`, taken from and refilled by a single UPDATE, so two workers can
 * never both spend the same second's allowance. Time comes from the database unless a test
 * passes its own, so workers on machines with drifting clocks still share one timeline.
 */
export class DeliveryPacer {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly now?: () => Date,
  ) {}

  private at(): RawBuilder<Date> {
    return this.now ? sql<Date>`${this.now()}::timestamptz` : sql<Date>`statement_timestamp()`;
  }

  /** How many messages `channel` may send now, at most `want`, taken from the shared bucket. */
  async take(channel: string, ratePerSecond: number, want: number): Promise<number> {
    if (want <= 0) return 0;
    const now = this.at();
    const rate = sql`${ratePerSecond}::float8`;
    // Refilled from refilled_at at the channel's rate, capped at one second's worth; nothing while paused.
    const available = sql`CASE WHEN p.paused_until > ${now} THEN 0
      ELSE least(${rate}, p.tokens + greatest(0, extract(epoch FROM ${now} - p.refilled_at)) * ${rate}) END`;
    const granted = sql`least(${want}::int, floor(${available}))::int`;
    // One statement reads and writes the row under its lock: a concurrent taker waits and then
    // re-evaluates these expressions on the row as we left it.
    const takeFromRow = async () =>
      (
        await sql<{ last_granted: number }>`
          UPDATE delivery_pacing p SET
            last_granted = ${granted},
            tokens = ${available} - ${granted},
            refilled_at = CASE WHEN p.paused_until > ${now} THEN p.refilled_at ELSE greatest(p.refilled_at, ${now}) END
          WHERE p.channel = ${channel}
          RETURNING p.last_granted`.execute(this.db)
      ).rows[0]?.last_granted;
    const granted1 = await takeFromRow();
    if (granted1 !== undefined) return granted1;
    // First use of this channel: a full bucket (a concurrent first taker may have created it already).
    await sql`INSERT INTO delivery_pacing (channel, tokens, refilled_at) VALUES (${channel}, ${rate}, ${now})
      ON CONFLICT (channel) DO NOTHING`.execute(this.db);
    return (await takeFromRow()) ?? 0;
  }

  /** Returns tokens taken but not used (fewer messages were due than the bucket allowed). */
  async giveBack(channel: string, ratePerSecond: number, n: number): Promise<void> {
    if (n <= 0) return;
    await sql`UPDATE delivery_pacing SET tokens = least(${ratePerSecond}::float8, tokens + ${n}) WHERE channel = ${channel}`.execute(
      this.db,
    );
  }

  /** The provider said 429: no worker sends on this channel for `ms`, and the bucket starts empty after. */
  async pause(channel: string, ms: number): Promise<void> {
    const until = sql`${this.at()} + make_interval(secs => ${ms / 1000}::float8)`;
    await sql`UPDATE delivery_pacing SET tokens = 0, paused_until = ${until}, refilled_at = ${until} WHERE channel = ${channel}`.execute(
      this.db,
    );
  }
}
