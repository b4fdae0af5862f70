import { useEffect, useState } from 'react';
import { client, unwrap } from '../api/client';
import type { components } from '../api/openapi';

// The complaint shapes the console reads, named from the generated OpenAPI types.
type Schemas = components['schemas'];
export type Complaint = Schemas['Complaint'];
export type ComplaintSettings = Schemas['ComplaintSettings'];
export type DeskItem = Schemas['ComplaintDeskItem'];
export type Rectification = Schemas['Rectification'];

/** The tenant's sub-types and measures (GET /complaints/settings), read once per screen. */
export function useComplaintSettings(): ComplaintSettings | null {
  const [settings, setSettings] = useState<ComplaintSettings | null>(null);
  useEffect(() => {
    unwrap(client.GET('/api/v1/complaints/settings')).then(setSettings, () => setSettings(null));
  }, []);
  return settings;
}

/** A tenant list entry's label in the console's language, the code when it is gone. */
export const entryLabel = (list: { code: string; zh: string; en: string }[] | undefined, code: string, lang: string) => {
  const e = list?.find((x) => x.code === code);
  return e ? (lang === 'en' ? e.en : e.zh) : code;
};

/**
 * A wall-clock time typed in a datetime-local field, read in the tenant's time zone, as ISO 8601
 * with that zone's offset (the server keeps instants; the people think in local time).
 */
export function zonedInputToIso(value: string, timeZone: string): string {
  const [d, tm] = value.split('T');
  const [y, m, day] = d!.split('-').map(Number) as [number, number, number];
  const [hh, mm] = tm!.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, day, hh, mm);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(asUtc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offsetMin = Math.round((shown - asUtc) / 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${d}T${tm!.slice(0, 5)}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Tag colours dark enough for white text (WCAG AA), beside the shared ones. */
export const COLORS = { red: '#a8071a', orange: '#ad4e00', blue: '#0b57d0', green: '#237804', purple: '#531dab' } as const;
export const CLOCK_COLOR = { running: COLORS.blue, warning: COLORS.orange, breached: COLORS.red, met: COLORS.green } as const;
