import { z } from 'zod';
import { assertAttachmentsUsable } from '../attachments/attachment.policy.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { rectificationOut } from '../tickets/complaint.schema.js';
import { findTask, listTasks, toRectificationOut } from './rectification.repo.js';
import { reviewRectification, submitRectification } from './rectify.js';

const tags = ['rectification'];
const idParams = z.object({ id: z.uuid() });
const item = rectificationOut.extend({ originType: z.string(), originId: z.string() });
const attachments = z.array(z.string().min(1).max(500)).max(20).optional();

export function rectificationRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/rectifications',
    {
      schema: {
        tags,
        summary: 'Rectification tasks in your part of the organisation, or yours (mine=true), by deadline',
        querystring: z.object({
          status: z
            .string()
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(z.enum(['open', 'submitted', 'verified', 'sent_back'])))
            .optional(),
          mine: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          limit: z.coerce.number().int().min(1).max(200).default(100),
        }),
        response: { 200: z.object({ items: z.array(item) }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor, clock } = ctxOf(req, deps);
      const now = clock.now();
      const rows = await listTasks(db, actor, req.query);
      return {
        items: rows.map((r) => ({ ...toRectificationOut(r, actor.timeZone, now), originType: r.origin_type, originId: r.origin_id })),
      };
    },
  );

  api.post(
    '/rectifications/:id/submit',
    {
      schema: {
        tags,
        summary: 'Report what was done, with evidence (a note and at least one file)',
        params: idParams,
        body: z.object({ note: z.string().trim().max(4000).optional(), attachments }),
        response: { 200: item, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await assertAttachmentsUsable(ctx.db, ctx.actor, req.body.attachments);
      await submitRectification(ctx, req.params.id, req.body);
      return view(ctx, req.params.id);
    },
  );

  api.post(
    '/rectifications/:id/review',
    {
      schema: {
        tags,
        summary: 'Verify the rectification, or send it back with the reason (quality supervisors, managers above the unit)',
        params: idParams,
        body: z.object({ verdict: z.enum(['verify', 'send_back']), note: z.string().trim().max(4000).optional() }),
        response: { 200: item, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      await reviewRectification(ctx, req.params.id, req.body);
      return view(ctx, req.params.id);
    },
  );
}

async function view(ctx: ReturnType<typeof ctxOf>, id: string) {
  const r = await findTask(ctx.db, ctx.actor.tenantId, id);
  if (!r) fail('not_found', 'Rectification not found');
  return { ...toRectificationOut(r, ctx.actor.timeZone, ctx.clock.now()), originType: r.origin_type, originId: r.origin_id };
}
