import { z } from 'zod';
import { assertAttachmentsUsable } from '../attachments/attachment.policy.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { badRequest, notFound } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { createTicket } from './create-ticket.js';
import { listTickets } from './list-tickets.js';
import { performAction } from './perform-action.js';
import { findVisibleTicket, listEvents } from './ticket.repo.js';
import { actionBody, createTicketBody, listQuery, ticketOut } from './ticket.schema.js';
import { toTicketOut } from './ticket.view.js';

const idParams = z.object({ id: z.uuid() });
const tags = ['tickets'];

export function ticketRoutes(api: Api, deps: AppDeps) {
  api.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'File a work order from any channel',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: createTicketBody,
        response: { 201: ticketOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const key = req.headers['idempotency-key'];
      await assertAttachmentsUsable(ctx.db, ctx.actor, req.body.attachments);
      const created = await createTicket(ctx, req.body, key);
      const { ticket, replayed } = created;
      const events = created.events ?? (await listEvents(ctx.db, ctx.actor.tenantId, ticket.id));
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(toTicketOut(ticket, ctx.actor, ctx.clock.now(), events));
    },
  );

  api.get(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'List orders in your scope, newest first',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(ticketOut), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      // Compared as moments: "2026-11-21T10:00:00+08:00" is before "2026-11-21T03:00:00Z" though it sorts after it as text.
      if (req.query.from && req.query.to && Date.parse(req.query.from) > Date.parse(req.query.to)) {
        throw badRequest('invalid_range', 'from: must not be after to');
      }
      const { rows, nextCursor } = await listTickets(ctx, req.query);
      const now = ctx.clock.now();
      return { items: rows.map((t) => toTicketOut(t, ctx.actor, now)), nextCursor };
    },
  );

  api.get(
    '/tickets/:id',
    { schema: { tags, summary: 'One order with its full timeline', params: idParams, response: { 200: ticketOut, ...errorResponses } } },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const t = await findVisibleTicket(ctx.db, ctx.actor, req.params.id);
      if (!t) throw notFound('Ticket');
      const events = await listEvents(ctx.db, ctx.actor.tenantId, t.id);
      return toTicketOut(t, ctx.actor, ctx.clock.now(), events);
    },
  );

  api.post(
    '/tickets/:id/actions',
    {
      schema: {
        tags,
        summary: 'Perform one step of the loop (409 when the state does not allow it)',
        params: idParams,
        body: actionBody,
        response: { 200: ticketOut, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await assertAttachmentsUsable(ctx.db, ctx.actor, req.body.attachments);
      const t = await performAction(ctx, req.params.id, req.body);
      const events = await listEvents(ctx.db, ctx.actor.tenantId, t.id);
      return toTicketOut(t, ctx.actor, ctx.clock.now(), events);
    },
  );
}
