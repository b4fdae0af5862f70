import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ERROR_CATALOGUE, type ErrorCode, isDatabaseUnavailable, isErrorCode } from './errors.js';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('A code of the error catalogue, listed with its status and message under x-error-codes'),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The catalogue as the OpenAPI document's `x-error-codes` extension: code → status and message. */
export const errorCodesExtension = () => structuredClone(ERROR_CATALOGUE) as Record<string, { status: number; message: string }>;

/** Standard error responses, declared on every route so the OpenAPI document lists them. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
} as const;

function send(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return reply.status(status).send({ error: { code, message, ...(details && { details }) } });
}

/** Sends a catalogued error with its status; `detail` replaces the catalogue's message. */
export function sendError(reply: FastifyReply, code: ErrorCode, detail?: string, details?: Record<string, unknown>) {
  return send(reply, ERROR_CATALOGUE[code].status, code, detail ?? ERROR_CATALOGUE[code].message, details);
}

// Fastify's own 4xx errors (FST_ERR_…) answer with a catalogued code chosen by their status.
const HTTP_LAYER_CODES: Record<number, ErrorCode> = {
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** The one error boundary: known errors keep their code, bad input is a 4xx naming the field, the rest is a masked 500. */
export function installErrorHandler(
  app: FastifyInstance,
  opts: { onRefused?: (req: FastifyRequest, status: number, code: string) => Promise<void> } = {},
) {
  app.setErrorHandler(async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.status === 403 && opts.onRefused) {
        // A failed record must not turn the refusal into a 500; it is logged instead.
        await opts.onRefused(req, err.status, err.code).catch((e: unknown) => req.log.error({ err: e }, 'refusal not recorded'));
      }
      return send(reply, err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        field: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
      return send(reply, 400, 'invalid_input', message, { issues });
    }
    // Constraint violations the use cases did not foresee are still the client's conflict, not a 500.
    const sqlState = (err as { code?: string }).code;
    if (sqlState === '23505') return sendError(reply, 'duplicate');
    if (sqlState === '23503') return sendError(reply, 'unknown_reference');
    if (sqlState === '23514') return sendError(reply, 'constraint_violated');
    // disk_full: the statement was rolled back, so nothing is half-written; say so instead of a 500.
    if (sqlState === '53100') {
      req.log.error({ err }, 'database storage full');
      return sendError(reply, 'storage_full');
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      return sendError(reply.header('retry-after', '2'), 'database_unavailable');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Errors thrown with a catalogued code (the bearer-token hook's 'unauthorized') keep it.
      const code = err.code && isErrorCode(err.code) ? err.code : (HTTP_LAYER_CODES[err.statusCode] ?? 'bad_request');
      return send(reply, err.statusCode, code, err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, 'internal_error');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
}
