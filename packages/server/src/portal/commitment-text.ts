import type { Commitment } from '../db/schema.js';

export type Locale = 'zh-CN' | 'en';

const TIER: Record<Locale, Record<string, string>> = {
  'zh-CN': { urban: '城区', rural: '农村', remote: '偏远地区', '*': '' },
  en: { urban: 'urban', rural: 'rural', remote: 'remote', '*': '' },
};
const WORDS: Record<Locale, { respond: string; arrive: string; resolve: string; none: string; sep: string; tierSep: string }> = {
  'zh-CN': { respond: '响应', arrive: '到场', resolve: '办结', none: '无时限承诺', sep: '，', tierSep: '；' },
  en: { respond: 'respond', arrive: 'arrive', resolve: 'resolve', none: 'no time commitment', sep: ', ', tierSep: '; ' },
};

/**
 * A duration in words.
 * @example formatMinutes(90, 'zh-CN') // '1.5 小时'
 */
export function formatMinutes(minutes: number, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (minutes < 60) return zh ? `${minutes} 分钟` : `${minutes} min`;
  if (minutes % 1440 === 0) return zh ? `${minutes / 1440} 天` : `${minutes / 1440} d`;
  const h = Math.round((minutes / 60) * 10) / 10;
  return zh ? `${h} 小时` : `${h} h`;
}

/**
 * The published commitment of a category in one line, tier by tier.
 * @example describeCommitments([{ area_tier: '*', respond_minutes: 5, arrive_minutes: 15, resolve_minutes: 1440 }], 'en')
 * // 'respond 5 min, arrive 15 min, resolve 1 d'
 */
export function describeCommitments(
  rows: Pick<Commitment, 'area_tier' | 'priority' | 'respond_minutes' | 'arrive_minutes' | 'resolve_minutes'>[],
  locale: Locale,
): string {
  const w = WORDS[locale];
  // Public text shows the category's default level: the '*' priority rows, else all rows.
  const general = rows.filter((r) => r.priority === '*');
  const shown = (general.length ? general : rows).slice().sort((a, b) => tierOrder(a.area_tier) - tierOrder(b.area_tier));
  const parts = shown
    .map((r) => {
      const bits = [
        r.respond_minutes && `${w.respond} ${formatMinutes(r.respond_minutes, locale)}`,
        r.arrive_minutes && `${w.arrive} ${formatMinutes(r.arrive_minutes, locale)}`,
        r.resolve_minutes && `${w.resolve} ${formatMinutes(r.resolve_minutes, locale)}`,
      ].filter(Boolean);
      if (!bits.length) return '';
      const tier = TIER[locale][r.area_tier] ?? r.area_tier;
      return (tier ? `${tier}${locale === 'zh-CN' ? '：' : ': '}` : '') + bits.join(w.sep);
    })
    .filter(Boolean);
  return parts.length ? parts.join(w.tierSep) : w.none;
}

const tierOrder = (t: string) => ['*', 'urban', 'rural', 'remote'].indexOf(t);
