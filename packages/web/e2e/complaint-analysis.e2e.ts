import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../server/src/shared/xlsx.js';
import { type Lang, launchBrowser, newPerson, screenshot, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

// Issue 10 item 5: the supervisor opens the analysis tab of the complaint desk, counts by another
// dimension, and downloads the table as a workbook — on a desk and on a 360 px phone.
// Fixture: two complaints escalated by the regulator and one by 95598 (an hour ago, so this
// month in any zone), and one filed directly by phone: 4 complaints, 3 escalated, 1 by phone.

let server: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
  const base = {
    kind: 'complaint',
    categoryCode: 'service-complaint',
    description: '投诉服务态度',
    premiseId: server.seed.premises.urban,
    contact: { name: '王大爷', phone: '13900010001' },
  };
  for (const [body, ref] of [
    ['regulator', 'NY-1'],
    ['regulator', 'NY-2'],
    ['95598', 'GD-1'],
  ])
    await server.call('agent', 'POST', '/api/v1/tickets', { ...base, channel: 'escalated', receivedAt, source: { body, reference: ref } });
  await server.call('agent', 'POST', '/api/v1/tickets', { ...base, channel: 'hotline' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const TEXT = {
  'zh-CN': { tab: '分析', channel: '渠道', regulator: '能源监管（12398）', escalated: '越级转办', file: /投诉分析-.*-channel\.xlsx$/ },
  en: {
    tab: 'Analysis',
    channel: 'Channel',
    regulator: 'Energy regulator (12398)',
    escalated: 'Escalated',
    file: /complaints-.*-channel\.xlsx$/,
  },
} as const;

describe.each([
  ['zh-CN', false],
  ['en', true],
  ['en', false],
  ['zh-CN', true],
] as const)('the complaint analysis in %s (phone: %s)', (lang: Lang, phone) => {
  it('counts by source, switches to channel, and exports what it shows', async () => {
    const tx = TEXT[lang as 'zh-CN' | 'en'];
    const ctx = await newPerson(browser, lang, phone);
    const page = await signIn(ctx, server.base, server.seed.users.supervisor.username, server.password);
    await page.goto(`${server.base}/complaints`);
    await page.getByRole('tab', { name: tx.tab }).click();
    const analysis = page.getByTestId('complaint-analysis');
    await analysis.getByTestId('analysis-chart').waitFor();
    await expect.poll(() => analysis.getByTestId('analysis-total').textContent()).toBe('4');
    const regulator = analysis.locator('tr', { hasText: tx.regulator });
    expect(await regulator.locator('td').last().textContent()).toBe('2');
    const suffix = phone ? '360' : '1440';
    await page.waitForTimeout(300);
    await screenshot(page, `complaint-analysis-${suffix}`, lang);
    if (phone) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('combobox', { name: lang === 'en' ? 'Count by' : '统计维度' }).click();
    await page.locator('.ant-select-item-option', { hasText: tx.channel }).click();
    const escalated = analysis.locator('tr', { hasText: tx.escalated });
    await escalated.waitFor();
    expect(await escalated.locator('td').last().textContent()).toBe('3');

    const [file] = await Promise.all([page.waitForEvent('download'), analysis.getByTestId('analysis-export').click()]);
    expect(file.suggestedFilename()).toMatch(tx.file);
    const book = Object.values(await readXlsx(readFileSync((await file.path())!)))[0]!;
    expect(book[0]?.[0]).toBe(tx.channel);
    const row = book.find((r) => r[0] === tx.escalated)!;
    expect(row[row.length - 1]).toBe(3);
    expect(book[book.length - 1]?.[book[0]!.length - 1]).toBe(4);
    await ctx.close();
  });
});
