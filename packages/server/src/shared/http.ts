import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, isDatabaseUnavailable } from './errors.js';

export const errorBody = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  })
  .meta({ id: 'Error' });

/** Standard error responses, declared on every route so the OpenAPI document lists them. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
} as const;

function send(reply: FastifyReply, status: number, code: string, message: string, details?: Record<string, unknown>) {
  return reply.status(status).send({ error: { code, message, ...(details && { details }) } });
}

/** The one error boundary: known errors keep their code, bad input is a 4xx naming the field, the rest is a masked 500. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return send(reply, err.status, err.code, err.message, err.details);
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
    if (sqlState === '23505') return send(reply, 409, 'duplicate', 'A record with these values already exists');
    if (sqlState === '23503') return send(reply, 422, 'unknown_reference', 'A referenced record does not exist');
    if (sqlState === '23514') return send(reply, 422, 'constraint_violated', 'A value is outside what is allowed');
    // disk_full: the statement was rolled back, so nothing is half-written; say so instead of a 500.
    if (sqlState === '53100') {
      req.log.error({ err }, 'database storage full');
      return send(reply, 507, 'storage_full', 'The storage is full; nothing was saved. Try again after an administrator has made room');
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      return send(reply.header('retry-after', '2'), 503, 'database_unavailable', 'The database is not reachable; try again shortly');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = (err.code ?? 'bad_request').replace(/^FST_ERR_/, '').toLowerCase();
      return send(reply, err.statusCode, code, err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'internal_error', 'Something went wrong on our side');
  });
  app.setNotFoundHandler((req, reply) => send(reply, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
}
