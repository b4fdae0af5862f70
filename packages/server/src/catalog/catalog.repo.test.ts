import { describe, expect, it } from 'vitest';
import type { Commitment } from '../db/schema.js';
import { pickCommitment } from './catalog.repo.js';

const c = (priority: Commitment['priority'], area_tier: Commitment['area_tier'], arrive: number): Commitment => ({
  tenant_id: 't',
  id: `${priority}-${area_tier}`,
  category_id: 'c',
  priority,
  area_tier,
  respond_minutes: null,
  arrive_minutes: arrive,
  calendar_code: '24x7',
  respond_working_days: null,
  arrive_working_days: null,
  resolve_working_days: null,
  resolve_minutes: null,
});

describe('choosing the commitment for an order', () => {
  const rows = [c('*', '*', 60), c('*', 'rural', 90), c('*', 'remote', 120), c('urgent', '*', 15), c('urgent', 'remote', 30)];

  it.each([
    ['normal', 'urban', 60],
    ['normal', 'rural', 90],
    ['low', 'remote', 120],
    ['urgent', 'urban', 15],
    ['urgent', 'rural', 15],
    ['urgent', 'remote', 30],
  ])('a %s order in a %s area gets arrive %i minutes', (priority, tier, minutes) => {
    expect(pickCommitment(rows, priority, tier)?.arrive_minutes).toBe(minutes);
  });

  it('none when no row applies', () => {
    expect(pickCommitment([c('urgent', 'urban', 15)], 'normal', 'urban')).toBeNull();
  });
});
