import { sql } from 'kysely';
import { z } from 'zod';
import { seesWholeTenant } from '../auth/roles.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { isoOrNull, toZonedIso } from '../shared/time.js';
import { findVisibleTicket } from '../tickets/ticket.repo.js';
import { acknowledgeUrging } from './acknowledge-urging.js';
import { formatHours, parseHours } from './calendar.js';
import { assertMayEditSlaConfig } from './sla-config.policy.js';
import { listTimers } from './timer.repo.js';

const tags = ['sla'];
const iso = z.string();
const timerOut = z.object({
  clock: z.enum(['respond', 'arrive', 'resolve']),
  startedAt: iso,
  deadline: iso,
  metAt: iso.nullable(),
  paused: z.boolean(),
  warnedAt: iso.nullable(),
  breachedAt: iso.nullable(),
  escalationLevel: z.number(),
  acknowledgedAt: iso.nullable(),
  nextDue: iso.nullable(),
});
const urgingOut = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    ticketNumber: z.string(),
    clock: z.string(),
    level: z.number(),
    unitId: z.string(),
    createdAt: iso,
    acknowledgedAt: iso.nullable(),
    acknowledgedBy: z.string().nullable(),
    note: z.string().nullable(),
    kind: z.enum(['clock', 'supervision']).describe('clock: a missed deadline (催办); supervision: urged by a supervisor (督办)'),
    dueBy: iso.nullable().describe('a supervision: by when the unit must act'),
    request: z.string().nullable().describe('a supervision: what the supervisor asked'),
    createdBy: z.string().nullable().describe('a supervision: who urged'),
  })
  .meta({ id: 'Urging' });
const notificationOut = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    ticketId: z.string().nullable(),
    urgingId: z.string().nullable(),
    createdAt: iso,
    readAt: iso.nullable(),
  })
  .meta({ id: 'StaffNotification' });
const settingsBody = z.object({
  warnShare: z.number().gt(0).lt(1),
  escalateMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
});
const calendarOut = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['24x7', 'working_hours']),
  weekdays: z.array(z.number().int().min(1).max(7)),
  hours: z.string(),
});
const dayParam = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD') });
const dayOut = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() });

