import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { type Channel, ChannelError } from './channel.js';
import { renderMessage } from './templates.js';

export type Channels = Partial<Record<'sms' | 'email', Channel>>;

export type DeliveryOptions = {
  batch?: number;
  /** How long a claimed message is ours; after that another worker may retry it. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Called after the provider accepted a message and before we record it (fault tests hook in here). */
  afterSend?: (messageId: string) => void | Promise<void>;
};

/** Exponential backoff for the n-th failed attempt: 2 s, 4 s, 8 s … capped at 10 minutes. */
export const backoffMs = (attempt: number) => Math.min(2000 * 2 ** Math.max(0, attempt - 1), 600_000);

/** Token bucket per channel, so a worker never sends faster than the provider allows. */
export class RateLimiter {
  private tokens = new Map<string, { tokens: number; at: number; pausedUntil: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  /** How many messages the channel may send now (at most `want`), taken from its bucket. */
  take(channel: Channel, want: number): number {
    const t = this.now();
    const b = this.tokens.get(channel.name) ?? { tokens: channel.ratePerSecond, at: t, pausedUntil: 0 };
    if (t < b.pausedUntil) return 0;
    b.tokens = Math.min(channel.ratePerSecond, b.tokens + ((t - b.at) / 1000) * channel.ratePerSecond);
    b.at = t;
    const n = Math.max(0, Math.min(want, Math.floor(b.tokens)));
    b.tokens -= n;
    this.tokens.set(channel.name, b);
    return n;
  }
  /** The provider said 429: send nothing on this channel for a while. */
  pause(channel: Channel, ms: number) {
    const b = this.tokens.get(channel.name) ?? { tokens: 0, at: this.now(), pausedUntil: 0 };
    b.pausedUntil = this.now() + ms;
    b.tokens = 0;
    this.tokens.set(channel.name, b);
  }
}

/**
 * Claims due messages of one channel and marks them "sending" with a lease, in one short
 * transaction (FOR UPDATE SKIP LOCKED, so workers never share a message). A worker that dies
 * after claiming leaves the lease to run out; the next claim resends with the same dedup key.
 */
async function claim(db: Kysely<DB>, channel: string, now: Date, n: number, leaseMs: number) {
  const rows = await sql<{
    id: string;
    dedup_key: string;
    recipient: string;
    template: string;
    locale: string;
    params: Record<string, unknown>;
    attempts: number;
  }>`
    UPDATE outbox_messages o SET status = 'sending', next_attempt_at = ${new Date(now.getTime() + leaseMs)}
    WHERE o.id IN (
      SELECT id FROM outbox_messages
      WHERE status IN ('queued','sending') AND next_attempt_at <= ${now} AND channel = ${channel}
      ORDER BY next_attempt_at LIMIT ${n}
      FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.dedup_key, o.recipient, o.template, o.locale, o.params, o.attempts
  `.execute(db);
  return rows.rows;
}

/**
 * One delivery pass: for each channel, claims what the rate limit allows, sends, and records the
 * outcome — sent, retried later with backoff (or after the provider's Retry-After), or moved to
 * the dead-letter list after the last attempt. Returns the number of messages handled.
 */
export async function deliverOutbox(db: Kysely<DB>, clock: Clock, channels: Channels, limiter: RateLimiter, opts: DeliveryOptions = {}) {
  const batch = opts.batch ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 6;
  let handled = 0;
  for (const [name, channel] of Object.entries(channels) as Array<[string, Channel]>) {
    const allowed = limiter.take(channel, batch);
    if (allowed === 0) continue;
    const messages = await claim(db, name, clock.now(), allowed, leaseMs);
    const sent: Array<{ id: string; provider_id: string }> = [];
    const failed: Array<{ id: string; status: string; attempts: number; last_error: string; next_attempt_at: string }> = [];
    await Promise.all(
      messages.map(async (m) => {
        handled++;
        try {
          const text = renderMessage(m.template, m.locale, m.params);
          const { providerId } = await channel.send({
            id: m.id,
            dedupKey: m.dedup_key,
            recipient: m.recipient,
            template: m.template,
            locale: m.locale,
            params: m.params,
            text,
          });
          await opts.afterSend?.(m.id);
          sent.push({ id: m.id, provider_id: providerId });
        } catch (e) {
          const err = e instanceof ChannelError ? e : new ChannelError((e as Error).message, false);
          if (err.retryAfterMs) limiter.pause(channel, err.retryAfterMs);
          // Throttling is the provider pacing us, not a failure of the message: it does not use up an attempt.
          // Only recorded failures count; a worker that died mid-send did not learn whether it failed.
          const attempts = err.retryAfterMs ? m.attempts : m.attempts + 1;
          const dead = !err.retryable || attempts >= maxAttempts;
          failed.push({
            id: m.id,
            status: dead ? 'dead' : 'queued',
            attempts,
            last_error: err.message.slice(0, 500),
            next_attempt_at: new Date(clock.now().getTime() + (err.retryAfterMs ?? backoffMs(attempts))).toISOString(),
          });
        }
      }),
    );
    // Outcomes are recorded per batch, in one statement each: one commit instead of one per message.
    // A worker dying before this line leaves the batch "sending"; the resend carries the same dedup key.
    if (sent.length) {
      await sql`
        UPDATE outbox_messages o SET status = 'sent', sent_at = ${clock.now()}, provider_id = x.provider_id, last_error = NULL
        FROM jsonb_to_recordset(${JSON.stringify(sent)}::jsonb) AS x(id uuid, provider_id text)
        WHERE o.id = x.id`.execute(db);
    }
    if (failed.length) {
      await sql`
        UPDATE outbox_messages o SET status = x.status, attempts = x.attempts, last_error = x.last_error, next_attempt_at = x.next_attempt_at
        FROM jsonb_to_recordset(${JSON.stringify(failed)}::jsonb) AS x(id uuid, status text, attempts int, last_error text, next_attempt_at timestamptz)
        WHERE o.id = x.id`.execute(db);
    }
  }
  return handled;
}
