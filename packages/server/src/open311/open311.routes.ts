import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../portal/commitment-text.js';
import { hitLimit, type Limit } from '../portal/rate-limit.repo.js';
import type { AppDeps } from '../shared/app-types.js';
import { AppError, isDatabaseUnavailable } from '../shared/errors.js';
import { clientForKey, type Open311Client } from './api-key.service.js';
import { createOpen311Request } from './create-request.js';
import { badInput, type Format, Open311Error, render, renderError, xmlList } from './georeport.format.js';
import { findPublicTenant, findTenantById, type PublicTenant } from './public-tenant.repo.js';
import { findByToken, findRequests, MAX_RESULTS, type RequestFilter } from './request.repo.js';
import { toOpen311Request } from './request.view.js';
import { listPublishedServices } from './service.repo.js';
import { type FormValue, isW3cDatetime } from './service-attributes.js';
import { listUpdates, postUpdate } from './service-request-updates.js';

/** Ranges in GET requests and servicerequestupdates may span at most this many days. */
export const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;
const FORMATS = ['xml', 'json'] as const;

type Form = Record<string, FormValue>;
type Call = { format: Format; path: string[]; form: Form; locale: Locale; method: string; baseUrl: string };

const one = (v: FormValue) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const commaList = (v: FormValue) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

/** Splits `requests/RX-1.xml` into its segments and format; an unknown format is an error. */
function parsePath(rest: string): { path: string[]; format: Format } {
  const segments = rest.split('/').filter(Boolean);
  const last = segments.pop() ?? '';
  const dot = last.lastIndexOf('.');
  const ext = dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
  if (!(FORMATS as readonly string[]).includes(ext)) {
    throw Object.assign(new Open311Error(404, 'Unknown resource: add .xml or .json to the method name'), { format: 'xml' });
  }
  try {
    return { path: [...segments, decodeURIComponent(last.slice(0, dot))], format: ext as Format };
  } catch {
    // A stray % is the client's mistake, not ours.
    throw Object.assign(badInput('path: not a valid percent-encoded name'), { format: ext as Format });
  }
}

