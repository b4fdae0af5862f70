import { z } from 'zod';
import { requireTenantAdmin } from '../auth/roles.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { INDICATOR_BY_CODE, INDICATORS } from './indicators.js';
import { kpiDashboardRoutes } from './kpi-dashboard.routes.js';
import { kpiExportRoutes } from './kpi-export.routes.js';
import { drillQuery, valuesInput, valuesQuery } from './kpi-query.js';
import { indicatorValues, ordersBehind } from './kpi-values.js';
import { setTarget, tenantTargets } from './kpi-values.repo.js';

const indicatorOut = z.object({
  code: z.string(),
  name: z.string(),
  names: z.object({ 'zh-CN': z.string(), en: z.string() }),
  formula: z.string(),
  numerator: z.string(),
  denominator: z.string(),
  exclusions: z.string(),
  direction: z.enum(['higher', 'lower']),
  unit: z.enum(['ratio', 'per_10k_households', 'minutes']),
  target: z.number().nullable(),
  available: z.boolean(),
  reason: z.string().optional(),
});

const valueOut = z.object({
  code: z.string(),
  unitId: z.string().optional(),
  period: z.string().optional(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  value: z.number().nullable(),
  reason: z.string().optional(),
  target: z.number().nullable(),
});

/** The indicator catalogue, values from the rollups, the orders behind a value, and targets. */
export function kpiValuesRoutes(api: Api, deps: AppDeps) {
  kpiExportRoutes(api, deps);
  kpiDashboardRoutes(api, deps);
  api.get(
    '/kpi/indicators',
    {
      schema: {
        tags: ['kpi'],
        summary: 'The indicator catalogue: formula, direction, unit and this tenant’s target for each code',
        response: { 200: z.object({ items: z.array(indicatorOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const targets = await tenantTargets(db, actor.tenantId);
      return {
        items: INDICATORS.map((i) => ({
          code: i.code,
          name: i.name['zh-CN'],
          names: i.name,
          formula: i.formula,
          numerator: i.numerator,
          denominator: i.denominator,
          exclusions: i.exclusions,
          direction: i.direction,
          unit: i.unit,
          target: targets.get(i.code) ?? i.defaultTarget,
          available: !i.unavailable,
          ...(i.unavailable && { reason: i.unavailable }),
        })),
      };
    },
  );

  api.get(
    '/kpi/values',
    {
      schema: {
        tags: ['kpi'],
        summary: 'Indicator values with numerator and denominator for a unit subtree and local days [from, to), from the daily rollups',
        querystring: valuesQuery,
        response: { 200: z.object({ items: z.array(valueOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      return { items: await indicatorValues(db, actor, valuesInput(req.query, actor.timeZone)) };
    },
  );

  api.get(
    '/kpi/orders',
    {
      schema: {
        tags: ['kpi'],
        summary:
          'The orders behind a value: those counted in its numerator, its denominator, or the denominator but not the numerator (missed)',
        querystring: drillQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                number: z.string(),
                kind: z.string(),
                status: z.string(),
                unitId: z.string(),
                receivedAt: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const q = req.query;
      const rows = await ordersBehind(db, actor, q);
      return { items: rows };
    },
  );

  api.put(
    '/kpi/targets/:code',
    {
      schema: {
        tags: ['kpi'],
        summary: 'Sets this tenant’s target for one indicator (admin)',
        params: z.object({ code: z.string() }),
        body: z.object({ target: z.number().finite() }),
        response: { 200: z.object({ code: z.string(), target: z.number() }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db, clock } = ctxOf(req, deps);
      requireTenantAdmin(actor, 'Only an administrator of the whole tenant sets targets');
      if (!INDICATOR_BY_CODE.has(req.params.code)) fail('unknown_indicator', `code: unknown indicator ${req.params.code}`);
      const ind = INDICATOR_BY_CODE.get(req.params.code)!;
      if (ind.unit === 'ratio' && (req.body.target < 0 || req.body.target > 1)) fail('invalid_target', 'target: a share between 0 and 1');
      if (req.body.target < 0) fail('invalid_target', 'target: must not be negative');
      await setTarget(db, actor.tenantId, ind.code, req.body.target, actor.userId, clock.now());
      return { code: ind.code, target: req.body.target };
    },
  );
}
