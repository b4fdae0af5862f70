import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';

export type JobContext = { db: Kysely<DB>; clock: Clock; attempt: number };

/**
 * A background job: a name, a version (bump it when the payload changes shape), a Zod payload,
 * and a handler that reloads the state it acts on, so running it twice does no harm.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  version: number;
  payload: S;
  maxAttempts?: number;
  handle(ctx: JobContext, payload: z.infer<S>): Promise<void>;
};

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>) => def;

/** Queues a job in the caller's transaction; a second job with the same dedup key is ignored. */
export async function enqueueJob<S extends z.ZodType>(
  db: Kysely<DB>,
  def: JobDefinition<S>,
  payload: z.infer<S>,
  opts: { at: Date; runAt?: Date; dedupKey?: string },
) {
  await db
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      name: def.name,
      version: def.version,
      payload: JSON.stringify(def.payload.parse(payload)),
      run_at: opts.runAt ?? opts.at,
      max_attempts: def.maxAttempts ?? 5,
      dedup_key: opts.dedupKey ?? null,
      created_at: opts.at,
    })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .execute();
}

/**
 * Claims due jobs (and running ones whose lease ran out because their worker died) with
 * FOR UPDATE SKIP LOCKED, runs them, and records done, retry with backoff, or dead.
 * Returns the number of jobs run.
 */
export async function runDueJobs(db: Kysely<DB>, clock: Clock, registry: JobDefinition[], opts: { batch?: number; leaseMs?: number } = {}) {
  const now = clock.now();
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const claimed = await sql<{ id: string; name: string; version: number; payload: unknown; attempts: number; max_attempts: number }>`
    UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, locked_until = ${new Date(now.getTime() + leaseMs)}
    WHERE j.id IN (
      SELECT id FROM jobs
      WHERE (status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now})
      ORDER BY run_at LIMIT ${opts.batch ?? 10}
      FOR UPDATE SKIP LOCKED)
    RETURNING j.id, j.name, j.version, j.payload, j.attempts, j.max_attempts
  `.execute(db);
  for (const job of claimed.rows) {
    const def = registry.find((d) => d.name === job.name && d.version === job.version);
    try {
      if (!def) throw new Error(`no handler for ${job.name} v${job.version}`);
      await def.handle({ db, clock, attempt: job.attempts }, def.payload.parse(job.payload));
      await db.updateTable('jobs').set({ status: 'done', finished_at: clock.now(), locked_until: null }).where('id', '=', job.id).execute();
    } catch (e) {
      const dead = !def || job.attempts >= job.max_attempts;
      await db
        .updateTable('jobs')
        .set({
          status: dead ? 'dead' : 'queued',
          last_error: String((e as Error).message ?? e).slice(0, 1000),
          run_at: new Date(clock.now().getTime() + Math.min(1000 * 2 ** job.attempts, 600_000)),
          locked_until: null,
          ...(dead && { finished_at: clock.now() }),
        })
        .where('id', '=', job.id)
        .execute();
    }
  }
  return claimed.rows.length;
}
