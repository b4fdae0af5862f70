import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { badRequest, fail, notFound } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { mayReadAttachment } from './attachment.policy.js';
import { findAttachment, insertAttachment, tenantAttachmentBytes } from './attachment.repo.js';
import { ATTACHMENT_TYPES, contentMatchesType, DEFAULT_TENANT_QUOTA_BYTES, MAX_ATTACHMENT_BYTES } from './attachment.rules.js';
import { cleanStaffImage } from './clean-image.js';

const attachmentOut = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int() });
const tags = ['attachments'];

/**
 * Uploads: `POST /api/v1/attachments?name=photo.jpg` with the raw file as the body and its
 * type as Content-Type; the returned id goes into an action's `attachments`.
 */
export function attachmentRoutes(api: Api, deps: AppDeps) {
  api.register(async (scope) => {
    scope.addContentTypeParser([...ATTACHMENT_TYPES], { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    const typed = scope as unknown as Api;

    typed.post(
      '/attachments',
      {
        schema: {
          tags,
          summary: `Upload one photo or PDF (${ATTACHMENT_TYPES.join(', ')}; at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB)`,
          querystring: z.object({ name: z.string().trim().min(1).max(200).default('file') }),
          response: { 201: attachmentOut, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 507: errorResponses[400] },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, deps);
        const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() as (typeof ATTACHMENT_TYPES)[number];
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('empty_file', 'body: the file is empty');
        if (!contentMatchesType(type, body)) throw badRequest('type_mismatch', `body: the file is not a ${type}`);
        let content = body;
        if (type !== 'application/pdf') {
          const cleaned = await cleanStaffImage(type, body);
          if (!cleaned.ok) fail(cleaned.code, cleaned.message);
          content = cleaned.data;
        }
        const quota = deps.attachmentQuotaBytes ?? DEFAULT_TENANT_QUOTA_BYTES;
        if ((await tenantAttachmentBytes(ctx.db, ctx.actor.tenantId)) + content.length > quota) {
          fail('quota_exceeded', `body: the organisation's file space (${Math.round(quota / 1024 / 1024)} MB) is full`);
        }
        const id = randomUUID();
        await insertAttachment(ctx.db, {
          tenantId: ctx.actor.tenantId,
          id,
          fileName: req.query.name,
          contentType: type,
          content,
          uploadedBy: ctx.actor.userId,
          at: ctx.clock.now(),
        });
        return reply.status(201).send({ id, fileName: req.query.name, contentType: type, size: content.length });
      },
    );

    typed.get(
      '/attachments/:id',
      { schema: { tags, summary: 'The file itself', params: z.object({ id: z.uuid() }), response: { 200: z.any(), ...errorResponses } } },
      async (req, reply) => {
        const { actor, db } = ctxOf(req, deps);
        const a = await findAttachment(db, actor.tenantId, req.params.id);
        // Not found rather than forbidden, so ids outside one's scope reveal nothing.
        if (!a || !(await mayReadAttachment(db, actor, a))) throw notFound('Attachment');
        reply.header('cache-control', 'private, max-age=86400');
        // A PDF can carry scripts and links: it is downloaded, never rendered in the console's origin.
        const disposition = a.content_type === 'application/pdf' ? 'attachment' : 'inline';
        reply.header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(a.file_name)}`);
        reply.header('x-content-type-options', 'nosniff');
        reply.header(
          'content-security-policy',
          "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'",
        );
        return reply.type(a.content_type).send(a.content);
      },
    );
  });
}
