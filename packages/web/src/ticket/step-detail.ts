// What a routing step of the order's timeline says beyond who took it: where the order went.

type T = (key: string, opts?: Record<string, unknown>) => string;
export type RoutingEvent = { type: string; data: Record<string, unknown> };

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * "→ 和平一所维修一班 · 张师傅" for a dispatch, "和平公司 → 东盛公司" for a transfer or a return;
 * null for steps that move the order nowhere.
 */
export function routingDetail(
  e: RoutingEvent,
  t: T,
  unitName: (id: string | null) => string,
  userName: (id: string | null) => string | null,
): string | null {
  switch (e.type) {
    case 'dispatched': {
      const unit = str(e.data.unitId);
      if (!unit) return null;
      const crew = str(e.data.assigneeId);
      return crew
        ? t('ticketTimeline.dispatchedToCrew', { unit: unitName(unit), crew: userName(crew) ?? t('common.unknownUser') })
        : t('ticketTimeline.dispatchedTo', { unit: unitName(unit) });
    }
    case 'transferred':
    case 'returned': {
      const to = str(e.data.toUnitId);
      if (!to) return null;
      const from = str(e.data.fromUnitId);
      return t(`ticketTimeline.${e.type}`, { from: from ? unitName(from) : '—', to: unitName(to) });
    }
    default:
      return null;
  }
}

/** The ids of the people a timeline names in its steps' data (the crew a dispatch went to). */
export const routedPeople = (events: RoutingEvent[]) => events.map((e) => str(e.data.assigneeId)).filter((x): x is string => x !== null);
