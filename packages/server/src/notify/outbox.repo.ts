import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { isEssential, type TemplateName } from './templates.js';

export type NewMessage = {
  tenantId: string;
  template: TemplateName;
  /** A phone number for households (their preferences decide SMS or email), or a user id for in-app. */
  recipient: string;
  channel?: 'sms' | 'inapp';
  params: Record<string, string | number>;
  /** Unique per tenant; a second enqueue with the same key is ignored. */
  dedupKey: string;
  ticketId?: string | null;
  noticeId?: string | null;
  at: Date;
};

/**
 * Writes messages to the outbox in the caller's transaction. A household's preferences pick the
 * channel and language; one who opted out of non-essential messages gets them recorded as
 * suppressed, never sent.
 */
export async function enqueueMessages(db: Kysely<DB>, messages: NewMessage[]): Promise<void> {
  if (messages.length > 0) await enqueueStatement(messages).execute(db);
}

/** The statement of `enqueueMessages`, to run inside another (a new order's). */
export function enqueueStatement(messages: NewMessage[]) {
  const rows = messages.map((m) => ({
    id: randomUUID(),
    tenant_id: m.tenantId,
    dedup_key: m.dedupKey,
    channel: m.channel ?? 'sms',
    recipient: m.recipient,
    template: m.template,
    params: m.params,
    essential: isEssential(m.template),
    ticket_id: m.ticketId ?? null,
    notice_id: m.noticeId ?? null,
    at: m.at.toISOString(),
  }));
  return sql`
    INSERT INTO outbox_messages (tenant_id, id, dedup_key, channel, recipient, template, locale, params, essential, status,
                                 next_attempt_at, ticket_id, notice_id, created_at)
    SELECT m.tenant_id, m.id, m.dedup_key,
           CASE WHEN m.channel = 'sms' AND cp.email IS NOT NULL THEN 'email' ELSE m.channel END,
           CASE WHEN m.channel = 'sms' AND cp.email IS NOT NULL THEN cp.email ELSE m.recipient END,
           m.template, coalesce(cp.locale, 'zh-CN'), m.params, m.essential,
           CASE WHEN NOT m.essential AND coalesce(cp.opt_out_non_essential, false) THEN 'suppressed' ELSE 'queued' END,
           m.at, m.ticket_id, m.notice_id, m.at
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS m(
      tenant_id uuid, id uuid, dedup_key text, channel text, recipient text, template text, params jsonb,
      essential boolean, ticket_id uuid, notice_id uuid, at timestamptz)
    LEFT JOIN contact_preferences cp ON cp.tenant_id = m.tenant_id AND cp.phone = m.recipient AND m.channel = 'sms'
    ON CONFLICT ON CONSTRAINT outbox_dedup_unique DO NOTHING
  `;
}
