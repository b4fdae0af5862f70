import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_JOBS } from '../../server/src/jobs/start-background.js';
import { startWorker } from '../../server/src/jobs/worker.js';
import { type Channel, ChannelError } from '../../server/src/notify/channel.js';
import { systemClock } from '../../server/src/shared/clock.js';
import { type Lang, launchBrowser, newPerson, screenshot, seriousViolations, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

let server: ConsoleServer;
let browser: Browser;
let worker: ReturnType<typeof startWorker>;

/**
 * An SMS channel the test opens and closes: while closed every send waits, so the console shows
 * messages still queued; once open they go out, except to the household in 东盛 (a number the
 * "provider" refuses for good), so the bars end with sent and failed.
 */
let openGate: () => void = () => {};
let gate = new Promise<void>((r) => (openGate = r));
const closeGate = () => (gate = new Promise<void>((r) => (openGate = r)));
const sms: Channel = {
  name: 'sms',
  ratePerSecond: 50,
  async send(msg) {
    await gate;
    if (msg.recipient.endsWith('20001')) throw new ChannelError('invalid number', false);
    return { providerId: `test-${msg.dedupKey}` };
  },
};

beforeAll(async () => {
  server = await startConsoleServer();
  browser = await launchBrowser();
  // The background worker a WARMLINE_ROLE=all process runs: clocks, jobs (resolve-linked) and the outbox.
  worker = startWorker({ db: server.db, clock: systemClock, jobs: ALL_JOBS, channels: { sms }, idleMs: 200 });
});
afterAll(async () => {
  openGate();
  await worker?.stop();
  await browser?.close();
  await server?.close();
});

/** "2026-11-21 09:00" in Shanghai time, as typed into the date pickers. */
const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function pickDate(page: Page, id: string, value: string) {
  await page.locator(`#${id}`).click();
  await page.locator(`#${id}`).fill(value);
  await page.locator(`#${id}`).press('Enter');
  await expect.poll(() => page.locator(`#${id}`).inputValue()).toBe(value);
}

async function capture(page: Page, name: string, lang: Lang) {
  await page.waitForTimeout(300);
  await screenshot(page, name, lang);
  return (await seriousViolations(page)).map((v) => ({ screen: `${name}.${lang}`, ...v }));
}

const text = (page: Page, testid: string) => page.getByTestId(testid).first().textContent();

describe.each(['zh-CN', 'en'] as const)('notices and urgings in %s', (lang) => {
  const en = lang === 'en';

  it('a manager publishes an outage for a station, watches delivery, the agent sees it at intake, and the manager ends it', async () => {
    const { base, seed, password, call } = server;
    const problems: unknown[] = [];
    const title = en ? 'Heping No. 1 station maintenance' : '和平1号换热站检修';
    closeGate();

    const mgrCtx = await newPerson(browser, lang);
    const manager = await signIn(mgrCtx, base, seed.users.companyManager.username, password);
    await manager.getByRole('link', { name: en ? 'Notices' : '停热公告' }).click();
    await manager.getByRole('heading', { level: 1, name: en ? 'Outage and early-warning notices' : '停热公告与预警' }).waitFor();
    await manager.getByTestId('notice-new').click();
    const form = manager.getByTestId('notice-form');
    await form.waitFor();

    // Nothing chosen yet: the form names what is missing instead of sending.
    await manager.getByTestId('notice-save-publish').click();
    await form
      .getByText(en ? 'Required' : '必填')
      .first()
      .waitFor();

    await manager.locator('#title').fill(title);
    await manager
      .locator('#message')
      .fill(en ? 'Heating is off 9:00–15:00 for maintenance. Please keep warm.' : '今日 9:00–15:00 停热检修，请注意保暖。');
    await pickDate(manager, 'startsAt', shanghai(Date.now() - 3600_000));
    await pickDate(manager, 'expectedEndAt', shanghai(Date.now() + 5 * 3600_000));
    await manager.locator('#nodeIds').click();
    await manager.locator('#nodeIds').fill('和平1号');
    await manager.locator('.ant-select-item-option').filter({ hasText: '和平1号换热站' }).click();
    await manager.locator('#title').click(); // close the dropdown
    problems.push(...(await capture(manager, '10-notice-form', lang)));
    await manager.getByTestId('notice-save-publish').click();

    // Published: four households under the station, every message still waiting for the provider.
    const detail = manager.getByTestId('notice-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('notice-status').getAttribute('data-status')).toBe('active');
    expect(await text(manager, 'notice-households')).toBe('4');
    await expect.poll(() => text(manager, 'delivery-waiting')).toBe('4');
    expect(await text(manager, 'delivery-sent')).toBe('0');
    await manager.getByTestId('notice-row').filter({ hasText: title }).waitFor();

    // The provider answers; the open page follows by itself, without a reload.
    openGate();
    await expect.poll(() => text(manager, 'delivery-sent'), { timeout: 20_000 }).toBe('3');
    await expect.poll(() => text(manager, 'delivery-failed')).toBe('1');
    expect(await text(manager, 'delivery-waiting')).toBe('0');
    problems.push(...(await capture(manager, '11-notice-delivery', lang)));

    // The agent sees the notice at intake for a household on that station, before filing.
    const agentCtx = await newPerson(browser, lang);
    const agent = await signIn(agentCtx, base, seed.users.agent.username, password);
    await agent.locator('#intake-search').fill('13900010001');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('active-notices').getByText(title).waitFor();
    await agentCtx.close();

    // An order filed for that household joins the notice; ending it can resolve the order too.
    const order = await call('agent', 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'heating-cold',
      description: en ? 'Radiators cold' : '暖气不热',
      premiseId: seed.premises.urban,
      contact: { name: '王大爷', phone: '13900010001' },
    });
    await manager.getByTestId('notice-row').filter({ hasText: title }).getByRole('button', { name: title }).click();
    await expect.poll(() => text(manager, 'notice-linked')).toBe('1');

    await manager.getByTestId('notice-end').click();
    await manager.getByTestId('notice-resolve-linked').click();
    problems.push(...(await capture(manager, '12-notice-end', lang)));
    await manager.getByTestId('notice-end-confirm').click();
    await expect.poll(() => manager.getByTestId('notice-detail').getByTestId('notice-status').getAttribute('data-status')).toBe('ended');
    await expect.poll(() => text(manager, 'restoration-sent'), { timeout: 20_000 }).toBe('3');
    expect(await text(manager, 'restoration-failed')).toBe('1');
    problems.push(...(await capture(manager, '12b-notice-ended', lang)));
    await expect.poll(async () => (await call('agent', 'GET', `/api/v1/tickets/${order.id}`)).status, { timeout: 20_000 }).toBe('resolved');
    const active = await call('agent', 'GET', `/api/v1/notices/active?premiseId=${seed.premises.urban}`);
    expect(active.items).toEqual([]);
    await mgrCtx.close();

    if (problems.length) console.log(JSON.stringify(problems, null, 1));
    expect(problems).toEqual([]);
  });

  it('a draft for chosen households waits under Drafts until it is published', async () => {
    const { base, seed, password, call } = server;
    const title = en ? 'Riser repair, Beishan' : '北山林场立管抢修';
    const ctx = await newPerson(browser, lang);
    const page = await signIn(ctx, base, seed.users.dispatcher.username, password);
    await page.goto(`${base}/notices`);
    await page.getByTestId('notice-new').click();
    await page.locator('#kind').click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: en ? 'Major repair' : '重大检修' })
      .click();
    await page.locator('#title').fill(title);
    await page.locator('#message').fill(en ? 'Heating off for a riser repair.' : '立管抢修，暂停供热。');
    await pickDate(page, 'startsAt', shanghai(Date.now() - 600_000));
    await page
      .getByTestId('notice-form')
      .getByText(en ? 'Households' : '用户', { exact: true })
      .click();
    await page.locator('#premiseIds').fill('13900010003');
    await page.locator('.ant-select-item-option').filter({ hasText: '北山林场5号' }).click();
    await page.getByTestId('notice-save-draft').click();

    const detail = page.getByTestId('notice-detail');
    await expect.poll(() => detail.getByTestId('notice-status').getAttribute('data-status')).toBe('draft');
    await expect.poll(() => page.getByRole('radio', { name: en ? 'Drafts' : '草稿' }).isChecked()).toBe(true);
    await page.getByTestId('notice-row').filter({ hasText: title }).waitFor();
    // A draft reaches nobody: the household's intake shows nothing yet.
    expect((await call('agent', 'GET', `/api/v1/notices/active?premiseId=${seed.premises.remote}`)).items).toEqual([]);

    // Publishing asks first, naming the one household it reaches.
    await page.getByTestId('notice-publish').click();
    await expect.poll(() => text(page, 'notice-preview-households')).toBe('1');
    await page.getByTestId('notice-publish-confirm').click();
    await expect.poll(() => detail.getByTestId('notice-status').getAttribute('data-status')).toBe('active');
    expect(await text(page, 'notice-households')).toBe('1');
    await expect.poll(() => text(page, 'delivery-sent'), { timeout: 20_000 }).toBe('1');
    expect(
      (await call('agent', 'GET', `/api/v1/notices/active?premiseId=${seed.premises.remote}`)).items.map((n: { title: string }) => n.title),
    ).toEqual([title]);

    await page.getByTestId('notice-end').click();
    await page.getByTestId('notice-end-confirm').click();
    await expect.poll(() => detail.getByTestId('notice-status').getAttribute('data-status')).toBe('ended');
    await ctx.close();
  });

  it('a missed deadline urges the station manager, who acknowledges it from the bell; the timeline reads it', async () => {
    const { base, seed, password, call, db } = server;
    const problems: unknown[] = [];
    const order = await call('agent', 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'heating-cold',
      description: en ? 'No heat since morning' : '早上起就不热',
      premiseId: seed.premises.urban,
      contact: { name: '王大爷', phone: '13900010001' },
    });
    // What twenty minutes of nobody responding would bring: the respond clock is past due; the worker's sweep fires the breach.
    const past = new Date(Date.now() - 60_000);
    await db
      .updateTable('ticket_timers')
      .set({ started_at: new Date(Date.now() - 20 * 60_000), deadline: past, next_due: past })
      .where('ticket_id', '=', order.id)
      .where('clock', '=', 'respond')
      .execute();
    await db.updateTable('tickets').set({ respond_by: past }).where('id', '=', order.id).execute();

    const ctx = await newPerson(browser, lang);
    const mgr = await signIn(ctx, base, seed.users.stationManager.username, password);
    const bell = mgr.getByTestId('bell');
    await expect.poll(async () => Number(await bell.getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThan(0);
    await bell.click();
    const drawer = mgr.getByTestId('bell-drawer');
    const urging = drawer.locator(`[data-testid="urging"][data-ticket="${order.number}"]`);
    await urging.waitFor();
    await drawer.getByTestId('notification').first().waitFor();
    problems.push(...(await capture(mgr, '13-urgings', lang)));

    await urging.getByRole('textbox').fill(en ? 'Crew sent, calling the household' : '已派维修工，正联系用户');
    await urging.getByTestId('urging-ack').click();
    await urging.waitFor({ state: 'detached' });
    const open = await call('stationManager', 'GET', `/api/v1/urgings?open=true&ticketId=${order.id}`);
    expect(open.items).toEqual([]);

    // The order's timeline names the breach, the urging and its acknowledgement in the interface language.
    await mgr.keyboard.press('Escape');
    await mgr.goto(`${base}/tickets/${order.id}`);
    const timeline = mgr.getByTestId('timeline-event');
    await timeline.filter({ hasText: en ? 'Urging acknowledged' : '催办已确认' }).waitFor();
    await timeline
      .filter({ hasText: en ? 'Deadline missed · ' : '超时 · ' })
      .first()
      .waitFor();
    // Steps the clocks took by themselves name the system as their actor.
    expect(
      await timeline
        .filter({ hasText: en ? 'Deadline missed · ' : '超时 · ' })
        .first()
        .textContent(),
    ).toContain(en ? '· System' : '· 系统');
    const urged = timeline.filter({ hasText: en ? 'Urged (escalated)' : '催办' }).first();
    expect(await urged.getByTestId('timeline-detail').textContent()).toBe(
      en ? 'Respond clock · station level · 和平一所' : '响应时限 · 供热所级 · 和平一所',
    );
    problems.push(...(await capture(mgr, '14-order-urged', lang)));
    await ctx.close();

    if (problems.length) console.log(JSON.stringify(problems, null, 1));
    expect(problems).toEqual([]);
  });
});
