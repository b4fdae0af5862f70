import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { notFound } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { findPhotoForStaff, listPages, PAGE_SLUGS, savePage } from './portal.repo.js';
import { assertMayEditPortalPages } from './portal-page.policy.js';

const tags = ['portal'];
const pageOut = z.object({
  slug: z.enum(PAGE_SLUGS),
  locale: z.enum(['zh-CN', 'en']),
  title: z.string(),
  body: z.string(),
  updatedAt: z.string(),
});

/** Administrators edit the portal's published pages: service contents and fee standards (公开服务内容、收费标准). */
export function portalAdminRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/portal/pages',
    {
      schema: {
        tags,
        summary: 'Published portal pages in every locale',
        response: { 200: z.object({ items: z.array(pageOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const rows = await listPages(db, actor.tenantId);
      return {
        items: rows.map((r) => ({
          slug: r.slug as (typeof PAGE_SLUGS)[number],
          locale: r.locale as 'zh-CN' | 'en',
          title: r.title,
          body: r.body,
          updatedAt: r.updated_at.toISOString(),
        })),
      };
    },
  );

  api.put(
    '/portal/pages/:slug',
    {
      schema: {
        tags,
        summary: 'Publish or replace a portal page (administrator); the body is plain text, blank lines separate paragraphs',
        params: z.object({ slug: z.enum(PAGE_SLUGS) }),
        body: z.object({
          locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
          title: z.string().trim().min(1).max(100),
          body: z.string().max(20_000),
        }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db, clock } = ctxOf(req, deps);
      assertMayEditPortalPages(actor);
      await savePage(db, actor.tenantId, {
        slug: req.params.slug,
        locale: req.body.locale,
        title: req.body.title,
        body: req.body.body,
        updatedBy: actor.userId,
        at: clock.now(),
      });
      return reply.status(204).send(null);
    },
  );

  // A photo a resident sent with a report is referred to in the order's history as
  // "/portal/photos/<id>"; staff read it here, with their session, within their scope.
  api.get(
    '/portal/photos/:id',
    {
      schema: {
        tags,
        summary: "A photo a resident sent from the portal, for staff who may see its order (the event's attachment '/portal/photos/{id}')",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db } = ctxOf(req, deps);
      const photo = await findPhotoForStaff(db, actor, req.params.id);
      if (!photo) throw notFound('Photo');
      reply.header('cache-control', 'private, max-age=86400');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'");
      return reply.type(photo.content_type).send(photo.content);
    },
  );
}
