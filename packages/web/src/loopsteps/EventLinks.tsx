import { useTranslation } from 'react-i18next';
import type { TicketEvent } from '../api/models';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { useFmtTime } from '../shared/ui';
import { toldText } from './tell-caller';

/** The line under a repeat call or a merge in the timeline: what the caller was told, or the link to the other order. */
export function EventLinks({ event }: { event: TicketEvent }) {
  const { t } = useTranslation();
  const fmt = useFmtTime();
  const { unitName } = useSession();
  const d = event.data;
  switch (event.type) {
    case 'repeat_call': {
      const told = toldText(t, fmt, d);
      return <div data-testid="timeline-detail">{t('loopsteps.repeatCall.told', { ...told, count: d.count })}</div>;
    }
    case 'merged':
      return (
        <div data-testid="timeline-detail">
          <Link to={`/tickets/${String(d.intoId)}`}>{t('loopsteps.merge.into_link', { number: String(d.intoNumber) })}</Link>
        </div>
      );
    case 'merge_received':
      return (
        <div data-testid="timeline-detail">
          <Link to={`/tickets/${String(d.fromId)}`}>{t('loopsteps.merge.from_link', { number: String(d.fromNumber) })}</Link>
        </div>
      );
    case 'supervised':
      return (
        <div data-testid="timeline-detail">
          {t('loopsteps.supervise.detail', { unit: unitName(typeof d.unitId === 'string' ? d.unitId : null), due: fmt(String(d.dueBy)) })}
        </div>
      );
    default:
      return null;
  }
}
