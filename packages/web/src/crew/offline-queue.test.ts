import { describe, expect, it } from 'vitest';
import { enqueue, type QueuedAction, replayQueue, type SendResult, type Storage } from './offline-queue';

const memory = (): Storage => {
  let q: QueuedAction[] = [];
  return { get: () => q, set: (n) => (q = n) };
};
const step = (id: string, action: QueuedAction['action']): QueuedAction => ({
  id,
  ticketId: 't1',
  action,
  queuedAt: '2026-11-21T02:00:00Z',
});

describe('replayQueue', () => {
  it('sends queued steps in the order they were taken', async () => {
    const s = memory();
    enqueue(s, step('1', 'take'));
    enqueue(s, step('2', 'arrive'));
    enqueue(s, step('3', 'resolve'));
    const order: string[] = [];
    const r = await replayQueue(s, async (a) => {
      order.push(a.action);
      return 'sent';
    });
    expect(order).toEqual(['take', 'arrive', 'resolve']);
    expect(r).toEqual({ sent: 3, rejected: 0, remaining: 0 });
  });

  it('stops at the first step that cannot reach the server and keeps it first', async () => {
    const s = memory();
    enqueue(s, step('1', 'take'));
    enqueue(s, step('2', 'arrive'));
    const results: SendResult[] = ['sent', 'offline'];
    const r = await replayQueue(s, async () => results.shift()!);
    expect(r).toEqual({ sent: 1, rejected: 0, remaining: 1 });
    expect(s.get()[0]?.action).toBe('arrive');
  });

  it('drops a refused step, reports it and goes on with the rest', async () => {
    const s = memory();
    enqueue(s, step('1', 'take'));
    enqueue(s, step('2', 'arrive'));
    const refused: string[] = [];
    const r = await replayQueue(
      s,
      async (a) => (a.id === '1' ? 'rejected' : 'sent'),
      (a) => refused.push(a.id),
    );
    expect(refused).toEqual(['1']);
    expect(r).toEqual({ sent: 1, rejected: 1, remaining: 0 });
  });
});
