import type { Kysely } from 'kysely';
import { deleteOrphanAttachments } from '../attachments/attachment.repo.js';
import { withLongQueries } from '../db/query-limits.js';
import type { DB } from '../db/schema.js';
import { type Channels, type DeliveryOptions, deliverOutbox } from '../notify/deliver-outbox.js';
import { DeliveryPacer } from '../notify/delivery-pacer.js';
import type { Clock } from '../shared/clock.js';
import { sweepTimers } from '../sla/sweep-timers.js';
import { type JobDefinition, runDueJobs } from './job-runner.js';

export type WorkerOptions = {
  db: Kysely<DB>;
  clock: Clock;
  jobs: JobDefinition[];
  channels: Channels;
  /** Pause between passes when there was nothing to do. */
  idleMs?: number;
  delivery?: DeliveryOptions;
  log?: { error(obj: unknown, msg?: string): void };
  /** Further loops registered by modules above this floor (e.g. the indicator rollups); each returns the work it found. */
  passes?: Record<string, () => Promise<number>>;
};

/**
 * The background worker: loops over the order clocks, the job queue and the outbox. Each loop
 * runs again at once while it finds work and sleeps `idleMs` when idle. All three claim rows with
 * FOR UPDATE SKIP LOCKED, so any number of workers (processes) can run side by side.
 */
export function startWorker(o: WorkerOptions) {
  const idleMs = o.idleMs ?? 500;
  // The provider's rate is shared with every other worker process through the database.
  const pacer = new DeliveryPacer(o.db);
  let stopping = false;
  const loops: Array<Promise<void>> = [];
  let wake: Array<() => void> = [];
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = wake.filter((w) => w !== done);
        r();
      }
      wake.push(done);
    });
  const loop = (name: string, pass: () => Promise<number>) =>
    (async () => {
      while (!stopping) {
        let n = 0;
        try {
          // Background work nobody waits on gets the long query limit.
          n = await withLongQueries(pass);
        } catch (e) {
          o.log?.error({ err: e }, `worker ${name} pass failed`);
        }
        if (n === 0 && !stopping) await sleep(idleMs);
      }
    })();
  loops.push(loop('timers', () => sweepTimers(o.db, o.clock)));
  loops.push(loop('jobs', () => runDueJobs(o.db, o.clock, o.jobs)));
  // Orphan uploads are few and a day old before they matter: look every ten minutes, not every pass.
  let lastOrphanSweep = 0;
  loops.push(
    loop('orphan-uploads', async () => {
      const now = o.clock.now();
      if (now.getTime() - lastOrphanSweep < 600_000) return 0;
      const removed = await deleteOrphanAttachments(o.db, now);
      if (removed < 200) lastOrphanSweep = now.getTime();
      return 0;
    }),
  );
  loops.push(loop('outbox', () => deliverOutbox(o.db, o.clock, o.channels, pacer, o.delivery)));
  for (const [name, pass] of Object.entries(o.passes ?? {})) loops.push(loop(name, pass));
  return {
    /** Finishes the passes under way, then stops. */
    async stop() {
      stopping = true;
      for (const w of [...wake]) w();
      await Promise.all(loops);
    },
  };
}