export function slaRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/tickets/:id/timers',
    {
      schema: {
        tags,
        summary: "An order's clocks: deadlines, warnings, breaches and escalation",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ items: z.array(timerOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const t = await findVisibleTicket(ctx.db, ctx.actor, req.params.id);
      if (!t) fail('not_found', 'Ticket not found');
      const tz = ctx.actor.timeZone;
      const rows = await listTimers(ctx.db, ctx.actor.tenantId, t.id);
      return {
        items: rows.map((r) => ({
          clock: r.clock as 'respond',
          startedAt: toZonedIso(r.started_at, tz),
          deadline: toZonedIso(r.deadline, tz),
          metAt: isoOrNull(r.met_at, tz),
          paused: r.paused,
          warnedAt: isoOrNull(r.warned_at, tz),
          breachedAt: isoOrNull(r.breached_at, tz),
          escalationLevel: r.escalation_level,
          acknowledgedAt: isoOrNull(r.acknowledged_at, tz),
          nextDue: isoOrNull(r.next_due, tz),
        })),
      };
    },
  );

  api.get(
    '/urgings',
    {
      schema: {
        tags,
        summary: 'Urging notices (催办) sent to your unit; open=true for those still to acknowledge',
        querystring: z.object({ open: z.enum(['true', 'false']).optional(), ticketId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(urgingOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      let q = db
        .selectFrom('urgings as u')
        .innerJoin('tickets as t', 't.id', 'u.ticket_id')
        .select([
          'u.id',
          'u.ticket_id',
          't.number',
          'u.clock',
          'u.level',
          'u.unit_id',
          'u.created_at',
          'u.acknowledged_at',
          'u.acknowledged_by',
          'u.note',
          'u.kind',
          'u.due_by',
          'u.request',
          'u.created_by',
        ])
        .where('u.tenant_id', '=', actor.tenantId)
        .orderBy('u.created_at', 'desc')
        .limit(200);
      if (req.query.ticketId) {
        // One order's urgings: only for an order the actor may see, and only those sent inside their part.
        if (!(await findVisibleTicket(db, actor, req.query.ticketId))) fail('not_found', 'Ticket not found');
        q = q.where('u.ticket_id', '=', req.query.ticketId);
        if (!seesWholeTenant(actor)) {
          q = q.where('u.unit_id', 'in', (eb) =>
            eb.selectFrom('units').select('id').where('tenant_id', '=', actor.tenantId).where('path', 'like', `${actor.unitPath}%`),
          );
        }
      } else if (actor.role !== 'admin' && actor.role !== 'quality_supervisor') q = q.where('u.unit_id', '=', actor.unitId);
      if (req.query.open === 'true') q = q.where('u.acknowledged_at', 'is', null);
      const rows = await q.execute();
      const tz = actor.timeZone;
      return {
        items: rows.map((r) => ({
          id: r.id,
          ticketId: r.ticket_id,
          ticketNumber: r.number,
          clock: r.clock,
          level: r.level,
          unitId: r.unit_id,
          createdAt: toZonedIso(r.created_at, tz),
          acknowledgedAt: isoOrNull(r.acknowledged_at, tz),
          acknowledgedBy: r.acknowledged_by,
          note: r.note,
          kind: r.kind,
          dueBy: isoOrNull(r.due_by, tz),
          request: r.request,
          createdBy: r.created_by,
        })),
      };
    },
  );

  api.post(
    '/urgings/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge an urging sent to your unit; stops its escalation and joins the timeline',
        params: z.object({ id: z.uuid() }),
        body: z.object({ note: z.string().max(2000).optional() }).optional(),
        response: { 200: z.object({ id: z.string(), acknowledgedAt: iso }), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, deps);
      const u = await acknowledgeUrging(ctx, req.params.id, req.body?.note ?? null);
      return { id: u.id, acknowledgedAt: toZonedIso(u.acknowledged_at, ctx.actor.timeZone) };
    },
  );

  api.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'In-app notifications for the signed-in staff member',
        querystring: z.object({ unread: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(notificationOut), unread: z.number() }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      let q = db.selectFrom('staff_notifications').selectAll().where('user_id', '=', actor.userId).orderBy('created_at', 'desc').limit(100);
      if (req.query.unread === 'true') q = q.where('read_at', 'is', null);
      const [rows, count] = await Promise.all([
        q.execute(),
        db
          .selectFrom('staff_notifications')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('user_id', '=', actor.userId)
          .where('read_at', 'is', null)
          .executeTakeFirstOrThrow(),
      ]);
      const tz = actor.timeZone;
      return {
        unread: count.n,
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          body: r.body,
          ticketId: r.ticket_id,
          urgingId: r.urging_id,
          createdAt: toZonedIso(r.created_at, tz),
          readAt: isoOrNull(r.read_at, tz),
        })),
      };
    },
  );

  api.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const r = await ctx.db
        .updateTable('staff_notifications')
        .set({ read_at: ctx.clock.now() })
        .where('id', '=', req.params.id)
        .where('user_id', '=', ctx.actor.userId)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) fail('not_found', 'Notification not found');
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/sla/settings',
    { schema: { tags, summary: 'Warning share and escalation interval', response: { 200: settingsBody, ...errorResponses } } },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      const t = await db
        .selectFrom('tenants')
        .select(['sla_warn_share', 'sla_escalate_minutes'])
        .where('id', '=', actor.tenantId)
        .executeTakeFirstOrThrow();
      return { warnShare: Number(t.sla_warn_share), escalateMinutes: t.sla_escalate_minutes };
    },
  );

  api.put(
    '/sla/settings',
    {
      schema: {
        tags,
        summary: 'Set the warning share (e.g. 0.8) and escalation interval (administrator)',
        body: settingsBody,
        response: { 200: settingsBody, ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      assertMayEditSlaConfig(actor);
      await db
        .updateTable('tenants')
        .set({ sla_warn_share: req.body.warnShare, sla_escalate_minutes: req.body.escalateMinutes })
        .where('id', '=', actor.tenantId)
        .execute();
      return req.body;
    },
  );

  api.get(
    '/calendars',
    { schema: { tags, summary: 'Business calendars', response: { 200: z.object({ items: z.array(calendarOut) }), ...errorResponses } } },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      const rows = await db.selectFrom('calendars').selectAll().where('tenant_id', '=', actor.tenantId).orderBy('code').execute();
      return {
        items: rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind as '24x7', weekdays: r.weekdays.map(Number), hours: r.hours })),
      };
    },
  );

  api.put(
    '/calendars/:code',
    {
      schema: {
        tags,
        summary: 'Create or change a calendar (administrator)',
        params: z.object({ code: z.string().regex(/^[a-z0-9-]{2,64}$/) }),
        body: calendarOut.omit({ code: true }),
        response: { 200: calendarOut, ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      assertMayEditSlaConfig(actor);
      let hours: string;
      try {
        hours = formatHours(parseHours(req.body.hours));
      } catch (e) {
        fail('invalid_hours', `hours: ${(e as Error).message}`);
      }
      const values = { name: req.body.name, kind: req.body.kind, weekdays: [...new Set(req.body.weekdays)].sort(), hours };
      await db
        .insertInto('calendars')
        .values({ tenant_id: actor.tenantId, code: req.params.code, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet(values))
        .execute();
      return { code: req.params.code, ...values, kind: values.kind };
    },
  );

  api.get(
    '/calendars/days',
    {
      schema: {
        tags,
        summary: 'Statutory holidays and make-up working days (调休) of a year',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: z.object({ items: z.array(dayOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      const rows = await db
        .selectFrom('calendar_days')
        .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind', 'name'])
        .where('tenant_id', '=', actor.tenantId)
        .where('day', '>=', `${req.query.year}-01-01`)
        .where('day', '<=', `${req.query.year}-12-31`)
        .orderBy('day')
        .execute();
      return { items: rows.map((r) => ({ day: r.day, kind: r.kind as 'holiday', name: r.name })) };
    },
  );

  api.put(
    '/calendars/days/:day',
    {
      schema: {
        tags,
        summary: 'Mark a date as a holiday or a make-up working day (administrator); orders filed later use it',
        params: dayParam,
        body: z.object({ kind: z.enum(['holiday', 'workday']), name: z.string().max(100).default('') }),
        response: { 200: dayOut, ...errorResponses },
      },
    },
    async (req) => {
      const { db, actor } = ctxOf(req, deps);
      assertMayEditSlaConfig(actor);
      if (Number.isNaN(Date.parse(`${req.params.day}T00:00:00Z`))) fail('invalid_day', 'day: not a calendar date');
      await db
        .insertInto('calendar_days')
        .values({ tenant_id: actor.tenantId, day: req.params.day, kind: req.body.kind, name: req.body.name })
        .onConflict((oc) => oc.columns(['tenant_id', 'day']).doUpdateSet({ kind: req.body.kind, name: req.body.name }))
        .execute();
      return { day: req.params.day, kind: req.body.kind, name: req.body.name };
    },
  );

  api.delete(
    '/calendars/days/:day',
    {
      schema: {
        tags,
        summary: 'Remove a dated exception (administrator)',
        params: dayParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { db, actor } = ctxOf(req, deps);
      assertMayEditSlaConfig(actor);
      const r = await db
        .deleteFrom('calendar_days')
        .where('tenant_id', '=', actor.tenantId)
        .where('day', '=', req.params.day)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) fail('not_found', 'Calendar day not found');
      return reply.status(204).send(null);
    },
  );
}
