import { z } from 'zod';
import { assertAttachmentsUsable } from '../attachments/attachment.policy.js';
import { withLongQueries } from '../db/query-limits.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { badRequest, notFound } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { zonedDayKey } from '../shared/time.js';
import { sendXlsx } from '../shared/xlsx.js';
import { createTicket } from './create-ticket.js';
import { exportTickets } from './export-tickets.js';
import { listTickets } from './list-tickets.js';
import { performAction } from './perform-action.js';
import { ticketDetails } from './ticket.handlers.js';
import { findVisibleTicket, listDuplicates, listEvents } from './ticket.repo.js';
import { actionBody, createTicketBody, exportQuery, type FilterQuery, listQuery, ticketOut } from './ticket.schema.js';
import { toTicketOut } from './ticket.view.js';

const idParams = z.object({ id: z.uuid() });

// Compared as moments: "2026-11-21T10:00:00+08:00" is before "2026-11-21T03:00:00Z" though it sorts after it as text.
function assertRange(q: FilterQuery) {
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) throw badRequest('invalid_range', 'from: must not be after to');
}
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
      const now = ctx.clock.now();
      const out = { ...toTicketOut(ticket, ctx.actor, now, events), ...(await ticketDetails(ctx.db, ctx.actor, ticket, now)) };
      return reply.status(201).send(out);
    },
  );

  api.get(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'List and search orders in your scope (every status), newest filed first unless sorted otherwise',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(ticketOut), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      assertRange(req.query);
      const { rows, nextCursor } = await listTickets(ctx, req.query);
      const now = ctx.clock.now();
      return { items: rows.map((t) => toTicketOut(t, ctx.actor, now)), nextCursor };
    },
  );

  api.get(
    '/tickets/export',
    {
      schema: {
        tags,
        summary: 'The orders a search finds, as an XLSX file streamed while it is written (X-Row-Count: how many rows follow)',
        querystring: exportQuery,
        response: { 200: z.any(), ...errorResponses },
      },
    },
    (req, reply) =>
      // An export reads page after page while it streams: the long query limit of reports.
      withLongQueries(async () => {
        const ctx = ctxOf(req, deps);
        assertRange(req.query);
        const { total, sheet } = await exportTickets(ctx, req.query, req.query.lang);
        const day = zonedDayKey(ctx.clock.now(), ctx.actor.timeZone);
        reply.header('x-row-count', String(total));
        return sendXlsx(reply, `${req.query.lang === 'en' ? 'orders' : '工单'}-${day}.xlsx`, [sheet]);
      }),
  );

  api.get(
    '/tickets/:id',
    { schema: { tags, summary: 'One order with its full timeline', params: idParams, response: { 200: ticketOut, ...errorResponses } } },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const t = await findVisibleTicket(ctx.db, ctx.actor, req.params.id);
      if (!t) throw notFound('Ticket');
      const [events, duplicates] = await Promise.all([
        listEvents(ctx.db, ctx.actor.tenantId, t.id),
        listDuplicates(ctx.db, ctx.actor.tenantId, t.id),
      ]);
      const now = ctx.clock.now();
      return { ...toTicketOut(t, ctx.actor, now, events, duplicates), ...(await ticketDetails(ctx.db, ctx.actor, t, now)) };
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
      const [events, duplicates] = await Promise.all([
        listEvents(ctx.db, ctx.actor.tenantId, t.id),
        listDuplicates(ctx.db, ctx.actor.tenantId, t.id),
      ]);
      const now = ctx.clock.now();
      return { ...toTicketOut(t, ctx.actor, now, events, duplicates), ...(await ticketDetails(ctx.db, ctx.actor, t, now)) };
    },
  );
}
