import { z } from 'zod';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { namesOfPeople } from './people.repo.js';

const ROLE = z.string();

/**
 * Names behind the user ids an order carries (first-contact owner, assignee, actors of its
 * events). `/users` only lists one's own subtree; an order's timeline crosses units.
 */
export function peopleRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/directory/people',
    {
      schema: {
        tags: ['organisation'],
        summary: 'Display names and roles of colleagues in the tenant, by id',
        querystring: z.object({
          ids: z
            .string()
            .transform((s) => [...new Set(s.split(',').filter(Boolean))])
            .pipe(z.array(z.uuid()).min(1).max(100)),
        }),
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string(), role: ROLE })) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      return { items: await namesOfPeople(db, actor.tenantId, req.query.ids) };
    },
  );
}
