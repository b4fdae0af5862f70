import { timingSafeEqual } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { attachmentRoutes } from './attachments/attachment.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { actorForToken } from './auth/session.service.js';
import { CSRF_COOKIE, CSRF_HEADER, readCookie, SESSION_COOKIE } from './auth/session-cookie.js';
import { catalogRoutes } from './catalog/catalog.routes.js';
import { complaintRoutes } from './complaints/complaint.routes.js';
import { withLongQueries } from './db/query-limits.js';
import { peopleRoutes } from './directory/people.routes.js';
import { kpiRoutes } from './kpi/kpi.routes.js';
import { kpiDailyRoutes } from './kpi/kpi-daily.routes.js';
import { kpiValuesRoutes } from './kpi/kpi-values.routes.js';
import { scoreboardRoutes } from './kpi/scoreboard.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { metaRoutes } from './meta/meta.routes.js';
import { composeModules } from './modules.js';
import { noticeRoutes } from './notices/notice.routes.js';
import { statusPageRoutes } from './notices/status-page.routes.js';
import { notifyRoutes } from './notify/notify.routes.js';
import { oneTimeNoticeRoutes } from './one-time-notice/one-time-notice.routes.js';
import { open311Routes } from './open311/open311.routes.js';
import { open311AdminRoutes } from './open311/open311-admin.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { portalRoutes } from './portal/portal.routes.js';
import { portalAdminRoutes } from './portal/portal-admin.routes.js';
import { rectificationRoutes } from './rectification/rectification.routes.js';
import type { AppDeps } from './shared/app-types.js';
import { forbidden } from './shared/errors.js';
import { errorCodesExtension, installErrorHandler } from './shared/http.js';
import { installInputGuard } from './shared/input-guard.js';
import { openApiTransformObject } from './shared/openapi.js';
import { recordRefusal } from './shared/refusals.js';
import { installSecurityHeaders } from './shared/security-headers.js';
import { slaRoutes } from './sla/sla.routes.js';
import { territoryRoutes } from './territory/territory.routes.js';
import { ticketRoutes } from './tickets/ticket.routes.js';

const PUBLIC_API = new Set(['/api/v1/auth/login', '/api/v1/openapi.json']);
/** Reports and exports: nobody expects them in 3 s, so their queries get the long limit. */
const REPORTS = /^(\/api\/v1\/(kpi|bulletins|assessment)\/|\/api\/v1\/tickets\/export|\/status\/[^/]+\/scoreboard)/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Double-submit check: the X-CSRF-Token header equals the wl_csrf cookie, which another site can neither read nor set. */
function csrfTokenMatches(req: FastifyRequest): boolean {
  const sent = req.headers[CSRF_HEADER];
  const expected = readCookie(req, CSRF_COOKIE);
  if (typeof sent !== 'string' || !expected || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** Builds the HTTP server: the API under /api/v1, health, and the OpenAPI document. */
export async function buildServer(deps: AppDeps, options: FastifyServerOptions = {}) {
  composeModules();
  const app = Fastify({ bodyLimit: 1024 * 1024, ...options }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, { onRefused: (req, status, code) => recordRefusal(deps.db, deps.clock, req, status, code) });
  installInputGuard(app);
  installSecurityHeaders(app);

  const document = {
    openapi: '3.1.0',
    info: { title: 'Warmline API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http' as const, scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    // Every error code with its status and message, so the console can translate by code (untyped: an extension).
    'x-error-codes': errorCodesExtension(),
  };
  await app.register(fastifySwagger, {
    openapi: document,
    transform: jsonSchemaTransform,
    // Schemas given an id with .meta({ id }) become components the routes refer to (recursive ones need it).
    transformObject: openApiTransformObject,
    hideUntagged: false,
  });

  // Registered first, so the hooks and the handler after it run inside the chosen query limit.
  app.addHook('onRequest', (req, _reply, done) => (REPORTS.test(req.url) ? withLongQueries(done) : done()));

  app.decorateRequest('actor', null);
  app.decorateRequest('bearerToken', null);
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v1/') || PUBLIC_API.has(path)) return;
    const header = req.headers.authorization ?? '';
    // API clients send a Bearer token; the console sends its HttpOnly session cookie.
    let token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) {
      token = readCookie(req, SESSION_COOKIE) ?? '';
      // A cookie travels with any request the browser makes, so a change must prove it comes from the console.
      if (token && !SAFE_METHODS.has(req.method) && !csrfTokenMatches(req)) {
        throw forbidden('csrf_failed', `${CSRF_HEADER}: missing or does not match this session's token`);
      }
    }
    if (!token) throw Object.assign(new Error('Authentication required'), { statusCode: 401, code: 'unauthorized' });
    const actor = await actorForToken(deps.db, deps.clock, token);
    if (!actor) throw Object.assign(new Error('Session is unknown, expired or revoked'), { statusCode: 401, code: 'unauthorized' });
    req.actor = actor;
    req.bearerToken = token;
  });

  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) } } },
    async () => {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' as const, database: deps.dbKind };
    },
  );

  await app.register(
    async (api) => {
      authRoutes(api, deps);
      orgRoutes(api, deps);
      territoryRoutes(api, deps);
      catalogRoutes(api, deps);
      metaRoutes(api, deps);
      ticketRoutes(api, deps);
      complaintRoutes(api, deps);
      rectificationRoutes(api, deps);
      slaRoutes(api, deps);
      noticeRoutes(api, deps);
      notifyRoutes(api, deps);
      kpiRoutes(api, deps);
      kpiDailyRoutes(api, deps);
      kpiValuesRoutes(api, deps);
      liveRoutes(api, deps);
      attachmentRoutes(api, deps);
      oneTimeNoticeRoutes(api, deps);
      peopleRoutes(api, deps);
      open311AdminRoutes(api, deps);
      portalAdminRoutes(api, deps);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  // Public endpoints outside /api/v1: the bearer-token hook does not guard them; Open311 checks its own api_key.
  await open311Routes(app, deps);
  await portalRoutes(app, deps);
  statusPageRoutes(app, deps);
  scoreboardRoutes(app, deps);
  return app;
}

export type WarmlineServer = Awaited<ReturnType<typeof buildServer>>;
