import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';

/** Everything a use case needs: who acts, on which database, at what time. */
export type Ctx = {
  db: Kysely<DB>;
  actor: Actor;
  clock: Clock;
  requestId?: string;
};
