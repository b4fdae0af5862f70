import { z } from 'zod';
import { isInScope, scopePrefix } from '../auth/roles.js';
import { getUnit } from '../org/unit.repo.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { forbidden } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { kpiSummary } from './kpi.repo.js';
import { rateOut } from './kpi.schema.js';
import { openAndLateCounts } from './kpi-daily.repo.js';
import { dayStartsInZone } from './kpi-days.js';

/** The managers' figures strip: the same rates as /kpi/summary for each of the last N days, plus open and late counts now. */
export function kpiDailyRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/kpi/daily',
    {
      schema: {
        tags: ['kpi'],
        summary: 'Daily on-time, satisfaction and callback rates for the last N days (tenant time zone), with open and late counts now',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(92).default(30), unitId: z.uuid().optional() }),
        response: {
          200: z
            .object({
              unitId: z.string().nullable(),
              open: z.number().int(),
              late: z.number().int(),
              days: z.array(z.object({ date: z.string(), onTime: rateOut, satisfaction: rateOut, callback: rateOut })),
            })
            .meta({ id: 'KpiDaily' }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { actor, db, clock } = ctxOf(req, deps);
      let path = scopePrefix(actor);
      if (req.query.unitId) {
        const unit = await getUnit(db, actor.tenantId, req.query.unitId);
        if (!isInScope(actor, unit.path)) throw forbidden('unit_out_of_scope', 'unitId: outside your part of the organisation');
        path = unit.path;
      }
      const now = clock.now();
      const starts = dayStartsInZone(now, actor.timeZone, req.query.days);
      const days = [];
      for (let i = 0; i < starts.length; i++) {
        const from = starts[i]!.start;
        // Today runs up to and including this moment.
        const to = i + 1 < starts.length ? starts[i + 1]!.start : new Date(now.getTime() + 1);
        const s = await kpiSummary(db, actor.tenantId, path, from, to);
        days.push({ date: starts[i]!.date, onTime: s.onTime, satisfaction: s.satisfaction, callback: s.callback });
      }
      const counts = await openAndLateCounts(db, actor.tenantId, path, now);
      return { unitId: req.query.unitId ?? null, ...counts, days };
    },
  );
}
