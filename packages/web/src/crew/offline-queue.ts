import type { Action } from '../api/models';

/** One step the crew took, kept until the server has it. Photos and the signature travel as data URLs. */
export type QueuedAction = {
  id: string;
  ticketId: string;
  action: Action;
  note?: string;
  reason?: string;
  files?: { name: string; dataUrl: string }[];
  queuedAt: string;
};

export type SendResult = 'sent' | 'rejected' | 'offline';
export type Storage = { get(): QueuedAction[]; set(q: QueuedAction[]): void };

/** Keeps the queue in localStorage so a reload or a closed tab loses nothing. */
export const localStorageQueue = (key = 'warmline.crew.queue'): Storage => ({
  get: () => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? '[]') as QueuedAction[];
    } catch {
      return [];
    }
  },
  set: (q) => localStorage.setItem(key, JSON.stringify(q)),
});

/**
 * Sends queued steps strictly in the order they were taken. Stops at the first one that
 * cannot reach the server (it stays first in line); a step the server refuses (e.g. the
 * order was reassigned meanwhile) is dropped and reported, so the rest can go on.
 */
export async function replayQueue(
  storage: Storage,
  send: (a: QueuedAction) => Promise<SendResult>,
  onRejected: (a: QueuedAction) => void = () => {},
): Promise<{ sent: number; rejected: number; remaining: number }> {
  let sent = 0;
  let rejected = 0;
  for (;;) {
    const [head] = storage.get();
    if (!head) break;
    const result = await send(head);
    if (result === 'offline') break;
    storage.set(storage.get().filter((a) => a.id !== head.id));
    if (result === 'sent') sent++;
    else {
      rejected++;
      onRejected(head);
    }
  }
  return { sent, rejected, remaining: storage.get().length };
}

/** Adds a step at the end of the queue. */
export function enqueue(storage: Storage, a: QueuedAction): void {
  storage.set([...storage.get(), a]);
}
