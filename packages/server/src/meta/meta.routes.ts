import { z } from 'zod';
import { ANSWERABLE_KINDS, KINDS, PRIORITIES } from '../catalog/kinds.js';
import { kindSchema, prioritySchema } from '../catalog/kinds.schema.js';
import { findTenantSettings } from '../org/tenant.repo.js';
import type { Api, AppDeps } from '../shared/app-types.js';
import { ctxOf } from '../shared/app-types.js';
import { errorResponses } from '../shared/http.js';
import { DISSATISFIED_MAX, SATISFACTION_LEVELS, SATISFIED_MIN } from '../tickets/ticket.state.js';

const metaOut = z
  .object({
    kinds: z.array(kindSchema).describe('request kinds, in the order the intake offers them'),
    answerableKinds: z.array(kindSchema).describe('kinds that may be answered and closed at first contact'),
    priorities: z.array(prioritySchema).describe('from most to least urgent'),
    repeatWindowDays: z
      .number()
      .int()
      .describe('an order for the same household and category within this many days is linked as a repeat; 0 = off'),
    satisfaction: z.object({
      levels: z.array(z.number().int()).describe('the callback levels of GB/T 39734, 5 = very satisfied'),
      reopensAtOrBelow: z.number().int().describe('a callback at or below this level reopens the order'),
      satisfiedFrom: z.number().int().describe('a callback at or above this level counts as satisfied in the satisfaction rate'),
    }),
  })
  .meta({ id: 'Meta' });

/** The rules the server owns and the console must follow, read from their one definition. */
export function metaRoutes(api: Api, deps: AppDeps) {
  api.get(
    '/meta',
    {
      schema: {
        tags: ['meta'],
        summary: "The server's rules the console shows: kinds, which can be closed on the spot, the repeat window, satisfaction levels",
        response: { 200: metaOut, ...errorResponses },
      },
    },
    async (req) => {
      const { actor, db } = ctxOf(req, deps);
      const settings = await findTenantSettings(db, actor.tenantId);
      return {
        kinds: [...KINDS],
        answerableKinds: [...ANSWERABLE_KINDS],
        priorities: [...PRIORITIES],
        repeatWindowDays: settings.repeatWindowDays,
        satisfaction: { levels: [...SATISFACTION_LEVELS], reopensAtOrBelow: DISSATISFIED_MAX, satisfiedFrom: SATISFIED_MIN },
      };
    },
  );
}
