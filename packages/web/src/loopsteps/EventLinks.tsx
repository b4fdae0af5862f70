import { useTranslation } from 'react-i18next';
import type { TicketEvent } from '../api/models';
import { Link } from '../app/router';
import { useFmtTime } from '../shared/ui';
import { toldText } from './tell-caller';

/** The line under a repeat call or a merge in the timeline: what the caller was told, or the link to the other order. */
export function EventLinks({ event }: { event: TicketEvent }) {
  const { t } = useTranslation();
  const fmt = useFmtTime();
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
    default:
      return null;
  }
}
