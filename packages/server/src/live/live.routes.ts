import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { actorForToken } from '../auth/session.service.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { canView } from '../tickets/ticket.policy.js';
import { createLiveHub } from './live.hub.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server push for the console: `GET /api/v1/live/tickets` is a Server-Sent Events stream
 * with one `ticket` event per changed order the user may see ({"id","status","updatedAt"}).
 * The console re-reads what it shows; the event only says what changed.
 */
export function liveRoutes(api: Api, deps: AppDeps) {
  const hub = createLiveHub(deps.db, { onError: (e) => api.log.warn({ err: e }, 'live feed poll failed') });
  const streams = new Set<ServerResponse>();
  api.addHook('preClose', async () => {
    for (const s of streams) s.end();
    hub.close();
  });

  api.get(
    '/live/tickets',
    {
      schema: {
        tags: ['live'],
        summary: 'Server-Sent Events: one `ticket` event per change of an order you can see',
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor } = ctxOf(req, deps);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 1000\nevent: ready\ndata: {}\n\n`);
      streams.add(res);
      const unsubscribe = hub.subscribe((c) => {
        if (c.tenant_id !== actor.tenantId || !canView(actor, c)) return;
        res.write(`event: ticket\ndata: ${JSON.stringify({ id: c.id, status: c.status, updatedAt: c.updated_at.toISOString() })}\n\n`);
      });
      // A signed-out or disabled user's stream ends at the next heartbeat; the console reconnects and gets a 401.
      const token = req.bearerToken ?? '';
      const heartbeat = setInterval(() => {
        actorForToken(deps.db, deps.clock, token)
          .then((still) => (still ? res.write(': keep-alive\n\n') : res.end()))
          .catch(() => res.write(': keep-alive\n\n'));
      }, HEARTBEAT_MS);
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(res);
      });
    },
  );
}
