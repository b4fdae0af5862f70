import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, actionsAllowedByState, nextStatus, STATUSES, type Status } from './ticket.state.js';

const repair = (status: Status, suspendedFrom: Status | null = null) => ({ status, kind: 'repair' as const, suspendedFrom });

describe('work-order state machine', () => {
  it.each<[Action, Status, Status]>([
    ['accept', 'new', 'accepted'],
    ['dispatch', 'new', 'dispatched'],
    ['dispatch', 'accepted', 'dispatched'],
    ['dispatch', 'dispatched', 'dispatched'],
    ['take', 'dispatched', 'taken'],
    ['arrive', 'taken', 'on_site'],
    ['resolve', 'on_site', 'resolved'],
    ['resolve', 'taken', 'resolved'],
    ['close', 'resolved', 'closed'],
    ['reopen', 'resolved', 'dispatched'],
    ['reopen', 'closed', 'dispatched'],
    ['suspend', 'taken', 'suspended'],
    ['transfer', 'taken', 'dispatched'],
    ['return', 'dispatched', 'accepted'],
  ])('%s moves a %s order to %s', (action, from, to) => {
    expect(nextStatus(action, repair(from))).toBe(to);
  });

  it.each<[Action, Status]>([
    ['take', 'new'],
    ['arrive', 'dispatched'],
    ['resolve', 'accepted'],
    ['callback', 'taken'],
    ['accept', 'closed'],
    ['resume', 'taken'],
    ['suspend', 'closed'],
    ['suspend', 'suspended'],
    ['transfer', 'resolved'],
    ['return', 'on_site'],
    ['dispatch', 'resolved'],
  ])('%s is refused for a %s order', (action, from) => {
    expect(nextStatus(action, repair(from))).toBeNull();
  });

  it('a satisfied callback (3–5) closes the order, a dissatisfied one (1–2) reopens it to its unit', () => {
    for (const level of [3, 4, 5]) expect(nextStatus('callback', repair('resolved'), level)).toBe('closed');
    for (const level of [1, 2]) expect(nextStatus('callback', repair('resolved'), level)).toBe('dispatched');
  });

  it('resume returns to the status the order was suspended from', () => {
    expect(nextStatus('resume', repair('suspended', 'on_site'))).toBe('on_site');
    expect(nextStatus('resume', repair('suspended', 'dispatched'))).toBe('dispatched');
    // A suspension recorded without its origin (older rows) resumes to the dispatcher's desk.
    expect(nextStatus('resume', repair('suspended', null))).toBe('accepted');
  });

  it('only desk requests may be closed at first contact; a repair needs a resolution', () => {
    expect(nextStatus('close', { status: 'new', kind: 'consultation', suspendedFrom: null })).toBe('closed');
    expect(nextStatus('close', { status: 'accepted', kind: 'praise', suspendedFrom: null })).toBe('closed');
    expect(nextStatus('close', repair('new'))).toBeNull();
    expect(nextStatus('close', { status: 'new', kind: 'complaint', suspendedFrom: null })).toBeNull();
  });

  it('a closed order allows nothing but reopen', () => {
    expect(actionsAllowedByState(repair('closed'))).toEqual(['reopen']);
  });

  it('every status has a way forward or back, so no order is ever stuck', () => {
    for (const status of STATUSES) {
      const allowed = ACTIONS.filter((a) => nextStatus(a, repair(status, 'taken'), 5) !== null);
      expect(allowed.length, status).toBeGreaterThan(0);
    }
  });
});
