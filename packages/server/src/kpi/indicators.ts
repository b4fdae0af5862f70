import type { Counter, Counts } from './kpi-facts.js';

/** How a value is shown: a share (0–1), per 10,000 households, or minutes. */
export type IndicatorUnit = 'ratio' | 'per_10k_households' | 'minutes';

/** One indicator of the catalogue. `num`/`den` name the rollup counters its formula divides. */
export type Indicator = {
  code: string;
  name: { 'zh-CN': string; en: string };
  formula: string;
  numerator: string;
  denominator: string;
  exclusions: string;
  direction: 'higher' | 'lower';
  unit: IndicatorUnit;
  defaultTarget: number | null;
  /** The counters it divides; absent when the module that records it is not built yet. */
  source?: { num: Counter; den: Counter | 'households' };
  /** Why there is no value yet (module not built). */
  unavailable?: string;
};

const ratio = (
  code: string,
  zh: string,
  en: string,
  num: Counter,
  den: Counter,
  numerator: string,
  denominator: string,
  exclusions: string,
  direction: 'higher' | 'lower',
  defaultTarget: number | null,
): Indicator => ({
  code,
  name: { 'zh-CN': zh, en },
  formula: `${numerator} / ${denominator}`,
  numerator,
  denominator,
  exclusions,
  direction,
  unit: 'ratio',
  defaultTarget,
  source: { num, den },
});

const minutes = (code: string, zh: string, en: string, clock: 'respond' | 'arrive' | 'resolve', step: string): Indicator => ({
  code,
  name: { 'zh-CN': zh, en },
  formula: `sum(${step} − received) / count, in minutes`,
  numerator: `seconds from receipt to ${step}, summed over orders resolved in the period that have a ${step} time`,
  denominator: `orders resolved in the period that have a ${step} time`,
  exclusions: 'orders not resolved in the period; reopened orders count on their latest resolution',
  direction: 'lower',
  unit: 'minutes',
  defaultTarget: null,
  source: { num: `${clock}_seconds`, den: `${clock}_n` },
});

const notBuilt = (
  code: string,
  zh: string,
  en: string,
  formula: string,
  direction: 'higher' | 'lower',
  unit: IndicatorUnit,
  defaultTarget: number | null,
  reason: string,
): Indicator => {
  const [numerator = formula, denominator = ''] = formula.split(' / ');
  return {
    code,
    name: { 'zh-CN': zh, en },
    formula,
    numerator,
    denominator,
    exclusions: '',
    direction,
    unit,
    defaultTarget,
    unavailable: reason,
  };
};

/**
 * The indicator catalogue. Every formula is written out in docs/indicators.md, which is the spec
 * the fixture tests check. Targets are defaults (from the commitments in seed 000) that a tenant
 * overrides with PUT /kpi/targets/{code}.
 */
