import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

describe('message delivery settings', () => {
  it('default to the local SendSms simulator and no email', () => {
    expect(loadConfig({}).notify).toEqual({ sms: { provider: 'simulator', signName: '暖线', rate: 50 }, smtp: null });
  });
  it('a real provider without its address and keys stops the start naming each variable', () => {
    expect(() => loadConfig({ WARMLINE_SMS_PROVIDER: 'aliyun' })).toThrow(
      /WARMLINE_SMS_URL: required[\s\S]*WARMLINE_SMS_ACCESS_KEY_ID: required[\s\S]*WARMLINE_SMS_ACCESS_KEY_SECRET: required/,
    );
  });
  it('reads an Aliyun setup and SMTP', () => {
    const c = loadConfig({
      WARMLINE_SMS_PROVIDER: 'aliyun',
      WARMLINE_SMS_URL: 'https://dysmsapi.aliyuncs.com/',
      WARMLINE_SMS_ACCESS_KEY_ID: 'id',
      WARMLINE_SMS_ACCESS_KEY_SECRET: 'secret',
      WARMLINE_SMS_RATE: '20',
      WARMLINE_SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    expect(c.notify.sms).toMatchObject({ provider: 'aliyun', rate: 20, accessKeyId: 'id' });
    expect(c.notify.smtp).toEqual({ url: 'smtp://127.0.0.1:2525', from: 'Warmline <noreply@localhost>' });
  });
  it('refuses a mail server that is not SMTP', () => {
    expect(() => loadConfig({ WARMLINE_SMTP_URL: 'http://x' })).toThrow(/WARMLINE_SMTP_URL/);
  });
});
