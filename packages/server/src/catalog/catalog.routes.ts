import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { assertMayEditCatalog } from './catalog.policy.js';
import { listCategories, listCommitments, replaceCommitments, upsertCategory } from './catalog.repo.js';
import { AREA_TIERS, KINDS, PRIORITIES } from './kinds.js';
import { kindSchema, prioritySchema } from './kinds.schema.js';

const minutes = z.number().int().positive().nullable();
const commitmentOut = z
  .object({
    priority: z.enum([...PRIORITIES, '*']),
    areaTier: z.enum([...AREA_TIERS, '*']),
    respondMinutes: minutes,
    arriveMinutes: minutes,
    resolveMinutes: minutes,
    // Clocks in working days (e.g. "within 3 working days") and the calendar they run on.
    calendarCode: z.string().max(64).optional(),
    respondWorkingDays: z.number().int().positive().max(365).nullable().optional(),
    arriveWorkingDays: z.number().int().positive().max(365).nullable().optional(),
    resolveWorkingDays: z.number().int().positive().max(365).nullable().optional(),
  })
  .meta({ id: 'Commitment' });
const categoryBody = z.object({
  kind: kindSchema,
  name: z.string().min(1).max(100),
  nameEn: z.string().max(100).optional(),
  defaultPriority: prioritySchema,
  routingUnitId: z.uuid().nullable().optional(),
  emergency: z.boolean().optional(),
  active: z.boolean().optional(),
});
const categoryOut = categoryBody
  .extend({
    code: z.string(),
    nameEn: z.string(),
    routingUnitId: z.string().nullable(),
    emergency: z.boolean(),
    active: z.boolean(),
    commitments: z.array(commitmentOut),
  })
  .meta({ id: 'Category' });
const tags = ['catalog'];

/** Each clock is set in minutes or in working days, not both, on a calendar the tenant has. */
async function checkCalendars(db: AppDeps['db'], tenantId: string, rows: Array<z.infer<typeof commitmentOut>>) {
  for (const [i, r] of rows.entries()) {
    for (const c of ['respond', 'arrive', 'resolve'] as const) {
      if (r[`${c}Minutes`] != null && r[`${c}WorkingDays`] != null) {
        fail('ambiguous_target', `commitments.${i}.${c}WorkingDays: give minutes or working days, not both`);
      }
    }
    if (r.calendarCode && r.calendarCode !== '24x7') {
      const cal = await db
        .selectFrom('calendars')
        .select('code')
        .where('tenant_id', '=', tenantId)
        .where('code', '=', r.calendarCode)
        .executeTakeFirst();
      if (!cal) fail('unknown_calendar', `commitments.${i}.calendarCode: no calendar "${r.calendarCode}"`);
    }
  }
}

export function catalogRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/catalog',
    {
      schema: {
        tags,
        summary: 'Request kinds, categories and their commitments',
        response: { 200: z.object({ kinds: z.array(kindSchema), categories: z.array(categoryOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const [categories, commitments] = await Promise.all([listCategories(db, actor.tenantId), listCommitments(db, actor.tenantId)]);
      return {
        kinds: [...KINDS],
        categories: categories.map((c) => ({
          code: c.code,
          kind: c.kind as (typeof KINDS)[number],
          name: c.name,
          nameEn: c.name_en,
          defaultPriority: c.default_priority as (typeof PRIORITIES)[number],
          routingUnitId: c.routing_unit_id,
          emergency: c.emergency,
          active: c.active,
          commitments: commitments
            .filter((m) => m.category_id === c.id)
            .map((m) => ({
              priority: m.priority as z.infer<typeof commitmentOut>['priority'],
              areaTier: m.area_tier as z.infer<typeof commitmentOut>['areaTier'],
              respondMinutes: m.respond_minutes,
              arriveMinutes: m.arrive_minutes,
              resolveMinutes: m.resolve_minutes,
              calendarCode: m.calendar_code,
              respondWorkingDays: m.respond_working_days,
              arriveWorkingDays: m.arrive_working_days,
              resolveWorkingDays: m.resolve_working_days,
            })),
        })),
      };
    },
  );

  api.put(
    '/catalog/categories/:code',
    {
      schema: {
        tags,
        summary: 'Create or update a category (administrator)',
        params: z.object({ code: z.string().regex(/^[a-z0-9-]{2,64}$/) }),
        body: categoryBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db } = ctxOf(req, deps);
      assertMayEditCatalog(actor);
      await upsertCategory(db, actor.tenantId, { ...req.body, code: req.params.code });
      return reply.status(204).send(null);
    },
  );

  api.put(
    '/catalog/categories/:code/commitments',
    {
      schema: {
        tags,
        summary: 'Replace the commitments of a category (administrator); filed orders keep their deadlines',
        params: z.object({ code: z.string().max(64) }),
        body: z.object({ commitments: z.array(commitmentOut).max(100) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { actor, db } = ctxOf(req, deps);
      assertMayEditCatalog(actor);
      const category = await db
        .selectFrom('categories')
        .select('id')
        .where('tenant_id', '=', actor.tenantId)
        .where('code', '=', req.params.code)
        .executeTakeFirst();
      if (!category) fail('not_found', 'Category not found');
      await checkCalendars(db, actor.tenantId, req.body.commitments);
      await replaceCommitments(db, actor.tenantId, category.id, req.body.commitments);
      return reply.status(204).send(null);
    },
  );
}
