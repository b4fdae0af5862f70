import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Category, Status, Ticket } from '../api/models';
import { useSession } from '../app/session';
import { formatDuration, nextDeadline } from './deadline';
import { useNow } from './use-now';

// Solid tags with white text, each dark enough for WCAG AA contrast (≥ 4.5:1).
const STATUS_COLOR: Record<Status, string> = {
  new: '#0958d9',
  accepted: '#1d39c4',
  dispatched: '#531dab',
  taken: '#006d75',
  on_site: '#874d00',
  resolved: '#237804',
  suspended: '#595959',
  closed: '#434343',
};

/** Tag colours with white text at AA contrast. */
export const TAG = { red: '#a8071a', volcano: '#ad2102', orange: '#ad4e00' } as const;

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

/** The category's name in the interface language. */
export function categoryName(c: Category | undefined, code: string, lang: string): string {
  if (!c) return code;
  return lang.startsWith('en') ? c.nameEn || c.name : c.name;
}

/** Live countdown to the order's next deadline: amber near it, red past it. */
export function Countdown({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFmtTime();
  const now = useNow();
  const d = nextDeadline(ticket, now);
  if (!d) return <span className="countdown countdown-none">{t('countdown.none')}</span>;
  const text = t(d.msLeft < 0 ? 'countdown.late' : 'countdown.left', { clock: t(`clock.${d.clock}`), time: formatDuration(d.msLeft) });
  return (
    <span className={`countdown countdown-${d.urgency}`} data-urgency={d.urgency} title={fmt(d.at.toISOString())}>
      {text}
    </span>
  );
}

/** "15 分钟" / "1 天" from a number of minutes. */
export function useMinutes() {
  const { t } = useTranslation();
  return (m: number | null) => {
    if (m === null) return '—';
    if (m % 1440 === 0) return t('duration.days', { n: m / 1440 });
    if (m % 60 === 0) return t('duration.hours', { n: m / 60 });
    return t('duration.minutes', { n: m });
  };
}

/** Date-time for display in the tenant's time zone. */
export const fmtTime = (iso: string | null, lang: string, timeZone?: string) =>
  iso
    ? new Date(iso).toLocaleString(lang.startsWith('en') ? 'en-GB' : 'zh-CN', {
        timeZone,
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';

/** fmtTime bound to the signed-in user's language and time zone. */
export function useFmtTime() {
  const { i18n } = useTranslation();
  const { me } = useSession();
  return (iso: string | null) => fmtTime(iso, i18n.language, me?.timeZone);
}
