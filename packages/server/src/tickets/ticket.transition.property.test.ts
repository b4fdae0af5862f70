import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../catalog/kinds.js';
import { destinationUnitId, type StepInput, type TransitionTicket, transition } from './ticket.transition.js';

// Whatever order of steps users and the system attempt, an order's record stays consistent.
const UNITS = ['station', 'team-a', 'team-b'];
const inputArb: fc.Arbitrary<StepInput> = fc.oneof(
  fc.constant({ action: 'accept' } as const),
  fc.record({ action: fc.constant('dispatch' as const), unitId: fc.constantFrom(...UNITS), assigneeId: fc.constantFrom('crew1', 'crew2') }),
  fc.constant({ action: 'take' } as const),
  fc.constant({ action: 'arrive' } as const),
  fc.constant({ action: 'resolve', note: 'done' } as const),
  fc.record({ action: fc.constant('callback' as const), satisfaction: fc.integer({ min: 1, max: 5 }) }),
  fc.constantFrom({ action: 'close' } as const, { action: 'close', note: 'answered' } as const),
  fc.constant({ action: 'reopen', reason: 'again' } as const),
  fc.constant({ action: 'suspend', reason: 'parts' } as const),
  fc.constant({ action: 'resume' } as const),
  fc.record({ action: fc.constant('transfer' as const), unitId: fc.constantFrom(...UNITS) }),
  fc.constant({ action: 'return', reason: 'wrong team' } as const),
  fc.constant({ action: 'resolve_by_notice', noticeId: 'n', note: 'outage over' } as const),
);

const T0 = Date.UTC(2026, 10, 21, 2);
const created = (kind: (typeof KINDS)[number]): TransitionTicket => ({
  status: 'new',
  kind,
  suspended_from: null,
  suspended_at: null,
  unit_id: 'station',
  assignee_id: null,
  hidden_from_path: null,
  dispatched_from_unit_id: null,
  respond_by: new Date(T0 + 10 * 60_000),
  arrive_by: new Date(T0 + 45 * 60_000),
  resolve_by: new Date(T0 + 24 * 3_600_000),
  responded_at: null,
  arrived_at: null,
  resolved_at: null,
  late: false,
  reopen_count: 0,
  repeat_calls: 0,
});

describe('the work-order transition (properties)', () => {
  it('any sequence of steps keeps the record consistent: late stays late, answers stand, resolution and closing match the status', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.array(fc.tuple(inputArb, fc.integer({ min: 0, max: 600 })), { maxLength: 25 }),
        (kind, attempts) => {
          let t = created(kind);
          let now = T0;
          let closedAt: Date | null = null;
          for (const [input, gap] of attempts) {
            now += gap * 60_000;
            const unit = destinationUnitId(t, input);
            const r = transition(t, {
              input,
              actor: { userId: 'u', unitId: 'desk' },
              at: new Date(now),
              ...(unit && { unit: { id: unit, path: `/${unit}/` } }),
            });
            if (!r.ok) continue;
            const next = { ...t, ...r.changes } as TransitionTicket;
            expect(r.events.length).toBeGreaterThan(0);
            expect(r.events.every((e) => e.at.getTime() === now)).toBe(true);
            if (t.late) expect(next.late).toBe(true);
            if (t.responded_at) expect(next.responded_at).toEqual(t.responded_at);
            expect(next.reopen_count - t.reopen_count).toBe(r.events.some((e) => e.type === 'reopened') ? 1 : 0);
            expect(next.resolved_at !== null, `${input.action} → ${next.status}`).toBe(
              next.status === 'resolved' || next.status === 'closed',
            );
            expect(next.status === 'suspended').toBe(next.suspended_from !== null && next.suspended_at !== null);
            if (r.changes.closed_at !== undefined) closedAt = r.changes.closed_at;
            expect(closedAt !== null, `${input.action} → ${next.status}`).toBe(next.status === 'closed');
            t = next;
          }
        },
      ),
    );
  });
});
