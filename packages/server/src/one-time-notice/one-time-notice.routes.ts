import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { toZonedIso } from '../shared/time.js';
import { canView } from '../tickets/ticket.policy.js';
import { findTicket } from '../tickets/ticket.repo.js';
import { assertMayIssueOneTimeNotice } from './one-time-notice.policy.js';
import { findNotice, upsertNotice } from './one-time-notice.repo.js';

const noticeBody = z.object({
  items: z
    .array(z.object({ code: z.string().trim().min(1).max(64), label: z.string().trim().min(1).max(200) }))
    .min(1)
    .max(50),
  note: z.string().trim().max(2000).default(''),
});
const noticeOut = noticeBody.extend({ ticketId: z.string(), issuedBy: z.string(), issuedAt: z.string() }).meta({ id: 'OneTimeNotice' });
const params = z.object({ id: z.uuid() });
const tags = ['tickets'];

/** The one-time notice (一次性告知) of a window request: the list of missing materials, stored with the order. */
export function oneTimeNoticeRoutes(api: Api, deps: AppDeps) {
  api.put(
    '/tickets/:id/one-time-notice',
    {
      schema: {
        tags,
        summary: 'Record the one-time notice of missing materials',
        params,
        body: noticeBody,
        response: { 200: noticeOut, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const t = await findTicket(ctx.db, ctx.actor.tenantId, req.params.id);
      if (!t || !canView(ctx.actor, t)) fail('not_found', 'Ticket not found');
      assertMayIssueOneTimeNotice(ctx.actor);
      const at = ctx.clock.now();
      await upsertNotice(ctx.db, {
        tenantId: ctx.actor.tenantId,
        ticketId: t.id,
        items: req.body.items,
        note: req.body.note,
        issuedBy: ctx.actor.userId,
        at,
      });
      return {
        ticketId: t.id,
        items: req.body.items,
        note: req.body.note,
        issuedBy: ctx.actor.userId,
        issuedAt: toZonedIso(at, ctx.actor.timeZone),
      };
    },
  );

  api.get(
    '/tickets/:id/one-time-notice',
    {
      schema: {
        tags,
        summary:
          'The one-time notice of an order: 404 when none was issued, or 200 with null when asked with ifIssued=true ' +
          '(the order page asks on every order whether there is one; a missing notice is not an error there)',
        params,
        querystring: z.object({ ifIssued: z.enum(['true', 'false']).optional() }),
        response: { 200: noticeOut.nullable(), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const t = await findTicket(ctx.db, ctx.actor.tenantId, req.params.id);
      if (!t || !canView(ctx.actor, t)) fail('not_found', 'Ticket not found');
      const n = await findNotice(ctx.db, ctx.actor.tenantId, t.id);
      if (!n && req.query.ifIssued === 'true') return null;
      if (!n) fail('not_found', 'One-time notice not found');
      return {
        ticketId: t.id,
        items: n.items,
        note: n.note,
        issuedBy: n.issued_by,
        issuedAt: toZonedIso(new Date(n.issued_at), ctx.actor.timeZone),
      };
    },
  );
}
