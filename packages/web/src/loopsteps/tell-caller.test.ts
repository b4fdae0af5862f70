import { describe, expect, it } from 'vitest';
import { toldText } from './tell-caller';

const t = (key: string, opts?: Record<string, unknown>) => `${key}${opts ? JSON.stringify(opts) : ''}`;
const fmt = (iso: string | null) => `at(${iso})`;

describe('what the caller is told on a repeat call', () => {
  it('names the running clock and its deadline in the tenant zone formatter', () => {
    const r = toldText(t, fmt, { status: 'taken', clock: 'arrive', deadline: '2026-11-21T02:45:00.000Z' });
    expect(r.status).toBe('status.taken{"defaultValue":"taken"}');
    expect(r.deadline).toBe('loopsteps.repeatCall.tellDeadline{"clock":"clock.arrive","at":"at(2026-11-21T02:45:00.000Z)"}');
  });

  it('says no deadline is running when the server recorded none', () => {
    expect(toldText(t, fmt, { status: 'suspended', clock: null, deadline: null }).deadline).toBe('loopsteps.repeatCall.tellNoDeadline');
  });
});
