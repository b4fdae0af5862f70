import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, launchBrowser, newPerson, screenshot, seriousViolations, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

let server: ConsoleServer;
let browser: Browser;
let ids: { open: string; noticeTicket: string };

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  const { seed, call } = server;
  const file = (premiseId: string, categoryCode: string, description: string, user: 'agent' | 'clerk' = 'agent', channel = 'hotline') =>
    call(user, 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel,
      categoryCode,
      description,
      premiseId,
      contact: { name: '王大爷', phone: '13900010001' },
    });
  // A board with an emergency, a normal order assigned to the crew, and one waiting for a callback.
  await file(seed.premises.rural, 'pipe-accident', '主管道漏水，单元门口结冰');
  const open = await file(seed.premises.urban, 'heating-cold', '卧室暖气片不热');
  await call('dispatcher', 'POST', `/api/v1/tickets/${open.id}/actions`, {
    action: 'dispatch',
    unitId: seed.units.team,
    assigneeId: seed.users.crew.id,
  });
  const done = await file(seed.premises.urban, 'leak', '阀门滴水');
  await call('dispatcher', 'POST', `/api/v1/tickets/${done.id}/actions`, {
    action: 'dispatch',
    unitId: seed.units.team,
    assigneeId: seed.users.crew.id,
  });
  await call('crew', 'POST', `/api/v1/tickets/${done.id}/actions`, { action: 'take' });
  await call('crew', 'POST', `/api/v1/tickets/${done.id}/actions`, { action: 'resolve', note: '更换阀芯' });
  const windowRequest = await call('clerk', 'POST', '/api/v1/tickets', {
    kind: 'consultation',
    channel: 'window',
    categoryCode: 'window-general',
    description: '办理供热过户',
    premiseId: seed.premises.urban,
    contact: { name: '李女士', phone: '13800000000' },
  });
  await call('clerk', 'PUT', `/api/v1/tickets/${windowRequest.id}/one-time-notice`, {
    items: [
      { code: 'idCard', label: '身份证原件及复印件' },
      { code: 'propertyDeed', label: '房产证或购房合同' },
    ],
    note: '工作日 8:30–17:00 办理',
  });
  // A planned outage over the caller's household, shown at intake before anything is filed.
  await call('dispatcher', 'POST', '/api/v1/notices', {
    kind: 'planned_outage',
    title: '幸福小区换热站检修',
    message: '今日 9:00–15:00 停热检修，请注意保暖。',
    startsAt: new Date(Date.now() - 3600_000).toISOString(),
    expectedEndAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
    target: { kind: 'premises', premiseIds: [seed.premises.urban] },
    publish: true,
  });
  ids = { open: open.id, noticeTicket: windowRequest.id };
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for the screen to settle, saves its screenshot and returns axe's serious or critical findings. */
async function capture(page: Page, name: string, lang: Lang) {
  // No "networkidle": the live feed keeps a stream open for as long as the page lives.
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => {});
  await page.waitForTimeout(300);
  await screenshot(page, name, lang);
  const found = await seriousViolations(page);
  return found.map((v) => ({ screen: `${name}.${lang}`, ...v }));
}

describe.each(['zh-CN', 'en'] as const)('every screen in %s', (lang) => {
  it('renders readable screens with no serious or critical accessibility violations', async () => {
    const { base, seed, password } = server;
    const problems: unknown[] = [];
    const heading = (page: Page) => page.locator('h1').first().textContent();

    const ctx = await newPerson(browser, lang);
    const signInPage = await ctx.newPage();
    await signInPage.goto(`${base}/`);
    await signInPage.locator('#username').waitFor();
    problems.push(...(await capture(signInPage, '01-sign-in', lang)));
    expect(await heading(signInPage)).toBe(lang === 'en' ? 'Sign in to Warmline' : '登录暖线服务平台');
    await signInPage.close();

    const agent = await signIn(ctx, base, seed.users.agent.username, password);
    await agent.locator('#intake-search').fill('13900010001');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('household').waitFor();
    await agent.getByTestId('history').waitFor();
    await agent.getByTestId('active-notices').getByText('幸福小区换热站检修').waitFor();
    problems.push(...(await capture(agent, '02-intake', lang)));
    expect(await heading(agent)).toBe(lang === 'en' ? 'Hotline and window intake' : '热线与窗口受理');

    await agent.goto(`${base}/callbacks`);
    await agent.getByTestId('callback-item').first().waitFor();
    await agent.getByTestId('callbacks').press('2');
    problems.push(...(await capture(agent, '06-callbacks', lang)));
    await ctx.close();

    const clerkCtx = await newPerson(browser, lang);
    const clerk = await signIn(clerkCtx, base, seed.users.clerk.username, password);
    await clerk.getByTestId('checklist').waitFor();
    await clerk.getByTestId('checklist').locator('input[type=checkbox]').first().check();
    problems.push(...(await capture(clerk, '03-window-intake', lang)));
    await clerk.goto(`${base}/tickets/${ids.noticeTicket}/notice`);
    await clerk.getByTestId('notice-sheet').waitFor();
    problems.push(...(await capture(clerk, '08-one-time-notice', lang)));
    await clerkCtx.close();

    const dispCtx = await newPerson(browser, lang);
    const dispatcher = await signIn(dispCtx, base, seed.users.dispatcher.username, password);
    await dispatcher.getByTestId('board-number').first().waitFor();
    problems.push(...(await capture(dispatcher, '04-dispatch-board', lang)));
    await dispatcher.goto(`${base}/tickets/${ids.open}`);
    await dispatcher.getByTestId('timeline-event').first().waitFor();
    problems.push(...(await capture(dispatcher, '05-order-detail', lang)));
    await dispatcher.getByTestId('action-suspend').click();
    await dispatcher.locator('.ant-modal').waitFor();
    problems.push(...(await capture(dispatcher, '05b-order-action', lang)));
    await dispCtx.close();

    const crewCtx = await newPerson(browser, lang, true);
    const crew = await signIn(crewCtx, base, seed.users.crew.username, password);
    await crew.getByTestId('crew-order').first().waitFor();
    // The zh-CN run took the order already; the en run finds it taken.
    if (await crew.getByTestId('crew-take').count()) await crew.getByTestId('crew-take').first().click();
    await crew.getByTestId('crew-resolve-open').first().click();
    problems.push(...(await capture(crew, '07-crew-phone', lang)));
    await crewCtx.close();

    const mgrCtx = await newPerson(browser, lang);
    const manager = await signIn(mgrCtx, base, seed.users.companyManager.username, password);
    await manager.getByTestId('trend-chart').locator('svg').first().waitFor();
    problems.push(...(await capture(manager, '09-figures', lang)));
    await mgrCtx.close();

    if (problems.length) console.log(JSON.stringify(problems, null, 1));
    expect(problems).toEqual([]);
  });
});
