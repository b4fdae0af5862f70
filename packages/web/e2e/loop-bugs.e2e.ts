import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, launchBrowser, newPerson, PHONE, screenshot, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

// Issue 15, "Bugs seen" 1–9: each as the person who met it would notice it.

// A 1×1 PNG, as a resident's phone would send (the portal re-encodes it as JPEG).
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let server: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Problems = { errors: string[]; notFound: string[] };
/** Uncaught errors and failed requests a page reports in the browser's console (bug 7). */
function watch(page: Page): Problems {
  const p: Problems = { errors: [], notFound: [] };
  page.on('pageerror', (e) => p.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') p.errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() === 404) p.notFound.push(r.url());
  });
  return p;
}

const repair = (description: string, premiseId = server.seed.premises.urban) =>
  server.call('agent', 'POST', '/api/v1/tickets', {
    kind: 'repair',
    channel: 'hotline',
    categoryCode: 'heating-cold',
    description,
    premiseId,
    contact: { name: '王大爷', phone: '13900010001' },
  });
const act = (user: 'agent' | 'dispatcher' | 'crew' | 'admin', id: string, body: Record<string, unknown>) =>
  server.call(user, 'POST', `/api/v1/tickets/${id}/actions`, body);
/** An order resolved by the crew, waiting for its callback. */
async function resolved(description: string) {
  const t = await repair(description);
  await act('dispatcher', t.id, { action: 'dispatch', unitId: server.seed.units.team, assigneeId: server.seed.users.crew.id });
  await act('crew', t.id, { action: 'take' });
  await act('crew', t.id, { action: 'resolve', note: '排气后恢复' });
  return t as { id: string; number: string };
}

/** The time in Shanghai (the tenant's zone) as "YYYY-MM-DD HH:mm". */
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('the order page', () => {
  it('1, 2, 7: a portal photo shows in the console; dispatch and transfer name the unit and crew; no 404 or uncaught error', async () => {
    const form = new FormData();
    form.append('category', 'heating-cold');
    form.append('address', '和平区幸福小区3号楼2单元501');
    form.append('premiseId', server.seed.premises.urban);
    form.append('description', '暖气片冰凉，见照片');
    form.append('phone', '13800007777');
    form.append('photos', new Blob([new Uint8Array(PHOTO)], { type: 'image/png' }), 'radiator.png');
    const filed = await fetch(`${server.base}/portal/report`, { method: 'POST', body: form, redirect: 'manual' });
    expect(filed.status).toBe(303);
    const list = await server.call('admin', 'GET', '/api/v1/tickets?limit=50');
    const web = list.items.find((x: { channel: string }) => x.channel === 'web');
    await act('dispatcher', web.id, { action: 'dispatch', unitId: server.seed.units.team, assigneeId: server.seed.users.crew.id });
    await act('dispatcher', web.id, { action: 'transfer', unitId: server.seed.units.station });

    const ctx = await newPerson(browser, 'zh-CN');
    const admin = await signIn(ctx, server.base, server.seed.users.admin.username, server.password);
    const problems = watch(admin);
    await admin.goto(`${server.base}/tickets/${web.id}`);
    const image = admin.locator('img[data-testid="attachment-image"], [data-testid="attachment-image"] img').first();
    await image.waitFor();
    // A real picture, not the grey placeholder: the browser decoded it.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const details = await admin.getByTestId('timeline-detail').allTextContents();
    expect(details).toContain('派往 维修一班 · crew');
    expect(details).toContain('由 维修一班 转派至 和平一所');
    await screenshot(admin, 'bugs-order-photo', 'zh-CN');
    expect(problems.notFound).toEqual([]);
    expect(problems.errors).toEqual([]);
    await ctx.close();
  });

  it('2: a reopened order reaches the crew with what the resident said', async () => {
    const t = await resolved('客厅暖气不热');
    await act('agent', t.id, { action: 'callback', satisfaction: 1, note: '客厅还是只有15度' });
    const ctx = await newPerson(browser, 'zh-CN', true);
    const crew = await signIn(ctx, server.base, server.seed.users.crew.username, server.password);
    const card = crew.locator(`[data-testid="crew-order"][data-number="${t.number}"]`);
    await card.getByTestId('crew-reopen-note').getByText('客厅还是只有15度').waitFor();
    await screenshot(crew, 'bugs-crew-reopened', 'zh-CN');
    await ctx.close();
  });
});

