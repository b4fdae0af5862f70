import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { AppError } from '../shared/errors.js';
import { errorBody, errorResponses } from '../shared/http.js';
import { assertMayTryLogin, recordLoginFailure, TooManyAttempts } from './login-throttle.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy.js';
import { roleSchema } from './roles.js';
import { changePassword, login, logout } from './session.service.js';
import { clearSessionCookies, setSessionCookies } from './session-cookie.js';

const tooMany = { 429: errorBody.describe('too many wrong passwords for this account or from this address; see Retry-After') };

export function authRoutes(api: Api, deps: AppDeps) {
  api.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        security: [],
        body: z.object({
          /** The user name, or name@tenant-code when the same name exists in several tenants. */
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(200),
          /** Tenant code; needed only when the same name and password exist in several tenants. */
          tenant: z.string().min(1).max(50).optional(),
          /** 'cookie' (the console): also set an HttpOnly session cookie and a CSRF token cookie. */
          session: z.enum(['token', 'cookie']).optional(),
        }),
        response: { 200: z.object({ token: z.string(), expiresAt: z.string() }), ...errorResponses, ...tooMany },
      },
    },
    async (req, reply) => {
      const { username, password, tenant } = req.body;
      try {
        await assertMayTryLogin(deps.db, deps.clock, username, req.ip);
        const { token, expiresAt } = await login(deps.db, deps.clock, {
          username,
          password,
          tenant,
          sessionHours: deps.sessionHours,
        }).catch(async (e: unknown) => {
          if (e instanceof AppError && e.status === 401) await recordLoginFailure(deps.db, deps.clock, username, req.ip);
          throw e;
        });
        if (req.body.session === 'cookie') setSessionCookies(req, reply, token, expiresAt, deps.clock.now());
        return { token, expiresAt: expiresAt.toISOString() };
      } catch (e) {
        if (e instanceof TooManyAttempts) reply.header('retry-after', String(e.retryAfter));
        throw e;
      }
    },
  );

  api.post('/auth/logout', { schema: { tags: ['auth'], response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
    if (req.bearerToken) await logout(deps.db, deps.clock, req.bearerToken);
    clearSessionCookies(req, reply);
    return reply.status(204).send(null);
  });

  api.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: `Change one's own password (at least ${MIN_PASSWORD_LENGTH} characters, not a common one, not the user name); other sessions end`,
        body: z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: z.string().max(MAX_PASSWORD_LENGTH) }),
        response: { 204: z.null(), ...errorResponses, ...tooMany },
      },
    },
    async (req, reply) => {
      const { actor, db, clock } = ctxOf(req, deps);
      const me = await db.selectFrom('users').select('username').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      try {
        // A stolen session must not become a way around the sign-in throttle.
        await assertMayTryLogin(db, clock, me.username, req.ip);
        await changePassword(db, clock, { userId: actor.userId, currentToken: req.bearerToken!, ...req.body }).catch(async (e: unknown) => {
          if (e instanceof AppError && e.status === 401) await recordLoginFailure(db, clock, me.username, req.ip);
          throw e;
        });
      } catch (e) {
        if (e instanceof TooManyAttempts) reply.header('retry-after', String(e.retryAfter));
        throw e;
      }
      return reply.status(204).send(null);
    },
  );

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
