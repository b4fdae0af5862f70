import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';

/** How long a supervised unit gets (督办时限), counted from now: relative, so no device or tenant time zone can shift it. */
export const SUPERVISION_HOURS = [2, 4, 8, 24, 48, 72] as const;

/** The deadline field of a supervisor's urging; the note is the dialog's required note. */
export function SuperviseFields() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('loopsteps.supervise.due')} name="dueHours" extra={t('loopsteps.supervise.hint')}>
      <Select
        aria-label={t('loopsteps.supervise.due')}
        data-testid="supervise-due"
        options={SUPERVISION_HOURS.map((n) => ({ value: n, label: t('loopsteps.supervise.dueHours', { n }) }))}
      />
    </Form.Item>
  );
}

/** The instant a relative deadline ends, as the API takes it. */
export const dueByFrom = (hours: number, now = Date.now()) => new Date(now + hours * 3_600_000).toISOString();
