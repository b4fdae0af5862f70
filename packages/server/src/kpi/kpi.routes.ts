import { z } from 'zod';
import { isInScope, scopePrefix } from '../auth/roles.js';
import { getUnit } from '../org/unit.repo.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { badRequest, forbidden } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { instant } from '../shared/instant.js';
import { kpiSummary } from './kpi.repo.js';
import { rateOut } from './kpi.schema.js';

export function kpiRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/kpi/summary',
    {
      schema: {
        tags: ['kpi'],
        summary: 'On-time, satisfaction, callback and repeat rates for a period and a unit subtree',
        querystring: z.object({
          from: instant,
          to: instant,
          unitId: z.uuid().optional(),
        }),
        response: {
          200: z
            .object({
              from: z.string(),
              to: z.string(),
              unitId: z.string().nullable(),
              onTime: rateOut,
              satisfaction: rateOut,
              callback: rateOut,
              repeat: rateOut,
            })
            .meta({ id: 'KpiSummary' }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const from = new Date(req.query.from);
      const to = new Date(req.query.to);
      if (from >= to) throw badRequest('invalid_range', 'from: must be before to');
      let path = scopePrefix(actor);
      if (req.query.unitId) {
        const unit = await getUnit(db, actor.tenantId, req.query.unitId);
        if (!isInScope(actor, unit.path)) throw forbidden('unit_out_of_scope', 'unitId: outside your part of the organisation');
        path = unit.path;
      }
      const summary = await kpiSummary(db, actor.tenantId, path, from, to);
      return { from: req.query.from, to: req.query.to, unitId: req.query.unitId ?? null, ...summary };
    },
  );
}
