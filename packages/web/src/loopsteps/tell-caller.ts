// What the agent tells a household that calls again (催单), from the repeat_call event the server recorded.

type T = (key: string, opts?: Record<string, unknown>) => string;

export type RepeatCallData = { status?: unknown; clock?: unknown; deadline?: unknown; count?: unknown };

/** "status, arrive by 10:45" — or "no deadline running now" — as the caller was told it. */
export function toldText(t: T, fmt: (iso: string | null) => string, d: RepeatCallData): { status: string; deadline: string } {
  const status = t(`status.${String(d.status)}`, { defaultValue: String(d.status ?? '') });
  const deadline =
    typeof d.clock === 'string' && typeof d.deadline === 'string'
      ? t('loopsteps.repeatCall.tellDeadline', { clock: t(`clock.${d.clock}`), at: fmt(d.deadline) })
      : t('loopsteps.repeatCall.tellNoDeadline');
  return { status, deadline };
}
