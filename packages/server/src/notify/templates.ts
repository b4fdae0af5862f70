/** Every message Warmline sends, in Chinese and English. Params are filled in at delivery. */
export const TEMPLATES = {
  order_received: {
    essential: false,
    'zh-CN': (p: Params) => `【${p.org}】您的诉求已受理，工单号${p.number}，可凭此号查询进度。`,
    en: (p: Params) => `[${p.org}] We have received your request. Tracking code ${p.number}.`,
  },
  crew_on_the_way: {
    essential: false,
    'zh-CN': (p: Params) => `【${p.org}】工单${p.number}：维修人员已出发，请保持电话畅通。`,
    en: (p: Params) => `[${p.org}] Order ${p.number}: our crew is on the way.`,
  },
  resolved: {
    essential: false,
    'zh-CN': (p: Params) => `【${p.org}】工单${p.number}已处理完毕。如仍有问题请致电服务热线。`,
    en: (p: Params) => `[${p.org}] Order ${p.number} has been resolved. Call the hotline if anything is still wrong.`,
  },
  callback_survey: {
    essential: false,
    'zh-CN': (p: Params) => `【${p.org}】请对工单${p.number}的服务打分：回复1-5（5为非常满意）。`,
    en: (p: Params) => `[${p.org}] How did we do on order ${p.number}? Reply 1-5 (5 = very satisfied).`,
  },
  outage_notice: {
    essential: true,
    'zh-CN': (p: Params) => `【${p.org}】${p.title}：${p.message}（${p.window}）`,
    en: (p: Params) => `[${p.org}] ${p.title}: ${p.message} (${p.window})`,
  },
  restoration_notice: {
    essential: true,
    'zh-CN': (p: Params) => `【${p.org}】${p.title}已结束，${p.message}`,
    en: (p: Params) => `[${p.org}] ${p.title} is over. ${p.message}`,
  },
  urging_notice: {
    essential: true,
    'zh-CN': (p: Params) => `【催办】工单${p.number}${p.clockZh}已超时，请立即处理并在系统中确认（第${p.level}级）。`,
    en: (p: Params) => `[Urgent] Order ${p.number} missed its ${p.clock} deadline. Act and acknowledge in Warmline (level ${p.level}).`,
  },
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type Locale = 'zh-CN' | 'en';
type Params = Record<string, string | number>;

export const CLOCK_ZH: Record<string, string> = { respond: '响应', arrive: '到场', resolve: '办结' };

/** The text of a message; missing params render as empty strings, never as "undefined". */
export function renderMessage(template: string, locale: string, params: Record<string, unknown>): string {
  const t = TEMPLATES[template as TemplateName];
  if (!t) throw new Error(`unknown template ${template}`);
  const safe = new Proxy(params, { get: (o, k) => (o[k as string] ?? '') as string });
  return (locale === 'en' ? t.en : t['zh-CN'])(safe as Params);
}

/** True when households may opt out of this message. */
export const isEssential = (template: string) => TEMPLATES[template as TemplateName]?.essential ?? false;