describe('time zones (bug 3)', () => {
  it('a notice end picked as 18:00 on a device set to New York is 18:00 in Shanghai; the picker speaks Chinese; the board clock is Shanghai time', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'America/New_York' });
    await ctx.addInitScript(() => localStorage.setItem('warmline.lang', 'zh-CN'));
    const page = await signIn(ctx, server.base, server.seed.users.dispatcher.username, server.password);
    const problems = watch(page);
    await page.goto(`${server.base}/notices`);
    await page.getByTestId('notice-new').click();
    await page.locator('#title').fill('幸福小区换热站检修');
    await page.locator('#message').fill('今日检修停热，18时恢复。');
    const day = shanghai(Date.now() + 24 * 3600_000).slice(0, 10);
    await page.locator('#startsAt').click();
    // Weekdays and months in Chinese, as antd's zh-CN picker should show them.
    const weekdays = await page.locator('.ant-picker-dropdown:visible .ant-picker-content thead th').allTextContents();
    expect(weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    await page.locator('#startsAt').fill(`${day} 09:00`);
    await page.locator('#startsAt').press('Enter');
    await page.locator('#expectedEndAt').click();
    await page.locator('#expectedEndAt').fill(`${day} 18:00`);
    await page.locator('#expectedEndAt').press('Enter');
    await page.locator('#nodeIds').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '和平1号换热站' }).click();
    await page.locator('#title').click();
    await page.getByTestId('notice-save-draft').click();
    await page.getByTestId('notice-detail').waitFor();
    const notices = await server.call('dispatcher', 'GET', '/api/v1/notices?status=draft');
    const saved = notices.items.find((n: { title: string }) => n.title === '幸福小区换热站检修');
    expect(new Date(saved.startsAt).toISOString()).toBe(new Date(`${day}T09:00:00+08:00`).toISOString());
    expect(new Date(saved.expectedEndAt).toISOString()).toBe(new Date(`${day}T18:00:00+08:00`).toISOString());
    // The notice's window on the page reads as it was picked.
    await page.getByTestId('notice-detail').getByText(/18:00/).waitFor();

    await page.goto(`${server.base}/board`);
    const updated = page.getByTestId('board-updated');
    await updated.getByText(/已更新/).waitFor();
    const [, hh, mm] = /(\d{2}):(\d{2}):\d{2}/.exec((await updated.textContent()) ?? '') ?? [];
    const shown = Number(hh) * 60 + Number(mm);
    const [sh, sm] = shanghai(Date.now()).slice(11).split(':').map(Number);
    const diff = Math.abs(shown - (sh! * 60 + sm!));
    expect(Math.min(diff, 1440 - diff)).toBeLessThanOrEqual(2);
    expect(problems.errors).toEqual([]);
    await ctx.close();
  });
});

