import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/database.js';
import { defineJob, enqueueJob, runDueJobs } from '../../src/jobs/job-runner.js';
import { manualClock } from '../../src/shared/clock.js';
import { openTestDatabase, testDatabaseKinds } from '../databases.js';

describe.each(testDatabaseKinds)('the job runner on %s', (kind) => {
  let d: Database;
  const clock = manualClock('2026-11-21T02:00:00Z');
  beforeAll(async () => {
    d = await openTestDatabase(kind);
  });
  afterAll(() => d?.close());

  const runs: string[] = [];
  let failuresLeft = 0;
  const job = defineJob({
    name: 'test.echo',
    version: 1,
    maxAttempts: 3,
    payload: z.object({ word: z.string() }),
    async handle(_ctx, p) {
      if (failuresLeft-- > 0) throw new Error('transient');
      runs.push(p.word);
    },
  });
  const status = async (word: string) =>
    d.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('dedup_key', '=', word).executeTakeFirstOrThrow();
  const drain = async () => {
    while ((await runDueJobs(d.db, clock, [job])) > 0);
  };

  it('runs a due job once; the same dedup key queues nothing more', async () => {
    await enqueueJob(d.db, job, { word: 'a' }, { at: clock.now(), dedupKey: 'a' });
    await enqueueJob(d.db, job, { word: 'a' }, { at: clock.now(), dedupKey: 'a' });
    await drain();
    expect(runs).toEqual(['a']);
    expect(await status('a')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('retries a failing job after a backoff, and gives up after its last attempt', async () => {
    failuresLeft = 1;
    await enqueueJob(d.db, job, { word: 'b' }, { at: clock.now(), dedupKey: 'b' });
    await drain();
    expect(await status('b')).toMatchObject({ status: 'queued', attempts: 1, last_error: 'transient' });
    clock.advance(1);
    await drain();
    expect(await status('b')).toMatchObject({ status: 'done', attempts: 2 });

    failuresLeft = 10;
    await enqueueJob(d.db, job, { word: 'c' }, { at: clock.now(), dedupKey: 'c' });
    for (let i = 0; i < 5; i++) {
      await drain();
      clock.advance(10);
    }
    expect(await status('c')).toMatchObject({ status: 'dead', attempts: 3 });
    failuresLeft = 0;
  });

  it('takes over a job whose worker died (its lease ran out)', async () => {
    await enqueueJob(d.db, job, { word: 'd' }, { at: clock.now(), dedupKey: 'd' });
    // A worker claimed it and vanished: running, lease in the past.
    await d.db
      .updateTable('jobs')
      .set({ status: 'running', attempts: 1, locked_until: new Date(clock.now().getTime() - 1000) })
      .where('dedup_key', '=', 'd')
      .execute();
    await drain();
    expect(await status('d')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('refuses a payload that does not match the definition', async () => {
    await expect(enqueueJob(d.db, job, { word: 5 } as never, { at: clock.now() })).rejects.toThrow();
  });
});
