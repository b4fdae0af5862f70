import type { Actor } from '../auth/roles.js';
import type { Ruling } from '../tickets/complaint.schema.js';

// The pure rules of complaints: the tenant's default lists, who may rule, the outside body's
// clock, and the escalation-risk flags. No I/O; unit-tested beside.

/** One entry of a tenant-edited list (sub-types, accountability measures). */
export type ListEntry = { code: string; zh: string; en: string; active: boolean };

/** The sub-types a tenant starts with (issue 10: attitude, delay, quality of work, fees, misconduct, other). */
export const DEFAULT_SUB_TYPES: ListEntry[] = [
  { code: 'attitude', zh: '服务态度', en: 'Attitude', active: true },
  { code: 'delay', zh: '办理拖延', en: 'Delay', active: true },
  { code: 'quality', zh: '维修质量', en: 'Quality of work', active: true },
  { code: 'fees', zh: '收费问题', en: 'Fees', active: true },
  { code: 'misconduct', zh: '吃拿卡要', en: 'Misconduct', active: true },
  { code: 'other', zh: '其他', en: 'Other', active: true },
];

/** The accountability measures (问责) a tenant starts with, which the assessment engine counts. */
export const DEFAULT_MEASURES: ListEntry[] = [
  { code: 'criticism', zh: '通报批评', en: 'Criticism', active: true },
  { code: 'points', zh: '考核扣分', en: 'Points deducted', active: true },
  { code: 'fine', zh: '经济处罚', en: 'Fine', active: true },
  { code: 'training', zh: '离岗培训', en: 'Training', active: true },
  { code: 'talk', zh: '诫勉谈话', en: 'Admonitory talk', active: true },
];

/** True when `path` lies strictly below `above` in the organisation tree. */
const strictlyBelow = (path: string, above: string) => path.startsWith(above) && path !== above;

/**
 * Who may rule on a complaint: quality supervisors always; station and company managers only
 * when the unit the ruling concerns (the charged unit, or for an unfounded one the complained-about
 * unit, else the unit holding the order) lies strictly below their own — never their own unit.
 * @example mayRule(stationManagerOf('/g/hp/hp-1/'), '/g/hp/hp-1/') // false: a unit does not rule on itself
 */
export function mayRule(actor: Pick<Actor, 'role' | 'unitPath'>, concernedPath: string): boolean {
  if (actor.role === 'quality_supervisor') return true;
  if (actor.role !== 'station_manager' && actor.role !== 'company_manager') return false;
  return strictlyBelow(concernedPath, actor.unitPath);
}

export type OutsideClock = 'running' | 'warning' | 'breached' | 'met';

/**
 * The outside body's deadline as a clock: met once the answer it expects is recorded, breached at
 * the deadline, warned from `warnShare` of the time between receipt and deadline.
 * @example outsideClock(new Date('2026-11-01T00:00Z'), new Date('2026-11-11T00:00Z'), null, new Date('2026-11-09T00:00Z'), 0.8) // 'warning'
 */
export function outsideClock(
  receivedAt: Date,
  dueAt: Date | null,
  answeredAt: Date | null,
  now: Date,
  warnShare: number,
): OutsideClock | null {
  if (!dueAt) return null;
  if (answeredAt) return 'met';
  if (now.getTime() >= dueAt.getTime()) return 'breached';
  const warnAt = receivedAt.getTime() + warnShare * (dueAt.getTime() - receivedAt.getTime());
  return now.getTime() >= warnAt ? 'warning' : 'running';
}

export type RiskFacts = {
  repeat: boolean;
  dissatisfiedCallback: boolean;
  clock: OutsideClock | null;
  /** The order's own resolve deadline is within `nearHours` or past. */
  deadlineNear: boolean;
  vulnerableHousehold: boolean;
  earlierEscalation: boolean;
};

export const RISK_FLAGS = ['repeat', 'dissatisfied_callback', 'deadline_near', 'vulnerable_household', 'earlier_escalation'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/**
 * Why an open complaint risks being escalated to an outside body before it is settled (seed 004
 * blames late callbacks and unanswered repeat contacts for most escalations); empty = no risk.
 */
export function riskFlags(f: RiskFacts): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (f.repeat) flags.push('repeat');
  if (f.dissatisfiedCallback) flags.push('dissatisfied_callback');
  if (f.deadlineNear || f.clock === 'warning' || f.clock === 'breached') flags.push('deadline_near');
  if (f.vulnerableHousehold) flags.push('vulnerable_household');
  if (f.earlierEscalation) flags.push('earlier_escalation');
  return flags;
}

/** The label of a list entry in a locale, the code itself when the entry is gone. */
export const labelOf = (list: ListEntry[], code: string, locale: 'zh-CN' | 'en') => {
  const e = list.find((x) => x.code === code);
  return e ? (locale === 'en' ? e.en : e.zh) : code;
};

/** A verified or partly verified ruling counts against the charged unit. */
export const isVerified = (r: Ruling | null) => r === 'verified' || r === 'partly_verified';