describe('notices (bugs 4 and 8)', () => {
  it('a notice for a building that does not exist is refused and says why; the kind reads 临时停热 as on the public page', async () => {
    const ctx = await newPerson(browser, 'zh-CN');
    const page = await signIn(ctx, server.base, server.seed.users.dispatcher.username, server.password);
    await page.goto(`${server.base}/notices`);
    await page.getByTestId('notice-new').click();
    await page.locator('#kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '临时停热' }).click();
    await page.locator('#title').fill('99号楼抢修');
    await page.locator('#message').fill('管道抢修，临时停热。');
    await page.locator('#startsAt').click();
    await page.locator('#startsAt').fill(shanghai(Date.now()));
    await page.locator('#startsAt').press('Enter');
    await page.getByTestId('notice-form').getByText('楼栋', { exact: true }).click();
    await page.locator('#buildingsText').fill('幸福小区 / 99号楼');
    await page.getByTestId('notice-save-publish').click();
    await page.getByTestId('notice-form').getByText('所选范围内没有用户，公告未发布', { exact: false }).waitFor();
    expect(await page.getByText('正在通知').count()).toBe(0);
    await screenshot(page, 'bugs-notice-nobody', 'zh-CN');
    const all = await server.call('dispatcher', 'GET', '/api/v1/notices');
    expect(all.items.some((n: { title: string }) => n.title === '99号楼抢修')).toBe(false);
    await ctx.close();
  });
});

describe('callbacks by keyboard (bug 5)', () => {
  it('ratings follow one another by keyboard, Enter in the note submits, and the rating card stays in sight', async () => {
    const orders: { id: string; number: string }[] = [];
    for (let i = 0; i < 14; i++) orders.push(await resolved(`回访测试 ${i + 1}`));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 600 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await ctx.addInitScript(() => localStorage.setItem('warmline.lang', 'zh-CN'));
    const page = await signIn(ctx, server.base, server.seed.users.agent.username, server.password);
    const problems = watch(page);
    await page.goto(`${server.base}/callbacks`);
    await page.getByTestId('callback-item').first().waitFor();
    const waiting = async () => (await page.getByTestId('callback-item').count()) as number;
    const before = await waiting();

    await page.keyboard.press('4');
    await page.keyboard.press('Enter');
    await expect.poll(waiting).toBe(before - 1);
    // Focus stayed with the panel: the next rating needs no click.
    await page.keyboard.press('5');
    await page.keyboard.press('Enter');
    await expect.poll(waiting).toBe(before - 2);

    // Enter in the note submits (Shift+Enter would start a line).
    await page.keyboard.press('3');
    await page.locator('#callback-remark').click();
    await page.keyboard.type('住户说已经暖和了');
    await page.keyboard.press('Enter');
    await expect.poll(waiting).toBe(before - 3);
    const noted = await Promise.all(orders.map((o) => server.call('agent', 'GET', `/api/v1/tickets/${o.id}`)));
    const callback = noted.flatMap((t) => t.events).find((e: { type: string; note: string | null }) => e.type === 'callback' && e.note);
    expect(callback.note).toBe('住户说已经暖和了');

    // The last order in a long list: its rating card is on screen beside it.
    await page.getByTestId('callback-item').last().click();
    const box = await page.getByTestId('callback-panel').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(600);
    await page.keyboard.press('4');
    await expect.poll(() => page.getByTestId('level-text').textContent()).toBe('满意');
    expect(problems.errors).toEqual([]);
    await ctx.close();
  });
});

describe('intake (bugs 6, 7 and 8)', () => {
  it('refuses an empty answer and a malformed phone with the right words, files with Ctrl+Enter from the look-up box, keeps its "just filed" list', async () => {
    const old = await resolved('上月的报修');
    await act('agent', old.id, { action: 'callback', satisfaction: 5 });
    const ctx = await newPerson(browser, 'zh-CN');
    const agent = await signIn(ctx, server.base, server.seed.users.agent.username, server.password);
    const problems = watch(agent);
    await agent.locator('#intake-search').fill('10002');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('household').getByText('东郊乡前进村12号').waitFor();
    await agent.keyboard.type('咨询');
    await agent.keyboard.press('Enter');
    await agent.getByRole('combobox', { name: '类别' }).click();
    await agent.keyboard.type('业务咨询');
    await agent.keyboard.press('Enter');
    await agent.getByLabel('问题描述').fill('什么时候开始供暖？');

    // An answer is required to close on the spot.
    await agent.getByTestId('answer-close').click();
    await agent.getByText('请先填写答复内容，再当场办结').waitFor();
    // A malformed phone is not an empty one.
    await agent.getByLabel('联系电话').fill('12ab');
    await agent.getByTestId('file-order').click();
    await agent.getByText('联系电话格式不对', { exact: false }).waitFor();
    expect(await agent.getByText('请填写联系电话').count()).toBe(0);
    await agent.getByLabel('联系电话').fill('13900010002');
    await agent.getByLabel('答复内容').fill('11月1日开始供暖。');

    // Ctrl+Enter from the look-up box, where focus sits after each filing.
    await agent.locator('#intake-search').click();
    await agent.keyboard.press('Control+Enter');
    const item = agent.getByTestId('filed-item').first();
    await item.waitFor();
    const number = (await item.locator('a').first().textContent())!.trim();
    expect(await agent.locator('#intake-search').inputValue()).toBe('');
    // Validation failures above threw nothing uncaught.
    expect(problems.errors).toEqual([]);

    // "刚刚受理" is still there after visiting the order and coming back.
    await item.locator('a').first().click();
    await agent.getByTestId('timeline-event').first().waitFor();
    await agent.getByRole('button', { name: /^返\s*回$/ }).click();
    await agent.getByTestId('filed-item').getByText(number).waitFor();

    // Closed orders are not listed under "未办结工单".
    await agent.locator('#intake-search').fill('10001');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('history').waitFor();
    await agent.getByTestId('closed-history').getByText(old.number).waitFor();
    expect(await agent.getByTestId('open-history').getByText(old.number).count()).toBe(0);
    await screenshot(agent, 'bugs-intake', 'zh-CN');
    await ctx.close();
  });

  it('8: "返回" from an order keeps the board’s filters', async () => {
    const t = await repair('楼道暖气漏水');
    await act('dispatcher', t.id, { action: 'dispatch', unitId: server.seed.units.team });
    const ctx = await newPerson(browser, 'zh-CN');
    const page = await signIn(ctx, server.base, server.seed.users.dispatcher.username, server.password);
    await page.locator('.ant-segmented-item').filter({ hasText: '已派待接' }).click();
    await page.getByPlaceholder('搜索单号、地址或电话').fill('幸福小区');
    await page.getByTestId('board-number').first().click();
    await page.getByTestId('timeline-event').first().waitFor();
    await page.getByRole('button', { name: /^返\s*回$/ }).click();
    await page.getByTestId('board-number').first().waitFor();
    expect(await page.getByRole('radio', { name: '已派待接' }).isChecked()).toBe(true);
    expect(await page.getByPlaceholder('搜索单号、地址或电话').inputValue()).toBe('幸福小区');
    await ctx.close();
  });
});

describe.each(['zh-CN', 'en'] as const)('at 360 px in %s (bug 9)', (lang: Lang) => {
  const en = lang === 'en';
  /** The page fits the phone's width: nothing pushes it sideways. */
  const fits = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  async function phone(user: 'companyManager' | 'agent' | 'dispatcher'): Promise<[BrowserContext, Page]> {
    const ctx = await newPerson(browser, lang, true);
    return [ctx, await signIn(ctx, server.base, server.seed.users[user].username, server.password)];
  }

  it('a manager reaches every screen from the menu, and the board is a list of cards', async () => {
    await repair(en ? 'Radiator cold in the bedroom' : '卧室暖气片不热');
    const [ctx, page] = await phone('companyManager');
    await page.getByTestId('menu-button').click();
    const menu = page.getByTestId('mobile-menu');
    const names = en ? ['Dispatch board', 'Callbacks', 'Figures', 'Notices'] : ['调度看板', '回访队列', '服务指标', '停热公告'];
    for (const name of names) await menu.getByRole('link', { name, exact: false }).first().waitFor();
    await screenshot(page, 'bugs-360-menu', lang);
    await menu.getByRole('link', { name: en ? 'Figures' : '服务指标' }).click();
    await page.waitForURL('**/figures');
    await expect.poll(() => menu.isVisible()).toBe(false);
    await page.getByTestId('trend-chart').waitFor();
    await fits(page);
    await screenshot(page, 'bugs-360-figures', lang);

    await page.getByTestId('menu-button').click();
    await menu.getByRole('link', { name: en ? 'Notices' : '停热公告' }).click();
    await page.waitForURL('**/notices');
    await page.getByTestId('notice-new').waitFor();
    await fits(page);
    await screenshot(page, 'bugs-360-notices', lang);

    await page.goto(`${server.base}/board`);
    const card = page.getByTestId('board-card').first();
    await card.waitFor();
    // A card is as wide as the phone allows and its number reads on one line.
    const number = card.getByTestId('board-number');
    const box = (await number.boundingBox())!;
    expect(box.height).toBeLessThan(30);
    expect(box.width).toBeGreaterThan(60);
    await fits(page);
    await screenshot(page, 'bugs-360-board', lang);

    await number.click();
    await page.getByTestId('timeline-event').first().waitFor();
    await fits(page);
    await screenshot(page, 'bugs-360-order', lang);

    await page.goto(`${server.base}/callbacks`);
    await page.getByTestId('callbacks').waitFor();
    await fits(page);
    await screenshot(page, 'bugs-360-callbacks', lang);
    await ctx.close();
  });

  it('the hotline desk works at 360 px', async () => {
    const [ctx, page] = await phone('agent');
    await page.locator('#intake-search').fill('10001');
    await page.locator('#intake-search').press('Enter');
    await page.getByTestId('household').waitFor();
    await fits(page);
    await screenshot(page, 'bugs-360-intake', lang);
    await ctx.close();
  });
});
