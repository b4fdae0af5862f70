import { describe, expect, it } from 'vitest';
import { mayRule, outsideClock, riskFlags } from './complaint.rules.js';

const at = (iso: string) => new Date(iso);

describe('who may rule on a complaint', () => {
  it('a quality supervisor may rule on any unit', () => {
    expect(mayRule({ role: 'quality_supervisor', unitPath: '/g/ds/' }, '/g/hp/hp-1/')).toBe(true);
  });
  it('a manager rules only on a unit strictly below their own', () => {
    expect(mayRule({ role: 'company_manager', unitPath: '/g/hp/' }, '/g/hp/hp-1/')).toBe(true);
    expect(mayRule({ role: 'company_manager', unitPath: '/g/hp/' }, '/g/hp/')).toBe(false);
    expect(mayRule({ role: 'station_manager', unitPath: '/g/hp/hp-1/' }, '/g/hp/hp-1/')).toBe(false);
    expect(mayRule({ role: 'station_manager', unitPath: '/g/hp/hp-1/' }, '/g/hp/hp-1/t-1/')).toBe(true);
    expect(mayRule({ role: 'company_manager', unitPath: '/g/hp/' }, '/g/ds/ds-1/')).toBe(false);
  });
  it('no other role rules, wherever it sits', () => {
    for (const role of ['admin', 'dispatcher', 'hotline_agent', 'window_clerk', 'field_crew'] as const) {
      expect(mayRule({ role, unitPath: '/g/' }, '/g/hp/')).toBe(false);
    }
  });
});

describe('the outside body deadline as a clock', () => {
  const received = at('2026-11-01T00:00:00Z');
  const due = at('2026-11-11T00:00:00Z');
  it('runs until the warning share of the time has passed, then warns, then is breached at the deadline', () => {
    expect(outsideClock(received, due, null, at('2026-11-08T23:59:59Z'), 0.8)).toBe('running');
    expect(outsideClock(received, due, null, at('2026-11-09T00:00:00Z'), 0.8)).toBe('warning');
    expect(outsideClock(received, due, null, at('2026-11-10T23:59:59Z'), 0.8)).toBe('warning');
    expect(outsideClock(received, due, null, at('2026-11-11T00:00:00Z'), 0.8)).toBe('breached');
  });
  it('is met once answered, even after the deadline; absent without a deadline', () => {
    expect(outsideClock(received, due, at('2026-11-12T00:00:00Z'), at('2026-11-13T00:00:00Z'), 0.8)).toBe('met');
    expect(outsideClock(received, null, null, at('2026-11-13T00:00:00Z'), 0.8)).toBeNull();
  });
});

describe('escalation-risk flags', () => {
  const none = {
    repeat: false,
    dissatisfiedCallback: false,
    clock: null,
    deadlineNear: false,
    vulnerableHousehold: false,
    earlierEscalation: false,
  };
  it('a quiet case carries no flag', () => {
    expect(riskFlags(none)).toEqual([]);
  });
  it('each cause raises its own flag; an outside clock that warns counts as a near deadline', () => {
    expect(riskFlags({ ...none, repeat: true })).toEqual(['repeat']);
    expect(riskFlags({ ...none, dissatisfiedCallback: true })).toEqual(['dissatisfied_callback']);
    expect(riskFlags({ ...none, clock: 'warning' })).toEqual(['deadline_near']);
    expect(riskFlags({ ...none, clock: 'met' })).toEqual([]);
    expect(riskFlags({ ...none, deadlineNear: true, vulnerableHousehold: true, earlierEscalation: true })).toEqual([
      'deadline_near',
      'vulnerable_household',
      'earlier_escalation',
    ]);
  });
});
