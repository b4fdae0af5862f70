import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldKpiRollups } from '../../server/src/kpi/fold-rollups.js';
import { refreshScoreboards } from '../../server/src/kpi/scoreboard.js';
import { systemClock } from '../../server/src/shared/clock.js';
import { launchBrowser, PHONE, screenshot, seriousViolations } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

let server: ConsoleServer;
let browser: Browser;
let code: string;

// Two repairs at 和平 resolved at once this month: 和平 and the group at 100 % on time.
beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  const { seed, call } = server;
  for (const description of ['卧室暖气片不热', '阀门滴水']) {
    const t = await call('agent', 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'heating-cold',
      description,
      premiseId: seed.premises.urban,
      contact: { name: '王大爷', phone: '13900010001' },
    });
    const step = (user: 'dispatcher' | 'crew', body: object) => call(user, 'POST', `/api/v1/tickets/${t.id}/actions`, body);
    await step('dispatcher', { action: 'dispatch', unitId: seed.units.team, assigneeId: seed.users.crew.id });
    await step('crew', { action: 'take' });
    await step('crew', { action: 'arrive' });
    await step('crew', { action: 'resolve', note: '已修复' });
  }
  await foldKpiRollups(server.db);
  await refreshScoreboards(server.db, systemClock);
  code = (await server.db.selectFrom('tenants').select('code').where('id', '=', seed.tenantId).executeTakeFirstOrThrow()).code;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each([
  ['zh-CN', false],
  ['en', false],
  ['zh-CN', true],
  ['en', true],
] as const)('the public scoreboard in %s (phone: %s)', (lang, phone) => {
  it('shows each commitment with its target and every company’s figure, readable without signing in', async () => {
    const ctx = await browser.newContext({
      viewport: phone ? PHONE : { width: 1440, height: 900 },
      isMobile: phone,
      hasTouch: phone,
      locale: lang,
    });
    const page = await ctx.newPage();
    // The browser's language picks the page's (the resident's phone says en or zh).
    const res = await page.goto(`${server.base}/status/${code}/scoreboard`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await page.locator('h1').textContent()).toContain(lang === 'en' ? 'Our service commitments' : '服务承诺兑现情况');
    const onTime = page.locator('section[data-code="on_time"]');
    expect(await onTime.locator('h2').textContent()).toBe(lang === 'en' ? 'On-time rate' : '处理及时率');
    expect(await onTime.locator('.target').textContent()).toContain('100.0%');
    const heping = onTime.locator('tr', { hasText: '和平公司' });
    expect(await heping.locator('td').first().textContent()).toContain('100.0%');
    expect(await heping.locator('td').first().textContent()).toContain('2 / 2');
    // No one's name or phone on a public page.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain('王大爷');
    expect(body).not.toContain('13900010001');
    await screenshot(page, `30-scoreboard-${phone ? '360' : '1440'}`, lang);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone ? 360 : 1440);
    // The language link switches to the other language.
    await page.locator('header a').click();
    expect(await page.locator('html').getAttribute('lang')).toBe(lang === 'en' ? 'zh-CN' : 'en');
    await ctx.close();
  });
});
