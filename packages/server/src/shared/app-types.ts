import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { DatabaseKind } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { Ctx } from './context.js';
import { unauthorized } from './errors.js';

/** What the HTTP layer needs from the process: the database, the clock and a few settings. */
export type AppDeps = {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  clock: Clock;
  sessionHours: number;
  /** The address residents and client systems reach Warmline at (WARMLINE_PUBLIC_URL), e.g. https://warmline.example. */
  publicUrl?: string;
  /** Bytes of attachments one tenant may keep; default DEFAULT_TENANT_QUOTA_BYTES. */
  attachmentQuotaBytes?: number;
};

/** A Fastify instance whose routes are typed by their Zod schemas. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    bearerToken: string | null;
  }
}

/** The use-case context for an authenticated request. */
export function ctxOf(req: FastifyRequest, deps: AppDeps): Ctx {
  if (!req.actor) throw unauthorized();
  return { db: deps.db, actor: req.actor, clock: deps.clock, requestId: req.id };
}
