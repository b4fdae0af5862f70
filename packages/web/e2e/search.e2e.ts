import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, launchBrowser, newPerson, screenshot, seriousViolations, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

let server: ConsoleServer;
let browser: Browser;
const numbers: Record<'closed' | 'open' | 'other', string> = { closed: '', open: '', other: '' };

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  const { seed, call } = server;
  const file = async (premiseId: string, description: string, phone: string) =>
    call<{ id: string; number: string }>('agent', 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'heating-cold',
      description,
      premiseId,
      contact: { name: '王大爷', phone },
    });
  // Last week's repair, closed since; an open one; and one of the other company's.
  const closed = await file(seed.premises.urban, '卧室暖气片冰凉，老人怕冷', '139-0000-0001');
  await call('dispatcher', 'POST', `/api/v1/tickets/${closed.id}/actions`, {
    action: 'dispatch',
    unitId: seed.units.team,
    assigneeId: seed.users.crew.id,
  });
  await call('crew', 'POST', `/api/v1/tickets/${closed.id}/actions`, { action: 'take' });
  await call('crew', 'POST', `/api/v1/tickets/${closed.id}/actions`, { action: 'resolve', note: '排气后恢复' });
  await call('agent', 'POST', `/api/v1/tickets/${closed.id}/actions`, { action: 'callback', satisfaction: 5 });
  const open = await file(seed.premises.urban, '阀门滴水', '13800000002');
  const other = await file(seed.premises.otherCompany, '暖气片不热', '13700000003');
  Object.assign(numbers, { closed: closed.number, open: open.number, other: other.number });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const termBox = (page: Page) => page.locator('#search-q');
const resultNumbers = (page: Page) => page.getByTestId('search-number').allTextContents();

async function settle(page: Page) {
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => {});
  await page.waitForTimeout(300);
}

async function searchFor(page: Page, text: string) {
  await termBox(page).fill(text);
  await termBox(page).press('Enter');
  await settle(page);
}

describe.each(['zh-CN', 'en'] as const)('finding an order in %s', (lang: Lang) => {
  it('a hotline agent finds a closed order by a fragment, sorts by status and exports the result', async () => {
    const ctx = await newPerson(browser, lang);
    const page = await signIn(ctx, server.base, server.seed.users.agent.username, server.password);
    await page.getByRole('link', { name: lang === 'en' ? 'Search' : '查询', exact: true }).click();
    await page.getByRole('heading', { name: lang === 'en' ? 'Find orders' : '工单查询' }).waitFor();
    await settle(page);
    // With no term, every order the agent may see, newest first.
    expect(await resultNumbers(page)).toEqual([numbers.other, numbers.open, numbers.closed]);

    await searchFor(page, '冰凉');
    expect(await resultNumbers(page)).toEqual([numbers.closed]);
    await page
      .getByTestId('search-results')
      .getByText(lang === 'en' ? 'Closed' : '已办结')
      .waitFor();

    // The caller gives their phone as they know it.
    await searchFor(page, '+86 139 0000 0001');
    expect(await resultNumbers(page)).toEqual([numbers.closed]);

    // One character is refused on the spot, naming the field.
    await termBox(page).fill('暖');
    await page.getByTestId('search-q-error').waitFor();
    await termBox(page).fill('暖气片');
    await termBox(page).press('Enter');
    await settle(page);
    expect((await resultNumbers(page)).sort()).toEqual([numbers.closed, numbers.other].sort());

    // Sorting by status puts the new order before the closed one, and back.
    const statusHeader = page.locator('th', { hasText: lang === 'en' ? 'Status' : '状态' });
    await statusHeader.click();
    await settle(page);
    expect(await resultNumbers(page)).toEqual([numbers.other, numbers.closed]);
    await statusHeader.click();
    await settle(page);
    expect(await resultNumbers(page)).toEqual([numbers.closed, numbers.other]);
    await screenshot(page, '10-search', lang);
    const problems = await seriousViolations(page);
    if (problems.length) console.log(JSON.stringify(problems, null, 1));
    expect(problems).toEqual([]);

    const download = page.waitForEvent('download');
    await page.getByTestId('search-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await ctx.close();
  });

  it("a crew member on a phone finds their station's orders and not another station's", async () => {
    const ctx = await newPerson(browser, lang, true);
    const page = await signIn(ctx, server.base, server.seed.users.otherCrew.username, server.password);
    await page.goto(`${server.base}/search`);
    await page.getByRole('heading', { name: lang === 'en' ? 'Find orders' : '工单查询' }).waitFor();
    await searchFor(page, '暖气片');
    expect(await resultNumbers(page)).toEqual([numbers.other]);
    await searchFor(page, numbers.closed);
    expect(await resultNumbers(page)).toEqual([]);
    // Nothing wider than the phone's screen but the table, which scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await searchFor(page, '暖气片');
    await screenshot(page, '10-search-phone', lang);
    await ctx.close();
  });
});
