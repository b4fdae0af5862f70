import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { roleSchema } from './roles.js';
import { login, logout } from './session.service.js';

export function authRoutes(api: Api, deps: AppDeps) {
  api.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        security: [],
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string() }), ...errorResponses },
      },
    },
    async (req) => {
      const { token, expiresAt } = await login(deps.db, deps.clock, { ...req.body, sessionHours: deps.sessionHours });
      return { token, expiresAt: expiresAt.toISOString() };
    },
  );

  api.post('/auth/logout', { schema: { tags: ['auth'], response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
    if (req.bearerToken) await logout(deps.db, deps.clock, req.bearerToken);
    return reply.status(204).send(null);
  });

  api.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        response: {
          200: z
            .object({
              id: z.string(),
              username: z.string(),
              displayName: z.string(),
              role: roleSchema,
              unitId: z.string(),
              tenantId: z.string(),
              timeZone: z.string(),
            })
            .meta({ id: 'Me' }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const u = await db.selectFrom('users').select(['username', 'display_name']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      return {
        id: actor.userId,
        username: u.username,
        displayName: u.display_name,
        role: actor.role,
        unitId: actor.unitId,
        tenantId: actor.tenantId,
        timeZone: actor.timeZone,
      };
    },
  );
}