export const INDICATORS: Indicator[] = [
  ratio(
    'on_time',
    '处理及时率',
    'On-time rate',
    'resolved_on_time',
    'resolved',
    'orders resolved in the period that missed no clock',
    'orders resolved in the period',
    'orders resolved outside the period; a reopened order counts only on its latest resolution',
    'higher',
    1,
  ),
  ratio(
    'on_time_respond',
    '响应及时率',
    'On-time response',
    'respond_on_time',
    'respond_clocked',
    'orders resolved in the period with a response time at or before the response deadline',
    'orders resolved in the period that have a response deadline',
    'orders without a response deadline',
    'higher',
    1,
  ),
  ratio(
    'on_time_arrive',
    '到场及时率',
    'On-time arrival',
    'arrive_on_time',
    'arrive_clocked',
    'orders resolved in the period with an arrival time at or before the arrival deadline',
    'orders resolved in the period that have an arrival deadline',
    'orders without an arrival deadline (consultations, window matters)',
    'higher',
    1,
  ),
  ratio(
    'on_time_resolve',
    '办结及时率',
    'On-time resolution',
    'resolve_on_time',
    'resolve_clocked',
    'orders resolved in the period at or before the resolution deadline',
    'orders resolved in the period that have a resolution deadline',
    'orders without a resolution deadline',
    'higher',
    1,
  ),
  ratio(
    'satisfaction',
    '满意率',
    'Satisfaction',
    'satisfied',
    'callbacks',
    'callbacks in the period rated 4 or 5',
    'callbacks in the period',
    'orders not called back; an order called back again counts on its latest callback',
    'higher',
    0.98,
  ),
  ratio(
    'callback',
    '回访率',
    'Callback rate',
    'resolved_called',
    'resolved',
    'orders resolved in the period that have been called back',
    'orders resolved in the period',
    'orders resolved outside the period',
    'higher',
    1,
  ),
  notBuilt(
    'unreachable',
    '回访未接通率',
    'Unreachable on callback',
    'callback attempts that reached nobody / callback attempts in the period',
    'lower',
    'ratio',
    null,
    'callback attempts that fail are not recorded yet (only completed callbacks are)',
  ),
  ratio(
    'repeat',
    '重复来电率',
    'Repeat rate',
    'repeats',
    'received',
    'orders received in the period linked as a repeat of an earlier one',
    'orders received in the period',
    'none',
    'lower',
    null,
  ),
  ratio(
    'repeat_repair',
    '重复报修率',
    'Repeat repairs',
    'repeat_repairs',
    'repairs_received',
    'repair orders received in the period linked as a repeat (same premise and category within the tenant’s repeat window)',
    'repair orders received in the period',
    'other kinds',
    'lower',
    null,
  ),
  ratio(
    'first_time_fix',
    '一次修复率',
    'First-time fix',
    'first_time_fixed',
    'resolved',
    'orders resolved in the period that were never reopened',
    'orders resolved in the period',
    'orders resolved outside the period',
    'higher',
    null,
  ),
  {
    code: 'complaint_rate',
    name: { 'zh-CN': '投诉率（每万户）', en: 'Complaints per 10,000 households' },
    formula: 'complaints received in the period / households in the unit subtree × 10,000',
    numerator: 'orders of kind complaint received in the period',
    denominator: 'households (premises) attached to the unit subtree today',
    exclusions: 'other kinds',
    direction: 'lower',
    unit: 'per_10k_households',
    defaultTarget: null,
    source: { num: 'complaints', den: 'households' },
  },
  notBuilt(
    'verified_complaint_rate',
    '属实投诉率',
    'Verified complaints',
    'complaints ruled verified in the period / complaints ruled in the period',
    'lower',
    'ratio',
    null,
    'rulings are recorded (complaints/), but the rollups have no ruling counters yet',
  ),
  ratio(
    'escalated_complaints',
    '越级投诉占比',
    'Escalated complaints',
    'escalated_complaints',
    'complaints',
    'complaints received in the period through an outside body (channel escalated); by source with the `source` field',
    'complaints received in the period',
    'other kinds',
    'lower',
    null,
  ),
  minutes('avg_respond_minutes', '平均响应时长', 'Average response time', 'respond', 'response'),
  minutes('avg_arrive_minutes', '平均到场时长', 'Average arrival time', 'arrive', 'arrival'),
  minutes('avg_resolve_minutes', '平均办结时长', 'Average resolution time', 'resolve', 'resolution'),
  ...(['respond', 'arrive', 'resolve'] as const).map((c) =>
    notBuilt(
      `p90_${c}_minutes`,
      { respond: 'P90响应时长', arrive: 'P90到场时长', resolve: 'P90办结时长' }[c],
      `P90 ${c} time`,
      `the 90th percentile of (${c} − received) over orders resolved in the period`,
      'lower',
      'minutes',
      null,
      'percentiles need a duration histogram in the rollups, not built yet',
    ),
  ),
  notBuilt(
    'temperature_pass',
    '室温合格率',
    'Room-temperature pass rate',
    'checks in the period passing (refusal to sign counts as pass, missed appointment as fail) / checks in the period',
    'higher',
    'ratio',
    0.98,
    'room-temperature checks (temperature/) are not built yet',
  ),
  notBuilt(
    'sampling_coverage',
    '测温覆盖率',
    'Temperature sampling coverage',
    'households measured in the period / households in the unit subtree',
    'higher',
    'ratio',
    0.01,
    'room-temperature checks (temperature/) are not built yet',
  ),
  notBuilt(
    'accident_rate',
    '运行事故率',
    'Operation accident rate',
    'operation accidents in the period / heating stations operated',
    'lower',
    'ratio',
    0,
    'the accident register (records/) is not built yet',
  ),
  notBuilt(
    'fee_collection',
    '热费收缴率',
    'Fee collection rate',
    'fees collected in the month / fees due in the month (imported from billing by CSV)',
    'higher',
    'ratio',
    null,
    'the monthly fee-collection import is not built yet',
  ),
];

export const INDICATOR_BY_CODE = new Map(INDICATORS.map((i) => [i.code, i]));

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

export type IndicatorValue = { numerator: number | null; denominator: number | null; value: number | null; reason?: string };

/**
 * The value of one indicator from summed rollup counters (and the households of the subtree).
 * A share is rounded to 4 places, minutes to 1, per-10,000 to 2; an empty denominator is null.
 * @example indicatorValue(INDICATOR_BY_CODE.get('on_time')!, { resolved: 144, resolved_on_time: 125, … }, 0)
 * // { numerator: 125, denominator: 144, value: 0.8681 }
 */
export function indicatorValue(ind: Indicator, sums: Counts, households: number): IndicatorValue {
  if (!ind.source) return { numerator: null, denominator: null, value: null, reason: ind.unavailable ?? 'not available' };
  const numerator = sums[ind.source.num];
  const denominator = ind.source.den === 'households' ? households : sums[ind.source.den];
  if (denominator === 0) return { numerator, denominator, value: null, reason: 'empty denominator' };
  const q = numerator / denominator;
  const value = ind.unit === 'ratio' ? round(q, 4) : ind.unit === 'minutes' ? round(q / 60, 1) : round(q * 10_000, 2);
  return { numerator, denominator, value };
}
