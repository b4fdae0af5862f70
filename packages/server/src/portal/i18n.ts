import type { Locale } from './commitment-text.js';
import { en } from './i18n/en.js';
import { type Messages, zhCN } from './i18n/zh-CN.js';

export type { Messages };

const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/** The strings of a locale; zh-CN is the default. */
export const messagesFor = (locale: Locale): Messages => MESSAGES[locale];

/** The locale from `?lang=` or the `wl_lang` cookie; zh-CN when neither says otherwise. */
export function pickLocale(query: unknown, cookieHeader: string | undefined): Locale {
  const q = (query as { lang?: unknown } | undefined)?.lang;
  if (q === 'en' || q === 'zh-CN') return q;
  const m = /(?:^|;\s*)wl_lang=(en|zh-CN)(?:;|$)/.exec(cookieHeader ?? '');
  return (m?.[1] as Locale | undefined) ?? 'zh-CN';
}
