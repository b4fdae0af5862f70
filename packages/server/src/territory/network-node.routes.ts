import { z } from 'zod';
import { getUnit } from '../org/unit.repo.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { fail } from '../shared/errors.js';
import { errorResponses } from '../shared/http.js';
import { getNetworkNode, listNetworkNodes } from './network-node.repo.js';
import { createNetworkNode, updateNetworkNode } from './save-network-node.js';
import { createNodeBody, nodeOut, updateNodeBody } from './territory.schema.js';
import { toNodeOut } from './territory.view.js';

const tags = ['territory'];
const idParams = z.object({ id: z.uuid() });

/** Network nodes: the heat-exchange stations, feeders and zones premises hang on. */
export function networkNodeRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/network-nodes',
    {
      schema: {
        tags,
        summary: 'Network nodes with their premise counts, optionally below a unit or matching a code or name',
        querystring: z.object({ unitId: z.uuid().optional(), q: z.string().trim().min(1).max(100).optional() }),
        response: { 200: z.object({ items: z.array(nodeOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      let unitPath: string | undefined;
      if (req.query.unitId) unitPath = (await getUnit(db, actor.tenantId, req.query.unitId)).path;
      const rows = await listNetworkNodes(db, actor.tenantId, { unitPath, q: req.query.q });
      return { items: rows.map(toNodeOut) };
    },
  );

  api.get('/network-nodes/:id', { schema: { tags, params: idParams, response: { 200: nodeOut, ...errorResponses } } }, async (req) => {
    const { actor, db } = ctxOf(req, deps);
    const node = await getNetworkNode(db, actor.tenantId, req.params.id);
    if (!node) fail('not_found', 'Network node not found');
    return toNodeOut(node);
  });

  api.post(
    '/network-nodes',
    {
      schema: {
        tags,
        summary: 'Add a network node (administrators and managers)',
        body: createNodeBody,
        response: { 201: nodeOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(toNodeOut(await createNetworkNode(ctxOf(req, deps), req.body))),
  );

  api.patch(
    '/network-nodes/:id',
    {
      schema: {
        tags,
        summary: 'Rename a node or hand it to another unit',
        params: idParams,
        body: updateNodeBody,
        response: { 200: nodeOut, ...errorResponses },
      },
    },
    async (req) => toNodeOut(await updateNetworkNode(ctxOf(req, deps), req.params.id, req.body)),
  );
}
