import { describe, expect, it } from 'vitest';
import { addMonths, formatValue, meetsTarget, monthOf, monthRange, rank } from './figures-format';

describe('the dashboard’s formatting', () => {
  it('takes the month in the tenant’s time zone, not the browser’s', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Shanghai.
    expect(monthOf(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T15:00:00Z'), 'Asia/Shanghai')).toBe('2026-11');
  });
  it('moves months across years and gives the local days of a month', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });
  it('shows a share with one decimal, minutes and rates per 10,000, and a dash for no value', () => {
    expect(formatValue('ratio', 0.8681)).toBe('86.8 %');
    expect(formatValue('ratio', 1)).toBe('100.0 %');
    expect(formatValue('minutes', 42.25, '分钟')).toBe('42.3 分钟');
    expect(formatValue('per_10k_households', 5)).toBe('5.00');
    expect(formatValue('ratio', null)).toBe('—');
  });
  it('compares with the target in the indicator’s direction', () => {
    expect(meetsTarget('higher', 0.97, 0.98)).toBe(false);
    expect(meetsTarget('higher', 0.98, 0.98)).toBe(true);
    expect(meetsTarget('lower', 0.04, 0.05)).toBe(true);
    expect(meetsTarget('lower', 0.06, 0.05)).toBe(false);
    expect(meetsTarget('higher', null, 0.98)).toBeNull();
    expect(meetsTarget('higher', 0.5, null)).toBeNull();
  });
  it('ranks best first, shares a rank on a tie, and puts units without a value last', () => {
    const r = rank(
      [
        { name: 'b', value: 0.9 },
        { name: 'a', value: null },
        { name: 'c', value: 0.95 },
        { name: 'd', value: 0.9 },
      ],
      'higher',
    );
    expect(r.map((x) => [x.name, x.rank])).toEqual([
      ['c', 1],
      ['b', 2],
      ['d', 2],
      ['a', null],
    ]);
    expect(
      rank(
        [
          { name: 'x', value: 3 },
          { name: 'y', value: 1 },
        ],
        'lower',
      ).map((x) => x.name),
    ).toEqual(['y', 'x']);
  });
});
