// Dates as the tenant keeps them: every time the console shows or takes is in the tenant's zone,
// whatever zone the device is set to (a manager abroad, a laptop left on UTC).
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';

type Fields = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The calendar fields of an instant in a zone. */
export function zonedFields(at: Date | number, timeZone: string): Fields {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour'), minute: n('minute'), second: n('second') };
}

const utcOf = (f: Fields) => Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
/** Minutes the zone is ahead of UTC at an instant (+480 for Asia/Shanghai). */
const offsetAt = (instant: number, timeZone: string) => Math.round((utcOf(zonedFields(instant, timeZone)) - instant) / 60_000);

/**
 * The tenant's wall-clock time of an instant, as a device-local Dayjs: what the date picker shows
 * and edits. 18:00 in Shanghai is an 18:00 picker value on a device set to New York.
 */
export function toWallClock(at: string | Date | number, timeZone: string): Dayjs {
  const f = zonedFields(typeof at === 'string' ? new Date(at) : at, timeZone);
  return dayjs(new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second));
}

/**
 * The instant a wall-clock time names in the tenant's zone, as ISO 8601 with that zone's offset.
 * @example fromWallClock(dayjs('2026-12-03T18:00'), 'Asia/Shanghai') // '2026-12-03T18:00:00+08:00'
 */
export function fromWallClock(d: Dayjs, timeZone: string): string {
  const wall = { year: d.year(), month: d.month() + 1, day: d.date(), hour: d.hour(), minute: d.minute(), second: d.second() };
  const asUtc = utcOf(wall);
  // The offset at the instant itself; a second look settles times next to a daylight-saving change.
  let offset = offsetAt(asUtc, timeZone);
  offset = offsetAt(asUtc - offset * 60_000, timeZone);
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const sign = offset < 0 ? '-' : '+';
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * Local midnight of a calendar day in a time zone, as an ISO instant: the start of "that day" for
 * the tenant, whatever zone the browser is in.
 * @example startOfDay('2026-11-21', 'Asia/Shanghai') // '2026-11-20T16:00:00.000Z'
 */
export function startOfDay(date: string, timeZone: string): string {
  return new Date(fromWallClock(dayjs(`${date}T00:00:00`), timeZone)).toISOString();
}

/** The day after a calendar day ('2026-12-31' → '2027-01-01'). */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** "14:05:09" in the tenant's zone. */
export function clockTime(at: Date, lang: string, timeZone: string | undefined): string {
  return at.toLocaleTimeString(lang.startsWith('en') ? 'en-GB' : 'zh-CN', { timeZone, hour12: false });
}

/** The dayjs locale of the interface language: antd's picker takes its month and weekday names from it. */
export function setDayjsLocale(lang: string) {
  dayjs.locale(lang.startsWith('en') ? 'en' : 'zh-cn');
}
