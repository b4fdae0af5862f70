import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { createApiClient, listApiClients, revokeApiClient } from './api-key.service.js';

const tags = ['open311'];
const clientOut = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string().describe('the first characters of the key, to tell keys apart'),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Administrators issue and revoke Open311 API keys, one per client system. */
export function open311AdminRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/open311/clients',
    {
      schema: {
        tags,
        summary: 'Open311 client systems and their keys (administrator)',
        response: { 200: z.object({ items: z.array(clientOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const rows = await listApiClients(db, actor);
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          keyPrefix: r.key_prefix,
          createdAt: r.created_at.toISOString(),
          revokedAt: iso(r.revoked_at),
          lastUsedAt: iso(r.last_used_at),
        })),
      };
    },
  );

  api.post(
    '/open311/clients',
    {
      schema: {
        tags,
        summary: 'Issue an API key for a client system; the key is shown only in this answer',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: clientOut.extend({ apiKey: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db, clock } = ctxOf(req, deps);
      const c = await createApiClient(db, clock, actor, req.body.name);
      return reply.status(201).send({
        id: c.id,
        name: c.name,
        keyPrefix: c.key_prefix,
        createdAt: c.created_at.toISOString(),
        revokedAt: null,
        lastUsedAt: null,
        apiKey: c.apiKey,
      });
    },
  );

  api.post(
    '/open311/clients/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a client key at once',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db, clock } = ctxOf(req, deps);
      await revokeApiClient(db, clock, actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
