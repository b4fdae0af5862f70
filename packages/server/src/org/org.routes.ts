import { z } from 'zod';
import { ROLES, roleSchema, scopePrefix } from '../auth/roles.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { assertMayAddUnit } from './unit.policy.js';
import { createUnit, getUnit, listUnits, toTree, type UnitNode } from './unit.repo.js';
import { assertMayAddUser } from './user.policy.js';
import { createUser, disableUser, listUsers } from './user.service.js';

const unitKind = z.enum(['group', 'company', 'station', 'team']);
// Recursive, so it must be a named component: the OpenAPI document refers to it from its own children.
const unitNode: z.ZodType<UnitNode> = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    kind: unitKind,
    code: z.string(),
    name: z.string(),
    get children() {
      return z.array(unitNode);
    },
  })
  .meta({ id: 'UnitNode' });
const userOut = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    unitId: z.string(),
    phone: z.string().nullable(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

export function orgRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/units',
    { schema: { tags: ['organisation'], response: { 200: z.object({ items: z.array(unitNode) }), ...errorResponses } } },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      return { items: toTree(await listUnits(db, actor.tenantId, scopePrefix(actor))) };
    },
  );

  api.post(
    '/units',
    {
      schema: {
        tags: ['organisation'],
        body: z.object({
          parentId: z.uuid(),
          kind: unitKind.exclude(['group']),
          code: z.string().min(1).max(64),
          name: z.string().min(1).max(200),
        }),
        response: { 201: z.object({ id: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db } = ctxOf(req, deps);
      assertMayAddUnit(actor, (await getUnit(db, actor.tenantId, req.body.parentId)).path);
      const unit = await createUnit(db, actor.tenantId, req.body);
      return reply.status(201).send({ id: unit.id });
    },
  );

  api.get(
    '/users',
    { schema: { tags: ['organisation'], response: { 200: z.object({ items: z.array(userOut) }), ...errorResponses } } },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const rows = await listUsers(db, actor);
      return {
        items: rows.map((u) => ({
          id: u.id,
          username: u.username,
          displayName: u.display_name,
          role: u.role as (typeof ROLES)[number],
          unitId: u.unit_id,
          phone: u.phone,
          disabled: u.disabled_at !== null,
        })),
      };
    },
  );

  api.post(
    '/users',
    {
      schema: {
        tags: ['organisation'],
        body: z.object({
          username: z.string().regex(/^[a-z0-9._-]{2,50}$/, '2–50 lower-case letters, digits, dot, dash or underscore'),
          displayName: z.string().min(1).max(100),
          password: z
            .string()
            .min(1)
            .max(200)
            .describe('at least 10 characters, not a commonly used password, not containing the user name'),
          role: z.enum(ROLES),
          unitId: z.uuid(),
          phone: z.string().max(30).optional(),
        }),
        response: { 201: z.object({ id: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db } = ctxOf(req, deps);
      assertMayAddUser(actor, (await getUnit(db, actor.tenantId, req.body.unitId)).path, req.body.username);
      const user = await createUser(db, actor.tenantId, req.body);
      return reply.status(201).send({ id: user.id });
    },
  );

  api.post(
    '/users/:id/disable',
    { schema: { tags: ['organisation'], params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      await disableUser(ctx.db, ctx.clock, ctx.actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
