import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { type Channel, ChannelError, type OutgoingMessage } from './channel.js';
import type { DeliveryPacer } from './delivery-pacer.js';
import { renderMessage } from './templates.js';

export type Channels = Partial<Record<'sms' | 'email', Channel>>;

export type DeliveryOptions = {
  batch?: number;
  /**
   * How long a claimed message is ours; after that another worker may take it over, asking the
   * provider first whether it arrived. Must exceed the channel's send timeout plus `settleMs`.
   */
  leaseMs?: number;
  /**
   * How long the provider may take to show an accepted message in its status query: a message
   * whose attempt went unanswered is looked up no sooner than this after it.
   */
  settleMs?: number;
  maxAttempts?: number;
  /** Called after the provider accepted a message and before we record it (fault tests hook in here). */
  afterSend?: (messageId: string) => void | Promise<void>;
};

/** Exponential backoff for the n-th failed attempt: 2 s, 4 s, 8 s … capped at 10 minutes. */
export const backoffMs = (attempt: number) => Math.min(2000 * 2 ** Math.max(0, attempt - 1), 600_000);

/**
 * Claims due messages of one channel and marks them "sending" with a lease, in one short
 * transaction (FOR UPDATE SKIP LOCKED, so workers never share a message). A message still
 * "sending" when its lease ran out belonged to a worker that died or hung after claiming it;
 * like one whose last attempt went unanswered, it comes back `unsure`: maybe already sent.
 */
async function claim(db: Kysely<DB>, channel: string, leaseEnd: Date, now: Date, n: number) {
  const rows = await sql<{
    id: string;
    dedup_key: string;
    recipient: string;
    template: string;
    locale: string;
    params: Record<string, unknown>;
    attempts: number;
    created_at: Date;
    unsure: boolean;
  }>`
    WITH due AS (
      SELECT id, (status = 'sending' OR outcome_unknown) AS unsure FROM outbox_messages
      WHERE status IN ('queued','sending') AND next_attempt_at <= ${now} AND channel = ${channel}
      ORDER BY next_attempt_at LIMIT ${n}
      FOR UPDATE SKIP LOCKED)
    UPDATE outbox_messages o SET status = 'sending', next_attempt_at = ${leaseEnd}
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.dedup_key, o.recipient, o.template, o.locale, o.params, o.attempts, o.created_at, due.unsure
  `.execute(db);
  return rows.rows;
}

/**
 * One delivery pass: for each channel, claims what the shared rate limit allows and sends. A
 * message that may already have reached the provider (`unsure`) is first looked up through the
 * channel's status query and only sent when the provider has no record of it. Outcomes are
 * recorded — sent, retried later with backoff (or after the provider's Retry-After), or moved to
 * the dead-letter list after the last attempt. Returns the number of messages handled.
 */
export async function deliverOutbox(db: Kysely<DB>, clock: Clock, channels: Channels, pacer: DeliveryPacer, opts: DeliveryOptions = {}) {
  const batch = opts.batch ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const settleMs = opts.settleMs ?? 30_000;
  const maxAttempts = opts.maxAttempts ?? 6;
  let handled = 0;
  for (const [name, channel] of Object.entries(channels) as Array<[string, Channel]>) {
    const allowed = await pacer.take(channel.name, channel.ratePerSecond, batch);
    if (allowed === 0) continue;
    const claimedAt = performance.now();
    // The lease's end also marks the claim as ours: a failure is recorded only while nobody took the message over.
    const leaseEnd = new Date(clock.now().getTime() + leaseMs);
    const messages = await claim(db, name, leaseEnd, clock.now(), allowed);
    await pacer.giveBack(channel.name, channel.ratePerSecond, allowed - messages.length);
    const sent: Array<{ id: string; provider_id: string }> = [];
    const failed: Array<{
      id: string;
      status: string;
      attempts: number;
      last_error: string;
      next_attempt_at: string;
      outcome_unknown: boolean;
    }> = [];
    await Promise.all(
      messages.map(async (m) => {
        handled++;
        let unsure = m.unsure;
        try {
          const msg: OutgoingMessage = {
            id: m.id,
            dedupKey: m.dedup_key,
            recipient: m.recipient,
            template: m.template,
            locale: m.locale,
            params: m.params,
            text: renderMessage(m.template, m.locale, m.params),
          };
          if (unsure && channel.lookup) {
            const found = await channel.lookup(msg, { since: m.created_at, now: clock.now() });
            if (found) {
              sent.push({ id: m.id, provider_id: found.providerId });
              return;
            }
            unsure = false;
          }
          // Too slow to start within our lease (a loaded machine, a slow lookup): another worker may take the
          // message over soon, so sending now could race it. Leave it "sending"; whoever claims it next looks it up.
          if (performance.now() - claimedAt > leaseMs / 2) return;
          // From here until the answer is recorded, the message is "sending": a worker dying now leaves it unsure.
          const { providerId } = await channel.send(msg);
          await opts.afterSend?.(m.id);
          sent.push({ id: m.id, provider_id: providerId });
        } catch (e) {
          const err = e instanceof ChannelError ? e : new ChannelError((e as Error).message, false);
          if (err.retryAfterMs) await pacer.pause(channel.name, err.retryAfterMs).catch(() => {});
          unsure = unsure || err.outcomeUnknown;
          // Throttling is the provider pacing us, not a failure of the message: it does not use up an attempt.
          // Only recorded failures count; a worker that died mid-send did not learn whether it failed.
          const attempts = err.retryAfterMs ? m.attempts : m.attempts + 1;
          const dead = !err.retryable || attempts >= maxAttempts;
          const waitMs = Math.max(err.retryAfterMs ?? backoffMs(attempts), unsure ? settleMs : 0);
          failed.push({
            id: m.id,
            status: dead ? 'dead' : 'queued',
            attempts,
            last_error: `${unsure ? '[outcome unknown] ' : ''}${err.message}`.slice(0, 500),
            next_attempt_at: new Date(clock.now().getTime() + waitMs).toISOString(),
            outcome_unknown: unsure,
          });
        }
      }),
    );
    // Outcomes are recorded per batch, in one statement each: one commit instead of one per message.
    // A worker dying before this line leaves the batch "sending"; the next claim looks each one up first.
    if (sent.length) {
      // Accepted by the provider is sent, whoever holds the lease by now.
      await sql`
        UPDATE outbox_messages o SET status = 'sent', sent_at = ${clock.now()}, provider_id = x.provider_id, last_error = NULL,
          outcome_unknown = false
        FROM jsonb_to_recordset(${JSON.stringify(sent)}::jsonb) AS x(id uuid, provider_id text)
        WHERE o.id = x.id`.execute(db);
    }
    if (failed.length) {
      await sql`
        UPDATE outbox_messages o SET status = x.status, attempts = x.attempts, last_error = x.last_error,
          next_attempt_at = x.next_attempt_at, outcome_unknown = x.outcome_unknown
        FROM jsonb_to_recordset(${JSON.stringify(failed)}::jsonb)
          AS x(id uuid, status text, attempts int, last_error text, next_attempt_at timestamptz, outcome_unknown boolean)
        WHERE o.id = x.id AND o.status = 'sending' AND o.next_attempt_at = ${leaseEnd}`.execute(db);
    }
  }
  return handled;
}
