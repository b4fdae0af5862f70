import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { networkNodeRoutes } from './network-node.routes.js';
import { premiseImportRoutes } from './premise-import.routes.js';
import { lookupHouseholds, readHousehold } from './read-households.js';
import { addCustomer, createPremise, removeCustomer, updateCustomer, updatePremise } from './save-premise.js';
import { createPremiseBody, customerBody, premiseOut, updateCustomerBody, updatePremiseBody } from './territory.schema.js';
import { toPremiseOut } from './territory.view.js';

export { toPremiseOut } from './territory.view.js';

const tags = ['territory'];
const idParams = z.object({ id: z.uuid() });
const customerParams = z.object({ id: z.uuid(), customerId: z.uuid() });

/** The household register: premises, their customers, network nodes and the CSV import. */
export function territoryRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/premises',
    {
      schema: {
        tags,
        summary:
          'Find households by phone number, account number or address fragment, within what your role may read (contact fields masked for desk staff unless found by number)',
        querystring: z.object({ q: z.string().trim().min(2).max(100), limit: z.coerce.number().int().min(1).max(50).default(20) }),
        response: { 200: z.object({ items: z.array(premiseOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      return { items: await lookupHouseholds(db, actor, req.query.q, req.query.limit) };
    },
  );

  api.get('/premises/:id', { schema: { tags, params: idParams, response: { 200: premiseOut, ...errorResponses } } }, async (req) => {
    const { actor, db } = ctxOf(req, deps);
    return readHousehold(db, actor, req.params.id);
  });

  api.post(
    '/premises',
    {
      schema: {
        tags,
        summary: 'Register a household with its customers (administrators and managers)',
        body: createPremiseBody,
        response: { 201: premiseOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(toPremiseOut(await createPremise(ctxOf(req, deps), req.body))),
  );

  api.patch(
    '/premises/:id',
    {
      schema: {
        tags,
        summary: 'Change a household; only the fields given change (administrators and managers)',
        params: idParams,
        body: updatePremiseBody,
        response: { 200: premiseOut, ...errorResponses },
      },
    },
    async (req) => toPremiseOut(await updatePremise(ctxOf(req, deps), req.params.id, req.body)),
  );

  api.post(
    '/premises/:id/customers',
    {
      schema: {
        tags,
        summary: 'Add a customer phone number to a household',
        params: idParams,
        body: customerBody,
        response: { 201: premiseOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(toPremiseOut(await addCustomer(ctxOf(req, deps), req.params.id, req.body))),
  );

  api.patch(
    '/premises/:id/customers/:customerId',
    {
      schema: {
        tags,
        summary: "Change a customer's name or phone",
        params: customerParams,
        body: updateCustomerBody,
        response: { 200: premiseOut, ...errorResponses },
      },
    },
    async (req) => toPremiseOut(await updateCustomer(ctxOf(req, deps), req.params.id, req.params.customerId, req.body)),
  );

  api.delete(
    '/premises/:id/customers/:customerId',
    {
      schema: {
        tags,
        summary: 'Remove a customer from a household',
        params: customerParams,
        response: { 200: premiseOut, ...errorResponses },
      },
    },
    async (req) => toPremiseOut(await removeCustomer(ctxOf(req, deps), req.params.id, req.params.customerId)),
  );

  networkNodeRoutes(api, deps);
  premiseImportRoutes(api, deps);
}
