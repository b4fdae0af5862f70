import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldKpiRollups } from '../../server/src/kpi/fold-rollups.js';
import { readXlsx } from '../../server/src/shared/xlsx.js';
import { type Lang, launchBrowser, PHONE, screenshot, seriousViolations } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

let server: ConsoleServer;
let browser: Browser;
const numbers: string[] = [];

// Two repairs at 和平一所 resolved this month, and one hotline complaint: the dashboard's month.
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
    numbers.push(t.number);
    const step = (user: 'dispatcher' | 'crew', body: object) => call(user, 'POST', `/api/v1/tickets/${t.id}/actions`, body);
    await step('dispatcher', { action: 'dispatch', unitId: seed.units.team, assigneeId: seed.users.crew.id });
    await step('crew', { action: 'take' });
    await step('crew', { action: 'arrive' });
    await step('crew', { action: 'resolve', note: '已修复' });
  }
  await call('agent', 'POST', '/api/v1/tickets', {
    kind: 'complaint',
    channel: 'hotline',
    categoryCode: 'service-complaint',
    description: '维修工态度差',
    premiseId: seed.premises.urban,
    contact: { name: '王大爷', phone: '13900010001' },
  });
  await foldKpiRollups(server.db);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function person(lang: Lang, phone: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: phone ? PHONE : { width: 1440, height: 900 },
    isMobile: phone,
    hasTouch: phone,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  await context.addInitScript((l) => localStorage.setItem('warmline.lang', l), lang);
  return context;
}

async function signInAsManager(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => console.log('CONSOLE', m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await page.goto(`${server.base}/`);
  await page.locator('#username').fill(server.seed.users.companyManager.username);
  await page.locator('#password').fill(server.password);
  await page.locator('#password').press('Enter');
  await page.getByTestId('rate-on_time').waitFor();
  return page;
}

/** Clicks a download link and reads the workbook it saves. */
async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  return readXlsx(readFileSync((await file.path())!));
}

describe.each([
  ['zh-CN', false],
  ['en', false],
  ['zh-CN', true],
  ['en', true],
] as const)('the managers’ dashboard in %s (phone: %s)', (lang, phone) => {
  it('shows each rate with its counts and target, opens the orders behind a number, and exports tables', async () => {
    const ctx = await person(lang, phone);
    const page = await signInAsManager(ctx);
    const suffix = `${phone ? '360' : '1440'}`;
    // "100.0 % — 2 / 2" and its target.
    const card = page.getByTestId('rate-on_time');
    await expect.poll(() => card.textContent()).toContain('2 / 2');
    expect(await card.textContent()).toContain('100.0 %');
    expect(await card.textContent()).toContain(lang === 'en' ? 'Target 100.0 %' : '目标 100.0 %');
    await page.getByTestId('heatmap-chart').locator('svg').first().waitFor();
    await page.getByTestId('ranking').getByText('和平公司').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, `20-dashboard-${suffix}`, lang);
    expect(await seriousViolations(page)).toEqual([]);
    // The page must not scroll sideways on a phone (the heat map scrolls inside its own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone ? 360 : 1440);

    // Drill-down: the denominator of the on-time rate lists both resolved orders.
    await page.getByTestId('rate-on_time-den').click();
    const drawer = page.getByTestId('drill-orders');
    await drawer.getByTestId('drill-order-link').nth(1).waitFor();
    expect((await drawer.getByTestId('drill-order-link').allTextContents()).sort()).toEqual([...numbers].sort());
    await screenshot(page, `21-drill-${suffix}`, lang);
    const orders = await download(page, () => page.getByTestId('drill-export').click());
    const sheet = Object.values(orders)[0]!;
    expect(sheet[0]![0]).toBe(lang === 'en' ? 'Order' : '工单号');
    expect(
      sheet
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...numbers].sort());
    // An order of the list opens its page.
    await drawer.getByTestId('drill-order-link').first().click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await page.getByTestId('timeline-event').first().waitFor();
    await page.goBack();
    await page.getByTestId('ranking').getByText('和平公司').waitFor();

    // A heat map cell opens the orders received in that hour at that station.
    await page.getByTestId('heatmap-chart').locator('text', { hasText: /^2$/ }).first().click();
    await expect.poll(() => drawer.getByTestId('drill-order-link').count()).toBe(2);
    await page.locator('.ant-drawer-close').click();

    // The ranking of companies exports with its counts.
    const ranking = await download(page, () => page.getByTestId('ranking-export').click());
    const rows = Object.values(ranking)[0]!;
    expect(rows[0]).toContain(lang === 'en' ? 'Unit' : '单位');
    expect(rows.find((r) => r[2] === '和平公司')?.slice(3, 5)).toEqual([2, 2]);
    await ctx.close();
  });
});
