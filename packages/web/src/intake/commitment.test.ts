import { describe, expect, it } from 'vitest';
import type { Category } from '../api/models';
import { commitmentFor } from './commitment';

const cat: Category = {
  code: 'heating-cold',
  kind: 'repair',
  name: '暖气不热',
  nameEn: 'Radiator not warm',
  defaultPriority: 'normal',
  routingUnitId: null,
  emergency: false,
  active: true,
  commitments: [
    { priority: '*', areaTier: '*', respondMinutes: 30, arriveMinutes: 240, resolveMinutes: 1440 },
    { priority: '*', areaTier: 'rural', respondMinutes: 30, arriveMinutes: 480, resolveMinutes: 2880 },
    { priority: 'urgent', areaTier: '*', respondMinutes: 5, arriveMinutes: 60, resolveMinutes: 480 },
  ],
};

describe('commitmentFor', () => {
  it('falls back to the wildcard commitment', () => {
    expect(commitmentFor(cat, 'normal', 'urban')?.arriveMinutes).toBe(240);
  });
  it('prefers the exact area tier', () => {
    expect(commitmentFor(cat, 'normal', 'rural')?.arriveMinutes).toBe(480);
  });
  it('prefers the exact priority over the area tier', () => {
    expect(commitmentFor(cat, 'urgent', 'rural')?.arriveMinutes).toBe(60);
  });
});
