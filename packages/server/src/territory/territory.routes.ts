import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { notFound } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { getPremises, HOUSEHOLD_FLAGS, searchPremises } from './premise.repo.js';

const premiseOut = z.object({
  id: z.string(),
  accountNo: z.string(),
  address: z.string(),
  district: z.string(),
  community: z.string(),
  building: z.string(),
  entrance: z.string(),
  room: z.string(),
  heatedArea: z.number().nullable(),
  areaTier: z.string(),
  unitId: z.string().nullable(),
  networkNode: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  flags: z.array(z.enum(HOUSEHOLD_FLAGS)),
  notes: z.string(),
  customers: z.array(z.object({ id: z.string(), name: z.string(), phone: z.string() })),
});
type PremiseRow = Awaited<ReturnType<typeof getPremises>>[number];

export const toPremiseOut = (p: PremiseRow): z.infer<typeof premiseOut> => ({
  id: p.id,
  accountNo: p.account_no,
  address: p.address,
  district: p.district,
  community: p.community,
  building: p.building,
  entrance: p.entrance,
  room: p.room,
  heatedArea: p.heated_area,
  areaTier: p.area_tier,
  unitId: p.unit_id,
  networkNode: p.network_node_id && p.node_code ? { id: p.network_node_id, code: p.node_code, name: p.node_name ?? '' } : null,
  flags: p.flags as z.infer<typeof premiseOut>['flags'],
  notes: p.notes,
  customers: p.customers.map((c) => ({ id: c.id, name: c.name, phone: c.phone })),
});

const tags = ['territory'];

export function territoryRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/premises',
    {
      schema: {
        tags,
        summary: 'Find households by phone number, account number or address fragment',
        querystring: z.object({ q: z.string().trim().min(2).max(100), limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: { 200: z.object({ items: z.array(premiseOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      return { items: (await searchPremises(db, actor.tenantId, req.query.q, req.query.limit)).map(toPremiseOut) };
    },
  );

  api.get(
    '/premises/:id',
    { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: premiseOut, ...errorResponses } } },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const [p] = await getPremises(db, actor.tenantId, [req.params.id]);
      if (!p) throw notFound('Premise');
      return toPremiseOut(p);
    },
  );
}
