import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { latestTicketChange, type TicketChange, ticketsChangedSince } from './live.repo.js';

type Listener = (change: TicketChange) => void;

/** How far back each poll looks again, so a transaction that commits late with an older timestamp is still seen. */
const LOOKBACK_MS = 5_000;

/**
 * One feed of order changes per server process, shared by every open console.
 * It polls the database ("what changed since T?") only while someone listens, so it works
 * the same with one process or many, on PostgreSQL and on PGlite, with no broker.
 */
export function createLiveHub(db: Kysely<DB>, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}) {
  const intervalMs = opts.intervalMs ?? 300;
  const listeners = new Set<Listener>();
  const seen = new Map<string, number>(); // "id#eventCount" → updatedAt, to announce each change once
  let watermark: Date | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      if (!watermark) {
        watermark = (await latestTicketChange(db)) ?? new Date(0);
        return;
      }
      const rows = await ticketsChangedSince(db, new Date(watermark.getTime() - LOOKBACK_MS));
      for (const row of rows) {
        const t = row.updated_at.getTime();
        const key = `${row.id}#${row.event_count}`;
        if (seen.has(key)) continue;
        seen.set(key, t);
        if (t > watermark.getTime()) watermark = row.updated_at;
        for (const l of listeners) l(row);
      }
      const forgetBefore = watermark.getTime() - 2 * LOOKBACK_MS;
      for (const [k, t] of seen) if (t < forgetBefore) seen.delete(k);
    } catch (e) {
      opts.onError?.(e);
    } finally {
      polling = false;
    }
  }

  function start() {
    if (timer) return;
    void poll();
    timer = setInterval(() => void poll(), intervalMs);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    watermark = null;
    seen.clear();
  }

  return {
    /** Calls `listener` for every order change from now on; returns the unsubscribe function. */
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    /** Runs one poll now (tests). */
    poll,
    close: stop,
  };
}
export type LiveHub = ReturnType<typeof createLiveHub>;