/** Parses start_date/end_date; defaults to the last 90 days and refuses longer ranges. */
export function dateRange(form: Form, now: Date): { from: Date; to: Date } {
  const parse = (field: 'start_date' | 'end_date') => {
    const v = one(form[field]);
    if (v === undefined) return undefined;
    if (!isW3cDatetime(v)) throw badInput(`${field}: must be a W3C datetime with a time zone, e.g. 2026-11-21T00:00:00+08:00`);
    return new Date(v);
  };
  const start = parse('start_date');
  const end = parse('end_date');
  const to = end ?? (start ? new Date(start.getTime() + MAX_RANGE_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_RANGE_DAYS * DAY_MS);
  if (from > to) throw badInput('start_date: must not be after end_date');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw badInput(`start_date/end_date: the range may not span more than ${MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}

/** Per-IP budgets for the public endpoint, counted in the database so all processes share them. */
export const OPEN311_LIMITS = {
  readPerIp: { bucket: 'open311-read-ip', max: 600, windowSeconds: 600 },
  writePerIp: { bucket: 'open311-write-ip', max: 120, windowSeconds: 600 },
} satisfies Record<string, Limit>;

/**
 * Open311 GeoReport v2 at /open311/v2/, with FixMyStreet's servicerequestupdates. One wildcard
 * route dispatches by path so that every failure, including an unknown method or format, is
 * answered with the specification's error body in the requested format.
 */
export async function open311Routes(app: FastifyInstance, deps: AppDeps) {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    scope.setErrorHandler((err: FastifyError & { format?: Format }, req, reply) => sendError(req, reply, err));
    scope.route({
      method: ['GET', 'POST'],
      url: '/open311/v2/*',
      bodyLimit: 64 * 1024,
      schema: { hide: true },
      handler: async (req, reply) => {
        const rest = (req.params as { '*': string })['*'] ?? '';
        const { path, format } = parsePath(rest);
        (req as FastifyRequest & { open311Format?: Format }).open311Format = format;
        const query = (req.query ?? {}) as Form;
        const body = req.body && typeof req.body === 'object' ? (req.body as Form) : {};
        const form: Form = { ...query, ...body };
        const lang = one(form.locale);
        const locale: Locale = lang === 'en' || lang?.startsWith('en_') || lang?.startsWith('en-') ? 'en' : 'zh-CN';
        // From configuration, never from the Host header, which the client chooses.
        const baseUrl = `${(deps.publicUrl ?? '').replace(/\/+$/, '')}/open311/v2`;
        // Public endpoint: every caller, keyed or not, is held to a per-address budget.
        const limit = req.method === 'POST' ? OPEN311_LIMITS.writePerIp : OPEN311_LIMITS.readPerIp;
        const hit = await hitLimit(deps.db, deps.clock, limit, req.ip);
        if (!hit.ok) {
          reply.header('retry-after', String(hit.retryAfter));
          throw Object.assign(new Open311Error(429, 'Too many requests from this address; retry later'), { format });
        }
        const out = await dispatch(deps, { format, path, form, locale, method: req.method, baseUrl }, reply);
        return reply.type(out.type).header('cache-control', 'no-store').send(out.body);
      },
    });
  });
}

/** The format named in the URL, for errors raised before the handler ran (body parsing); XML otherwise. */
const formatFromUrl = (url: string): Format => (/\.json$/i.test(url.split('?')[0] ?? '') ? 'json' : 'xml');

function sendError(req: FastifyRequest, reply: FastifyReply, err: FastifyError & { format?: Format }) {
  const format = err.format ?? (req as FastifyRequest & { open311Format?: Format }).open311Format ?? formatFromUrl(req.url);
  let status: number;
  let message: string;
  if (err instanceof Open311Error || err instanceof AppError) {
    status = err.status;
    message = err.message;
  } else if (isDatabaseUnavailable(err)) {
    status = 503;
    message = 'The database is not reachable; try again shortly';
    reply.header('retry-after', '2');
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Body too large, a body we cannot parse, a content type we do not take: all the client's input.
    status = err.statusCode === 413 ? 413 : err.statusCode === 415 ? 415 : 400;
    message = err.statusCode === 415 ? 'Send the form as application/x-www-form-urlencoded' : err.message;
  } else {
    req.log.error({ err }, 'open311 error');
    status = 500;
    message = 'Something went wrong on our side';
  }
  const out = renderError(format, status, message);
  return reply.status(status).type(out.type).send(out.body);
}

async function tenantFor(deps: AppDeps, form: Form, client: Open311Client | null): Promise<PublicTenant> {
  const jurisdiction = one(form.jurisdiction_id);
  if (client) {
    const tenant = await findTenantById(deps.db, client.tenantId);
    if (jurisdiction && jurisdiction !== tenant.code) throw new Open311Error(403, 'api_key: not valid for this jurisdiction_id');
    return tenant;
  }
  const tenant = await findPublicTenant(deps.db, jurisdiction);
  if (!tenant) throw new Open311Error(404, jurisdiction ? `jurisdiction_id: "${jurisdiction}" not found` : 'No jurisdiction is configured');
  return tenant;
}

/** The client behind api_key; a key that is given but unknown or revoked is refused. */
async function clientOf(deps: AppDeps, form: Form, required: boolean): Promise<Open311Client | null> {
  const key = one(form.api_key);
  if (!key) {
    if (required) throw new Open311Error(403, 'api_key: a valid API key is required for this method');
    return null;
  }
  const client = await clientForKey(deps.db, deps.clock, key);
  if (!client) throw new Open311Error(403, 'api_key: invalid or revoked');
  return client;
}

async function dispatch(deps: AppDeps, call: Call, reply: FastifyReply) {
  const { format, path, form, method } = call;
  const [resource, id, extra] = path;
  const route = `${method} ${resource}${id !== undefined ? '/:id' : ''}`;
  if (extra !== undefined) throw new Open311Error(404, `Unknown resource ${path.join('/')}`);

  switch (route) {
    case 'GET discovery':
      return render(format, 'discovery', null, discovery(call));

    case 'GET services': {
      const tenant = await tenantFor(deps, form, await clientOf(deps, form, false));
      const services = await listPublishedServices(deps.db, tenant.id, call.locale);
      return render(
        format,
        'services',
        'service',
        services.map((s) => ({
          service_code: s.category.code,
          service_name: call.locale === 'en' && s.category.name_en ? s.category.name_en : s.category.name,
          description: s.commitmentText,
          metadata: s.attributes.some((a) => a.variable),
          type: 'realtime',
          keywords: [s.category.name, s.category.name_en].filter(Boolean).join(','),
          group: s.category.kind,
        })),
      );
    }

    case 'GET services/:id': {
      const tenant = await tenantFor(deps, form, await clientOf(deps, form, false));
      const services = await listPublishedServices(deps.db, tenant.id, call.locale);
      const service = services.find((s) => s.category.code === id);
      if (!service) throw new Open311Error(404, `service_code: "${id}" not found`);
      return render(format, 'service_definition', null, {
        service_code: service.category.code,
        attributes: xmlList(
          format,
          'attribute',
          service.attributes.map((a, i) => ({
            variable: a.variable,
            code: a.code,
            datatype: a.datatype,
            required: a.required,
            datatype_description: a.datatypeDescription,
            order: i + 1,
            description: a.description,
            ...(a.values && {
              values: xmlList(
                format,
                'value',
                a.values.map((v) => ({ key: v.key, name: v.name })),
              ),
            }),
          })),
        ),
      });
    }

    case 'POST requests': {
      const client = await clientOf(deps, form, true);
      await tenantFor(deps, form, client);
      const created = await createOpen311Request(deps.db, deps.clock, client!, form);
      reply.status(201);
      // GeoReport v2: the answer carries service_request_id or token, never both. The order is
      // filed synchronously, so its id is known at once and no token is needed to look it up.
      return render(format, 'service_requests', 'request', [
        {
          service_request_id: created.serviceRequestId,
          service_notice: created.serviceNotice,
          account_id: created.accountId,
        },
      ]);
    }

    case 'GET tokens/:id': {
      const client = await clientOf(deps, form, false);
      const tenant = await tenantFor(deps, form, client);
      const found = await findByToken(deps.db, tenant.id, id!);
      if (!found) throw new Open311Error(404, 'token: not found');
      return render(format, 'service_requests', 'request', [{ service_request_id: found.number, token: found.token }]);
    }

    case 'GET requests':
    case 'GET requests/:id': {
      const client = await clientOf(deps, form, false);
      const tenant = await tenantFor(deps, form, client);
      const filter: RequestFilter = {};
      if (id !== undefined) {
        filter.ids = [id];
      } else if (form.service_request_id !== undefined) {
        // The specification: with service_request_id, every other parameter is ignored.
        filter.ids = commaList(form.service_request_id);
        if (filter.ids.length > 100) throw badInput('service_request_id: at most 100 ids');
      } else {
        const codes = commaList(form.service_code);
        if (codes.length) filter.serviceCodes = codes;
        const statuses = commaList(form.status);
        const bad = statuses.filter((s) => s !== 'open' && s !== 'closed');
        if (bad.length) throw badInput(`status: "${bad.join(',')}" is not open or closed`);
        if (statuses.length) filter.statuses = statuses as Array<'open' | 'closed'>;
        Object.assign(filter, dateRange(form, deps.clock.now()));
      }
      const rows = await findRequests(deps.db, tenant.id, filter);
      if (id !== undefined && rows.length === 0) throw new Open311Error(404, `service_request_id: "${id}" not found`);
      if (rows.length > MAX_RESULTS) reply.header('x-open311-truncated', 'true');
      const items = rows
        .slice(0, MAX_RESULTS)
        .map((r) => toOpen311Request(r, { timeZone: tenant.timeZone, keyed: client !== null, locale: call.locale }));
      return render(format, 'service_requests', 'request', items);
    }

    case 'GET servicerequestupdates': {
      const client = await clientOf(deps, form, true);
      const tenant = await tenantFor(deps, form, client);
      const { from, to } = dateRange(form, deps.clock.now());
      const updates = await listUpdates(deps.db, tenant.id, tenant.timeZone, from, to);
      if (updates.length > MAX_RESULTS) reply.header('x-open311-truncated', 'true');
      return render(format, 'service_request_updates', 'request_update', updates.slice(0, MAX_RESULTS));
    }

    case 'POST servicerequestupdates': {
      const client = await clientOf(deps, form, true);
      await tenantFor(deps, form, client);
      const { updateId } = await postUpdate(deps.db, deps.clock, client!, form);
      return render(format, 'service_request_updates', 'request_update', [{ update_id: updateId }]);
    }
  }
  throw new Open311Error(404, `Unknown method ${method} ${path.join('/')}`);
}

function discovery(call: Call) {
  const formats = ['text/xml', 'application/json'];
  return {
    changeset: '2026-11-21T00:00:00Z',
    contact: 'Warmline service desk',
    key_service: 'API keys are issued by the administrator of this installation (POST /api/v1/open311/clients)',
    endpoints: xmlList(call.format, 'endpoint', [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: call.baseUrl,
        changeset: '2026-11-21T00:00:00Z',
        type: 'production',
        formats: xmlList(call.format, 'format', formats),
      },
    ]),
  };
}
