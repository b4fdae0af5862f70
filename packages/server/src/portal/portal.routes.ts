import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findPublicTenant, type PublicTenant } from '../open311/public-tenant.repo.js';
import type { AppDeps } from '../shared/app-types.js';
import { AppError } from '../shared/errors.js';
import { DISSATISFIED_MAX } from '../tickets/ticket.state.js';
import { describeCommitments, type Locale } from './commitment-text.js';
import { fileReport } from './file-report.js';
import { type Messages, messagesFor, pickLocale } from './i18n.js';
import { cleanPhoto, MAX_PHOTO_BYTES, MAX_PHOTOS } from './photo.js';
import {
  findActiveNoticesForArea,
  findPage,
  findPhoto,
  findPremiseAddress,
  findTrackedTicket,
  listPhotoIds,
  listPublicEvents,
  PAGE_SLUGS,
  type PageSlug,
  searchAddresses,
} from './portal.repo.js';
import {
  errorView,
  homeView,
  noticesView,
  type PageCtx,
  type ReportCategory,
  type ReportValues,
  reportView,
  textPageView,
  trackFormView,
  trackView,
} from './portal.views.js';
import { hitLimit, type Limit, PORTAL_LIMITS } from './rate-limit.repo.js';
import { rateResolvedRequest } from './rate-request.js';
import { formatTrackingCode, hashTrackingCode, normalizeTrackingCode } from './tracking-code.js';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const CSS = asset('portal.css');
const JS = asset('portal.js');

const TRACK_COOKIE = 'wl_track';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^\+?[0-9][0-9 -]{6,19}$/;
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

type Fields = Record<string, string>;
type PortalRequest = FastifyRequest & { portal?: { tenant: PublicTenant; locale: Locale; m: Messages } };

/** A rejected portal request: the status and the resident-facing message. */
class PortalError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/**
 * The residents' portal at /portal: server-rendered pages in zh-CN (English on request),
 * a little vanilla JS for address suggestions, and database-backed rate limits. Public: no
 * session, no cookies except the language choice.
 */
