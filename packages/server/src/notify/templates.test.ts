import { describe, expect, it } from 'vitest';
import { isEssential, renderMessage, TEMPLATES } from './templates.js';

const params = {
  org: '和平热力',
  number: 'RX-20261121-0001',
  title: '停热通知',
  message: '预计18时恢复',
  window: '11月21日10:00—18:00',
  clock: 'arrive',
  clockZh: '到场',
  level: 2,
};

describe('message templates', () => {
  it.each(Object.keys(TEMPLATES))('%s renders in Chinese and English without gaps', (name) => {
    for (const locale of ['zh-CN', 'en']) {
      const text = renderMessage(name, locale, params);
      expect(text).not.toMatch(/undefined|null|\$\{/);
      expect(text.length).toBeGreaterThan(10);
    }
  });
  it('the order confirmation carries the tracking code', () => {
    expect(renderMessage('order_received', 'zh-CN', params)).toContain('RX-20261121-0001');
    expect(renderMessage('order_received', 'en', params)).toContain('Tracking code RX-20261121-0001');
  });
  it('outage and restoration notices are essential; order updates are not', () => {
    expect(isEssential('outage_notice')).toBe(true);
    expect(isEssential('restoration_notice')).toBe(true);
    expect(isEssential('order_received')).toBe(false);
    expect(isEssential('callback_survey')).toBe(false);
  });
  it('a missing parameter renders empty, never as "undefined"', () => {
    expect(renderMessage('resolved', 'en', {})).not.toContain('undefined');
  });
});
