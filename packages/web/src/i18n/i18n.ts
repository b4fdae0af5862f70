import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
const KEY = 'warmline.lang';

type Strings = { [key: string]: string | Strings };

/**
 * Each feature folder may keep its own strings in `<feature>/locales/{zh-CN,en}.json`, under one
 * top-level key named after the feature, so features add strings without touching shared files.
 */
const featureFiles = import.meta.glob<Strings>('../*/locales/*.json', { eager: true, import: 'default' });

function withFeatures(lang: Lang, base: Strings): Strings {
  const merged: Strings = { ...base };
  for (const [path, strings] of Object.entries(featureFiles)) {
    // The glob also matches this folder's own base files (as ./locales/…), already merged above.
    if (!path.endsWith(`/${lang}.json`) || !path.startsWith('../')) continue;
    for (const [key, value] of Object.entries(strings)) {
      if (key in merged) throw new Error(`${path}: "${key}" is already defined`);
      merged[key] = value;
    }
  }
  return merged;
}

/** Simplified Chinese unless the user switched (or a test asked with ?lang=en). */
export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const saved = fromUrl ?? localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function setLang(lang: Lang) {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: withFeatures('zh-CN', zhCN) },
    en: { translation: withFeatures('en', en) },
  },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export default i18n;