export async function portalRoutes(app: FastifyInstance, deps: AppDeps) {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 32 * 1024 });
    await scope.register(multipart, {
      limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 12, fieldSize: 8 * 1024, parts: 20, headerPairs: 100 },
    });

    scope.addHook('onRequest', async (req: PortalRequest, reply) => {
      const tenant = await findPublicTenant(deps.db);
      if (!tenant) throw new PortalError(404, 'No tenant is configured');
      const locale = pickLocale(req.query, req.headers.cookie);
      req.portal = { tenant, locale, m: messagesFor(locale) };
      const lang = (req.query as { lang?: string } | undefined)?.lang;
      if (lang === 'en' || lang === 'zh-CN') reply.header('set-cookie', `wl_lang=${lang}; Path=/portal; Max-Age=31536000; SameSite=Lax`);
      reply.headers(SECURITY_HEADERS);
    });

    scope.setErrorHandler((err: FastifyError, req: PortalRequest, reply) => {
      const m = req.portal?.m ?? messagesFor('zh-CN');
      let status = 500;
      let message = m.errors.server;
      if (err instanceof PortalError) {
        status = err.status;
        message = err.message;
        if (err.retryAfter) reply.header('retry-after', String(err.retryAfter));
      } else if (err instanceof AppError && err.status < 500) {
        // Refused by a check shared with the API (e.g. a NUL byte in a field).
        status = err.status;
        message = m.errors.badRequest;
      } else if (err.statusCode === 413) {
        status = 413;
        message = m.errors.tooLarge;
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        status = err.statusCode;
        message = m.errors.badRequest;
      } else {
        req.log.error({ err }, 'portal error');
      }
      if (req.url.startsWith('/portal/api/')) return reply.status(status).send({ error: { code: `portal_${status}`, message } });
      return reply
        .status(status)
        .type('text/html; charset=utf-8')
        .send(errorView(pageCtx(req), message));
    });

    const ctxOf = (req: PortalRequest) => req.portal!;
    const pageCtx = (req: PortalRequest): PageCtx => {
      const p = req.portal ?? {
        tenant: { name: 'Warmline', timeZone: 'Asia/Shanghai' },
        locale: 'zh-CN' as Locale,
        m: messagesFor('zh-CN'),
      };
      const path = req.url.split('?')[0] ?? '/portal';
      return {
        m: p.m,
        locale: p.locale,
        tenantName: p.tenant.name,
        timeZone: p.tenant.timeZone,
        path: req.method === 'GET' ? path : '/portal',
      };
    };
    const htmlPage = (reply: FastifyReply, body: string, status = 200) =>
      reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

    /** Counts an attempt; over the limit, the request is refused with 429 and Retry-After. */
    const limit = async (req: PortalRequest, l: Limit, key: string) => {
      const r = await hitLimit(deps.db, deps.clock, l, key);
      if (!r.ok) throw new PortalError(429, ctxOf(req).m.errors.tooMany, r.retryAfter);
    };

    scope.get('/portal', { schema: { hide: true } }, async (req: PortalRequest, reply) => htmlPage(reply, homeView(pageCtx(req))));
    scope.get('/portal/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/portal', 301));
    scope.get('/portal/assets/portal.css', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
    );
    scope.get('/portal/assets/portal.js', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(JS),
    );

    const categoriesFor = async (tenantId: string, locale: Locale): Promise<Array<ReportCategory & { kind: string }>> => {
      const [cats, commitments] = await Promise.all([
        deps.db
          .selectFrom('categories')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('active', '=', true)
          .orderBy('kind')
          .orderBy('code')
          .execute(),
        deps.db.selectFrom('commitments').selectAll().where('tenant_id', '=', tenantId).execute(),
      ]);
      return cats.map((c) => ({
        code: c.code,
        kind: c.kind,
        name: locale === 'en' && c.name_en ? c.name_en : c.name,
        commitment: describeCommitments(
          commitments.filter((x) => x.category_id === c.id),
          locale,
        ),
      }));
    };

    scope.get('/portal/report', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant, locale } = ctxOf(req);
      return htmlPage(reply, reportView(pageCtx(req), await categoriesFor(tenant.id, locale), {}, []));
    });

    scope.post('/portal/report', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant, locale, m } = ctxOf(req);
      await limit(req, PORTAL_LIMITS.submitPerIp, req.ip);
      const { fields, files, errors } = await readReportBody(req, m);
      const categories = await categoriesFor(tenant.id, locale);
      const values: ReportValues = {
        category: fields.category,
        address: fields.address?.trim(),
        premiseId: fields.premiseId,
        description: fields.description?.trim(),
        phone: fields.phone?.trim(),
        name: fields.name?.trim(),
      };
      const category = categories.find((c) => c.code === values.category);
      if (!values.category) errors.push(m.errors.categoryRequired);
      else if (!category) errors.push(m.errors.categoryUnknown);
      let premise: { id: string; address: string } | undefined;
      if (values.premiseId && UUID.test(values.premiseId)) premise = await findPremiseAddress(deps.db, tenant.id, values.premiseId);
      if (!premise) values.premiseId = '';
      const address = premise?.address ?? values.address ?? '';
      if (address.length < 2 || address.length > 200) errors.push(m.errors.addressRequired);
      if (!values.description || values.description.length < 5 || values.description.length > 2000)
        errors.push(m.errors.descriptionRequired);
      if (!values.phone || !PHONE.test(values.phone)) errors.push(m.errors.phoneInvalid);
      if ((values.name ?? '').length > 50) errors.push(m.errors.nameTooLong);
      const photos: Array<{ data: Buffer; contentType: string }> = [];
      for (const f of files) {
        const cleaned = await cleanPhoto(f);
        if (cleaned.ok) photos.push(cleaned);
        else errors.push(m.errors[cleaned.problem]);
      }
      if (errors.length) return htmlPage(reply, reportView(pageCtx(req), categories, values, [...new Set(errors)]), 400);

      await limit(req, PORTAL_LIMITS.submitPerPhone, values.phone!.replace(/\D/g, ''));
      const filed = await fileReport(deps.db, deps.clock, tenant.id, {
        categoryCode: category!.code,
        kind: category!.kind,
        premiseId: premise?.id ?? null,
        address,
        description: values.description!,
        phone: values.phone!,
        name: values.name || (locale === 'en' ? 'Resident' : '居民'),
        photos,
      });
      return rememberCode(req, reply, filed.code).redirect('/portal/track/view?filed=1', 303);
    });

    scope.get('/portal/track', { schema: { hide: true } }, async (req: PortalRequest, reply) =>
      htmlPage(reply, trackFormView(pageCtx(req), '', [])),
    );

    scope.post('/portal/track', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const raw = String((req.body as Fields | undefined)?.code ?? '');
      if (!normalizeTrackingCode(raw)) {
        return htmlPage(reply, trackFormView(pageCtx(req), raw.slice(0, 24), [ctxOf(req).m.errors.codeInvalid]), 400);
      }
      const { code } = await tracked(req, raw);
      return rememberCode(req, reply, code).redirect('/portal/track/view', 303);
    });

    // The tracking code is a bearer secret: it lives in an HttpOnly cookie scoped to the portal,
    // never in a URL, where it would end up in access logs, browser history and Referer headers.
    const rememberCode = (req: PortalRequest, reply: FastifyReply, code: string) =>
      reply.header(
        'set-cookie',
        `${TRACK_COOKIE}=${code}; Path=/portal; HttpOnly; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`,
      );
    const rememberedCode = (req: PortalRequest) => {
      const m = new RegExp(`(?:^|;\\s*)${TRACK_COOKIE}=([0-9A-Z]{16})(?:;|$)`).exec(req.headers.cookie ?? '');
      return m?.[1] ?? null;
    };

    /** Resolves a tracking code to its order, counting the look-up against the per-IP limit. */
    const tracked = async (req: PortalRequest, rawCode: string) => {
      const { tenant, m } = ctxOf(req);
      await limit(req, PORTAL_LIMITS.lookupPerIp, req.ip);
      const code = normalizeTrackingCode(rawCode);
      if (!code) throw new PortalError(400, m.errors.codeInvalid);
      const ticket = await findTrackedTicket(deps.db, hashTrackingCode(code));
      // Unknown and other-tenant codes answer the same way.
      if (!ticket || ticket.tenant_id !== tenant.id) throw new PortalError(404, m.track.notFound);
      return { code, ticket };
    };

    const renderTrack = async (
      req: PortalRequest,
      reply: FastifyReply,
      code: string,
      extra: {
        justFiled?: boolean;
        notice?: 'thanks' | 'reopened';
        errors?: string[];
        status?: number;
        confirmLow?: { satisfaction: number; remark: string };
      },
    ) => {
      const { tenant } = ctxOf(req);
      const ticket = (await findTrackedTicket(deps.db, hashTrackingCode(code)))!;
      const [events, photos] = await Promise.all([listPublicEvents(deps.db, tenant.id, ticket.id), listPhotoIds(deps.db, ticket.id)]);
      const body = trackView(pageCtx(req), {
        ticket,
        events,
        photoIds: photos.map((p) => p.id),
        code: formatTrackingCode(code),
        justFiled: extra.justFiled ?? false,
        notice: extra.notice,
        errors: extra.errors ?? [],
        now: deps.clock.now(),
        confirmLow: extra.confirmLow,
      });
      return htmlPage(reply, body, extra.status ?? 200);
    };

    scope.get('/portal/track/view', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const remembered = rememberedCode(req);
      if (!remembered) return reply.redirect('/portal/track', 303);
      const { code } = await tracked(req, remembered);
      const q = req.query as { filed?: string; rated?: string };
      return renderTrack(req, reply, code, {
        justFiled: q.filed === '1',
        notice: q.rated === 'thanks' || q.rated === 'reopened' ? q.rated : undefined,
      });
    });

    scope.post('/portal/track/rate', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant, m } = ctxOf(req);
      const remembered = rememberedCode(req);
      if (!remembered) return reply.redirect('/portal/track', 303);
      const { code, ticket } = await tracked(req, remembered);
      const body = (req.body ?? {}) as Fields;
      const satisfaction = Number(body.satisfaction);
      const remark = String(body.remark ?? '').trim();
      const errors: string[] = [];
      if (!Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5) errors.push(m.errors.ratingInvalid);
      if (remark.length > 500) errors.push(m.errors.remarkTooLong);
      if (ticket.status !== 'resolved') errors.push(m.errors.notRateable);
      if (errors.length) return renderTrack(req, reply, code, { errors, status: ticket.status !== 'resolved' ? 409 : 400 });
      // A rating that reopens the order is asked again first: one mistaken tap must not send a crew back.
      if (satisfaction <= DISSATISFIED_MAX && body.confirm !== 'yes') {
        return renderTrack(req, reply, code, { confirmLow: { satisfaction, remark } });
      }
      try {
        await rateResolvedRequest(deps.db, deps.clock, tenant.id, ticket.id, satisfaction, remark || undefined);
      } catch (e) {
        // Rated twice at the same moment: the second finds it no longer resolved.
        if (e instanceof AppError && e.status === 409)
          return renderTrack(req, reply, code, { errors: [m.errors.notRateable], status: 409 });
        throw e;
      }
      return reply.redirect(`/portal/track/view?rated=${satisfaction <= 2 ? 'reopened' : 'thanks'}`, 303);
    });

    scope.get('/portal/api/addresses', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant } = ctxOf(req);
      await limit(req, PORTAL_LIMITS.addressPerIp, req.ip);
      const q = String((req.query as { q?: unknown }).q ?? '').trim();
      if (q.length < 2 || q.length > 100) {
        return reply.status(400).send({ error: { code: 'invalid_input', message: 'q: 2–100 characters' } });
      }
      const rows = await searchAddresses(deps.db, tenant.id, q);
      return reply.header('cache-control', 'no-store').send({ items: rows.map((r) => ({ id: r.id, label: r.address })) });
    });

    scope.get('/portal/photos/:id', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant, m } = ctxOf(req);
      const id = (req.params as { id: string }).id;
      const photo = UUID.test(id) ? await findPhoto(deps.db, tenant.id, id) : undefined;
      if (!photo) throw new PortalError(404, m.errors.notFound);
      return reply.type(photo.content_type).header('cache-control', 'private, max-age=86400').send(photo.content);
    });

    scope.get('/portal/notices', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant } = ctxOf(req);
      const q = req.query as { premise?: string; address?: string };
      let premise: { id: string; address: string } | undefined;
      if (q.premise && UUID.test(q.premise)) premise = await findPremiseAddress(deps.db, tenant.id, q.premise);
      if (!premise && q.address && q.address.trim().length >= 2) {
        await limit(req, PORTAL_LIMITS.addressPerIp, req.ip);
        const matches = await searchAddresses(deps.db, tenant.id, q.address.trim().slice(0, 100), 2);
        if (matches.length === 1) premise = matches[0];
      }
      const notices = await findActiveNoticesForArea(deps.db, tenant.id, premise?.id ?? null);
      return htmlPage(reply, noticesView(pageCtx(req), notices, premise ? { address: premise.address } : null));
    });

    scope.get('/portal/pages/:slug', { schema: { hide: true } }, async (req: PortalRequest, reply) => {
      const { tenant, locale, m } = ctxOf(req);
      const slug = (req.params as { slug: string }).slug;
      if (!(PAGE_SLUGS as readonly string[]).includes(slug)) throw new PortalError(404, m.errors.notFound);
      const page = await findPage(deps.db, tenant.id, slug as PageSlug, locale);
      const fallbackTitle = slug === 'fee-standards' ? m.home.feeStandards : m.home.serviceContents;
      return htmlPage(reply, textPageView(pageCtx(req), page?.title ?? fallbackTitle, page?.body ?? null));
    });

    scope.all('/portal/*', { schema: { hide: true } }, async (req: PortalRequest) => {
      throw new PortalError(404, ctxOf(req).m.errors.notFound);
    });
  });
}

/**
 * Reads the report form, multipart (with photos) or URL-encoded. Limits broken by the body —
 * more than three photos, a photo over 5 MB, too many fields — become form errors, not 5xx.
 */
async function readReportBody(req: FastifyRequest, m: Messages): Promise<{ fields: Fields; files: Buffer[]; errors: string[] }> {
  const fields: Fields = {};
  const files: Buffer[] = [];
  const errors: string[] = [];
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
    return { fields, files, errors };
  }
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const buf = await part.toBuffer();
        if (buf.length > 0 || part.filename) {
          if (buf.length > 0) files.push(buf);
        }
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') errors.push(m.errors.photoSize);
    else if (code === 'FST_FILES_LIMIT') errors.push(m.errors.photoCount);
    else if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') errors.push(m.errors.tooLarge);
    else if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION') errors.push(m.errors.badRequest);
    else throw e;
  }
  if (files.length > MAX_PHOTOS) errors.push(m.errors.photoCount);
  return { fields, files, errors };
}
