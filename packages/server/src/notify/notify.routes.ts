import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type Actor, seesWholeTenant } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import { assertMayHandlePreferences } from '../territory/premise.policy.js';
import { readablePremiseIds } from '../territory/read-households.js';
import { assertMayManageOutbox } from './outbox.policy.js';

const tags = ['notifications'];
const phone = z.string().regex(/^\+?\d{5,20}$/, 'must be a phone number');
const prefs = z.object({ optOutNonEssential: z.boolean(), locale: z.enum(['zh-CN', 'en']), email: z.email().nullable() });
const messageOut = z.object({
  id: z.string(),
  channel: z.string(),
  recipient: z.string(),
  template: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  ticketId: z.string().nullable(),
  noticeId: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

/**
 * Preferences decide where a household's messages go, so only the roles that talk to households
 * read or change them, and only for a phone of a household they may read (the group's desk: any).
 */
async function assertPreferencesInReach(db: Kysely<DB>, actor: Actor, phone: string, write: boolean) {
  assertMayHandlePreferences(actor, write);
  if (seesWholeTenant(actor)) return;
  const premises = await db
    .selectFrom('customers')
    .select('premise_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('phone', '=', phone)
    .execute();
  if (
    (
      await readablePremiseIds(
        db,
        actor,
        premises.map((p) => p.premise_id),
      )
    ).length === 0
  ) {
    fail('unit_out_of_scope', 'phone: not a household of your part of the organisation');
  }
}

export function notifyRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/contacts/:phone/preferences',
    {
      schema: {
        tags,
        summary: "A household's message preferences",
        params: z.object({ phone }),
        response: { 200: prefs, ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      await assertPreferencesInReach(db, actor, req.params.phone, false);
      const p = await db
        .selectFrom('contact_preferences')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('phone', '=', req.params.phone)
        .executeTakeFirst();
      return { optOutNonEssential: p?.opt_out_non_essential ?? false, locale: (p?.locale ?? 'zh-CN') as 'zh-CN', email: p?.email ?? null };
    },
  );

  api.put(
    '/contacts/:phone/preferences',
    {
      schema: {
        tags,
        summary: 'Record a household opting out of non-essential messages, its language or email (outage notices always go)',
        params: z.object({ phone }),
        body: prefs,
        response: { 200: prefs, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await assertPreferencesInReach(ctx.db, ctx.actor, req.params.phone, true);
      const values = {
        opt_out_non_essential: req.body.optOutNonEssential,
        locale: req.body.locale,
        email: req.body.email,
        updated_at: ctx.clock.now(),
      };
      await ctx.db
        .insertInto('contact_preferences')
        .values({ tenant_id: ctx.actor.tenantId, phone: req.params.phone, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'phone']).doUpdateSet(values))
        .execute();
      return req.body;
    },
  );

  api.get(
    '/outbox',
    {
      schema: {
        tags,
        summary: 'Messages in the outbox (administrator): status=dead is the dead-letter list',
        querystring: z.object({
          status: z.enum(['queued', 'sending', 'sent', 'dead', 'suppressed']).optional(),
          ticketId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(messageOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      assertMayManageOutbox(actor);
      let q = db
        .selectFrom('outbox_messages')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .orderBy('created_at', 'desc')
        .limit(req.query.limit);
      if (req.query.status) q = q.where('status', '=', req.query.status);
      if (req.query.ticketId) q = q.where('ticket_id', '=', req.query.ticketId);
      const tz = actor.timeZone;
      return {
        items: (await q.execute()).map((m) => ({
          id: m.id,
          channel: m.channel,
          recipient: m.recipient,
          template: m.template,
          status: m.status,
          attempts: m.attempts,
          lastError: m.last_error,
          ticketId: m.ticket_id,
          noticeId: m.notice_id,
          createdAt: toZonedIso(m.created_at, tz),
          sentAt: isoOrNull(m.sent_at, tz),
        })),
      };
    },
  );

  api.post(
    '/outbox/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a dead-lettered message again (administrator)',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ id: z.string(), status: z.literal('queued') }), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      assertMayManageOutbox(ctx.actor);
      const r = await ctx.db
        .updateTable('outbox_messages')
        .set({ status: 'queued', attempts: 0, next_attempt_at: ctx.clock.now() })
        .where('tenant_id', '=', ctx.actor.tenantId)
        .where('id', '=', req.params.id)
        .where('status', '=', 'dead')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) fail('not_found', 'Dead-lettered message not found');
      return { id: req.params.id, status: 'queued' as const };
    },
  );
}
