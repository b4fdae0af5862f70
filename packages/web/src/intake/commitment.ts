import type { Category, Commitment } from '../api/models';

/** The commitment that applies to an order of this priority in this area tier ('*' matches any). */
export function commitmentFor(c: Category | undefined, priority: string, areaTier: string): Commitment | undefined {
  if (!c) return undefined;
  const score = (m: Commitment) =>
    (m.priority === priority ? 2 : m.priority === '*' ? 0 : -10) + (m.areaTier === areaTier ? 1 : m.areaTier === '*' ? 0 : -10);
  return [...c.commitments].filter((m) => score(m) >= 0).sort((a, b) => score(b) - score(a))[0];
}
