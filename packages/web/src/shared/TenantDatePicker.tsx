import dayjsConfig from '@rc-component/picker/es/generate/dayjs';
import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CSSProperties } from 'react';
import { useSession } from '../app/session';
import { fromWallClock, toWallClock } from './tenant-time';

// One picker per zone (there is one per tenant): its "now" and "today" are the tenant's, not the device's.
const pickers = new Map<string, ReturnType<typeof DatePicker.generatePicker<Dayjs>>>();
function pickerFor(timeZone: string) {
  let p = pickers.get(timeZone);
  if (!p) {
    p = DatePicker.generatePicker<Dayjs>({ ...dayjsConfig, getNow: () => toWallClock(Date.now(), timeZone) });
    pickers.set(timeZone, p);
  }
  return p;
}

type Props = {
  /** ISO 8601 (any offset); shown as the tenant's wall clock. */
  value?: string | null;
  /** ISO 8601 with the tenant's offset, or null when cleared. */
  onChange?: (iso: string | null) => void;
  showTime?: boolean | { format: string };
  format?: string;
  id?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
};

/**
 * antd's DatePicker in the tenant's time zone, for use as a Form.Item child: 18:00 picked is 18:00
 * where the tenant is, whatever zone the device is set to. Month and weekday names follow the
 * interface language (the dayjs locale set in App).
 */
export function TenantDatePicker({ value, onChange, ...rest }: Props) {
  const { me } = useSession();
  const timeZone = me?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const Picker = pickerFor(timeZone);
  return (
    <Picker
      {...rest}
      value={value ? toWallClock(value, timeZone) : null}
      onChange={(d: Dayjs | null) => onChange?.(d ? fromWallClock(d, timeZone) : null)}
    />
  );
}
