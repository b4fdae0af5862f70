import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from './errors.js';

// A NUL byte cannot be stored in a PostgreSQL text column, and a lone UTF-16 surrogate has no
// UTF-8 form: either reaches the database as a 500. Neither is ever meaningful input.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The dotted path of the first string (key or value) in `value` that cannot be stored, or null. */
export function findUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findUnstorable(value[i], `${path}.${i}`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return path;
    const bad = findUnstorable(v, `${path}.${key}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/**
 * Refuses, before any route sees it, a request whose path parameters, query or body hold a NUL
 * byte or a broken surrogate: one check for every route, the public ones included.
 */
export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const bad = findUnstorable(req.params, 'params') ?? findUnstorable(req.query, 'querystring') ?? findUnstorable(req.body, 'body');
    if (bad) {
      throw badRequest('invalid_characters', `${bad}: contains a NUL byte or an invalid character`, {
        issues: [{ field: bad, message: 'contains a NUL byte or an invalid character' }],
      });
    }
  });
}
