import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import { createNotice, deleteNotice, endNotice, previewNotice, publishNotice, updateNotice } from './manage-notices.js';
import { canSeeNotice } from './notice.policy.js';
import { countLinkedTickets, findNotice, listVisibleNotices, noticeProgress } from './notice.repo.js';
import {
  createNoticeBody,
  endNoticeBody,
  type NOTICE_KINDS,
  type NoticeOut,
  noticeOut,
  noticePreviewOut,
  updateNoticeBody,
} from './notice.schema.js';
import { activeNoticesForPremise } from './notice-link.js';

type NoticeRow = Awaited<ReturnType<typeof activeNoticesForPremise>>[number];

/** A notice as the API shows it. */
export function noticeView(n: NoticeRow & { unit_id: string }, tz: string): NoticeOut {
  return {
    id: n.id,
    kind: n.kind as (typeof NOTICE_KINDS)[number],
    title: n.title,
    message: n.message,
    area: n.area,
    status: n.status as NoticeOut['status'],
    startsAt: toZonedIso(n.starts_at, tz),
    expectedEndAt: isoOrNull(n.expected_end_at, tz),
    publishedAt: isoOrNull(n.published_at, tz),
    endedAt: isoOrNull(n.ended_at, tz),
    target: n.target,
    premiseCount: n.premise_count,
    unitId: n.unit_id,
  };
}

/** One notice with its delivery and linked orders; 404 when the actor may not see it. */
async function detail(db: Kysely<DB>, actor: Actor, id: string) {
  const n = await findNotice(db, actor.tenantId, id);
  if (!n || !canSeeNotice(actor, n)) fail('not_found', 'Notice not found');
  const [delivery, linkedTickets] = await Promise.all([noticeProgress(db, actor.tenantId, id), countLinkedTickets(db, actor.tenantId, id)]);
  return { ...noticeView(n, actor.timeZone), delivery, linkedTickets };
}

const tags = ['notices'];

export function noticeRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/notices',
    {
      schema: {
        tags,
        summary: 'Outage, cold-snap and major-repair notices',
        querystring: z.object({ status: z.enum(['draft', 'active', 'ended']).optional() }),
        response: { 200: z.object({ items: z.array(noticeOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      return { items: (await listVisibleNotices(db, actor, req.query.status)).map((n) => noticeView(n, actor.timeZone)) };
    },
  );

  api.get(
    '/notices/active',
    {
      schema: {
        tags,
        summary: 'Active notices covering a premise — shown to the agent at intake, before filing',
        querystring: z.object({ premiseId: z.uuid() }),
        response: { 200: z.object({ items: z.array(noticeOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      return { items: (await activeNoticesForPremise(db, actor.tenantId, req.query.premiseId)).map((n) => noticeView(n, actor.timeZone)) };
    },
  );

  api.get(
    '/notices/:id',
    {
      schema: {
        tags,
        summary: 'A notice with its live delivery progress',
        params: z.object({ id: z.uuid() }),
        response: { 200: noticeOut, ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      return detail(db, actor, req.params.id);
    },
  );

  api.post(
    '/notices',
    {
      schema: {
        tags,
        summary: 'Create a notice (draft, or published at once with publish=true)',
        body: createNoticeBody,
        response: { 201: noticeOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const id = await createNotice(ctx, req.body);
      return reply.status(201).send(await detail(ctx.db, ctx.actor, id));
    },
  );

  api.get(
    '/notices/:id/preview',
    {
      schema: {
        tags,
        summary: 'Before publishing a draft: the households it reaches and the exact message each gets',
        params: z.object({ id: z.uuid() }),
        response: { 200: noticePreviewOut, ...errorResponses },
      },
    },
    async (req) => previewNotice(ctxOf(req, deps), req.params.id),
  );

  api.patch(
    '/notices/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft (published and ended notices answer 409)',
        params: z.object({ id: z.uuid() }),
        body: updateNoticeBody,
        response: { 200: noticeOut, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await updateNotice(ctx, req.params.id, req.body);
      return detail(ctx.db, ctx.actor, req.params.id);
    },
  );

  api.delete(
    '/notices/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft (published and ended notices answer 409)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteNotice(ctxOf(req, deps), req.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/notices/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish: queue a message to every affected household',
        params: z.object({ id: z.uuid() }),
        response: { 200: noticeOut, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await publishNotice(ctx, req.params.id);
      return detail(ctx.db, ctx.actor, req.params.id);
    },
  );

  api.post(
    '/notices/:id/end',
    {
      schema: {
        tags,
        summary: 'End a notice: send the restoration message; optionally resolve the linked orders',
        params: z.object({ id: z.uuid() }),
        body: endNoticeBody.optional(),
        response: { 200: noticeOut, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await endNotice(ctx, req.params.id, req.body ?? {});
      return detail(ctx.db, ctx.actor, req.params.id);
    },
  );
}
