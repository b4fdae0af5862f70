import { describe, expect, it } from 'vitest';
import type { Commitment } from '../../src/db/schema.js';
import { describeCommitments, formatMinutes } from '../../src/portal/commitment-text.js';
import { escapeHtml, html } from '../../src/portal/html.js';
import { en } from '../../src/portal/i18n/en.js';
import { zhCN } from '../../src/portal/i18n/zh-CN.js';
import { pickLocale } from '../../src/portal/i18n.js';
import { cleanPhoto, sniffImageType } from '../../src/portal/photo.js';
import { jpegWithLocation } from './portal-fixtures.js';

const row = (
  area_tier: Commitment['area_tier'],
  r: number | null,
  a: number | null,
  s: number | null,
  priority: Commitment['priority'] = '*',
) => ({
  area_tier,
  priority,
  respond_minutes: r,
  arrive_minutes: a,
  resolve_minutes: s,
});

describe('commitment text', () => {
  it.each([
    [15, 'zh-CN', '15 分钟'],
    [90, 'zh-CN', '1.5 小时'],
    [1440, 'zh-CN', '1 天'],
    [240, 'en', '4 h'],
    [2880, 'en', '2 d'],
  ] as const)('%i minutes in %s reads %s', (m, locale, text) => expect(formatMinutes(m, locale)).toBe(text));

  it('lists tiers in order urban, rural, remote and leaves out missing targets', () => {
    expect(describeCommitments([row('remote', null, 120, null), row('urban', 10, 45, null)], 'zh-CN')).toBe(
      '城区：响应 10 分钟，到场 45 分钟；偏远地区：到场 2 小时',
    );
    expect(describeCommitments([row('*', 5, 15, 1440)], 'en')).toBe('respond 5 min, arrive 15 min, resolve 1 d');
  });

  it('a category without targets says so', () => {
    expect(describeCommitments([], 'zh-CN')).toBe('无时限承诺');
    expect(describeCommitments([row('*', null, null, null)], 'en')).toBe('no time commitment');
  });

  it('shows the default-priority rows when priority-specific rows exist too', () => {
    expect(describeCommitments([row('*', 5, null, null, 'urgent'), row('*', 30, null, null)], 'en')).toBe('respond 30 min');
  });
});

describe('html escaping', () => {
  it('escapes interpolated values, keeps nested fragments', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${'&'}${null}${[1, '<', 2]}</p>`.value).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&amp;1&lt;2</p>',
    );
    expect(escapeHtml("'`")).toBe('&#39;&#96;');
  });
});

describe('locales', () => {
  it('zh-CN unless the query or the cookie asks for English', () => {
    expect(pickLocale({}, undefined)).toBe('zh-CN');
    expect(pickLocale({ lang: 'en' }, undefined)).toBe('en');
    expect(pickLocale({}, 'a=1; wl_lang=en')).toBe('en');
    expect(pickLocale({ lang: 'zh-CN' }, 'wl_lang=en')).toBe('zh-CN');
    expect(pickLocale({ lang: 'fr' }, 'wl_lang=de')).toBe('zh-CN');
  });

  it('both translation files have the same keys', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
});

describe('photos', () => {
  it('recognises JPEG, PNG and WebP by their bytes only', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('re-encodes without EXIF, GPS or camera data', async () => {
    const out = await cleanPhoto(await jpegWithLocation());
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.data.includes('SECRET-CAMERA')).toBe(false);
    expect(out.data.includes('Exif')).toBe(false);
  });
});
