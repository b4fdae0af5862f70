// Chinese statutory holidays and make-up working days (调休), as published by the General
// Office of the State Council: 国办发明电〔2024〕12号 for 2025 (12 Nov 2024) and the notice of
// 4 Nov 2025 for 2026. "holiday" days are off even on a weekday; "workday" days are worked
// even on a weekend. Tenants receive a copy they can edit (calendar_days).

export type DayKind = 'holiday' | 'workday';
export type HolidayPeriod = { name: string; nameEn: string; off: [string, string]; workdays: string[] };

export const CN_HOLIDAYS: Record<number, HolidayPeriod[]> = {
  2025: [
    { name: '元旦', nameEn: "New Year's Day", off: ['2025-01-01', '2025-01-01'], workdays: [] },
    { name: '春节', nameEn: 'Spring Festival', off: ['2025-01-28', '2025-02-04'], workdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', nameEn: 'Qingming Festival', off: ['2025-04-04', '2025-04-06'], workdays: [] },
    { name: '劳动节', nameEn: 'Labour Day', off: ['2025-05-01', '2025-05-05'], workdays: ['2025-04-27'] },
    { name: '端午节', nameEn: 'Dragon Boat Festival', off: ['2025-05-31', '2025-06-02'], workdays: [] },
    {
      name: '国庆节、中秋节',
      nameEn: 'National Day and Mid-Autumn Festival',
      off: ['2025-10-01', '2025-10-08'],
      workdays: ['2025-09-28', '2025-10-11'],
    },
  ],
  2026: [
    { name: '元旦', nameEn: "New Year's Day", off: ['2026-01-01', '2026-01-03'], workdays: ['2026-01-04'] },
    { name: '春节', nameEn: 'Spring Festival', off: ['2026-02-15', '2026-02-23'], workdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', nameEn: 'Qingming Festival', off: ['2026-04-04', '2026-04-06'], workdays: [] },
    { name: '劳动节', nameEn: 'Labour Day', off: ['2026-05-01', '2026-05-05'], workdays: ['2026-05-09'] },
    { name: '端午节', nameEn: 'Dragon Boat Festival', off: ['2026-06-19', '2026-06-21'], workdays: [] },
    { name: '中秋节', nameEn: 'Mid-Autumn Festival', off: ['2026-09-25', '2026-09-27'], workdays: [] },
    { name: '国庆节', nameEn: 'National Day', off: ['2026-10-01', '2026-10-07'], workdays: ['2026-09-20', '2026-10-10'] },
  ],
};

export type CalendarDay = { day: string; kind: DayKind; name: string };

/** Every dated entry of the shipped schedule, one row per day. */
export function shippedCalendarDays(): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (const periods of Object.values(CN_HOLIDAYS)) {
    for (const p of periods) {
      for (let d = new Date(`${p.off[0]}T00:00:00Z`); d <= new Date(`${p.off[1]}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
        out.push({ day: d.toISOString().slice(0, 10), kind: 'holiday', name: p.name });
      }
      for (const w of p.workdays) out.push({ day: w, kind: 'workday', name: `${p.name}调休上班` });
    }
  }
  return out;
}
