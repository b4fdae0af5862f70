import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, launchBrowser, newPerson, screenshot, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

// Issue 10, "Done when": a complaint escalated from the 95598 supervision centre is filed at the
// intake, investigated, ruled verified, charged, rectified, answered and closed — each step by
// the person who would take it, in their own browser and language.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
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

/** A wall-clock time `days` from now in Asia/Shanghai, as a datetime-local field takes it. */
const localIn = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
const ok = (page: Page) => page.locator('.ant-modal-footer .ant-btn-primary').click();
const choose = async (page: Page, label: string, text: string) => {
  await page.getByRole('combobox', { name: label }).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
};
const shots = async (page: Page, name: string, lang: Lang) => {
  await page.waitForTimeout(400);
  await screenshot(page, name, lang);
};

describe('a complaint escalated from 95598', () => {
  it('is filed, investigated, ruled, charged, rectified, answered and closed by the people who do it', async () => {
    const repair = await server.call('agent', 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'heating-cold',
      description: '暖气不热，维修工态度差',
      premiseId: server.seed.premises.urban,
      contact: { name: '王大爷', phone: '13900010001' },
    });

    // The hotline agent files the escalated complaint against that repair.
    const agentCtx = await newPerson(browser, 'en');
    const agent = await signIn(agentCtx, server.base, server.seed.users.agent.username, server.password);
    await agent.locator('#intake-search').fill('10001');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('household').waitFor();
    await agent.keyboard.type('Complaint');
    await agent.keyboard.press('Enter');
    await choose(agent, 'Category', 'Service complaint');
    await agent.getByLabel('Description').fill('95598 transfer: the repairman was rude and the radiator is still cold');
    const intake = agent.getByTestId('complaint-intake');
    await intake.getByLabel('Escalated').check();
    await choose(agent, 'Outside body', '95598');
    await intake.getByLabel('External reference').fill('GD-95598-0042');
    await intake.getByLabel('Received by the outside body').fill(localIn(-0.1));
    await intake.getByLabel('Outside deadline').fill(localIn(5));
    await intake.getByLabel('Written reply expected').check();
    await choose(agent, 'Sub-type', 'Attitude');
    await intake.getByLabel('An order').check();
    await choose(agent, 'Order complained about', repair.number);
    await screenshot(agent, 'complaint-intake', 'en');
    await agent.getByTestId('file-order').click();
    const filed = agent.getByTestId('filed-item').first();
    await filed.waitFor();
    const number = (await filed.locator('a').first().textContent())!.trim();
    const list = await server.call('supervisor', 'GET', '/api/v1/complaints?view=all');
    const id = list.items.find((x: { number: string }) => x.number === number).id as string;
    const filedCase = await server.call('supervisor', 'GET', `/api/v1/tickets/${id}`);
    expect(filedCase.channel).toBe('escalated');
    expect(filedCase.source).toEqual({ body: '95598', reference: 'GD-95598-0042' });
    expect(filedCase.complaint).toMatchObject({
      subType: 'attitude',
      subject: { type: 'order', ticketId: repair.id },
      source: { writtenReplyExpected: true },
    });

    // The group accepts it and routes it to the company, whose dispatcher takes it in hand.
    await server.call('agent', 'POST', `/api/v1/tickets/${id}/actions`, { action: 'accept' });
    await server.call('admin', 'POST', `/api/v1/tickets/${id}/actions`, { action: 'dispatch', unitId: server.seed.units.heping });
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${id}/actions`, { action: 'take' });

    // The quality supervisor finds it on the desk, investigates, rules and charges, and orders the rectification.
    const supCtx = await newPerson(browser, 'zh-CN');
    const sup = await signIn(supCtx, server.base, server.seed.users.supervisor.username, server.password);
    await sup.goto(`${server.base}/complaints`);
    await sup.getByRole('tab', { name: '全部' }).click();
    const item = sup.getByTestId('desk-item').filter({ hasText: number });
    await item.getByText('GD-95598-0042').waitFor();
    await shots(sup, 'complaint-desk', 'zh-CN');
    await item.getByRole('link', { name: number }).click();
    const panel = sup.getByTestId('complaint-panel');
    await panel.waitFor();
    await panel.getByTestId('cp-investigator').click();
    await choose(sup, '调查人', 'supervisor');
    await ok(sup);
    await panel.getByText('supervisor').first().waitFor();
    await panel.getByTestId('cp-note').click();
    await sup.getByLabel('说明').fill('调取95598录音并走访用户，维修工承认语气生硬');
    await ok(sup);
    await sup.getByText('调取95598录音并走访用户，维修工承认语气生硬').waitFor();
    await panel.getByTestId('cp-rule').click();
    await sup.getByLabel('属实', { exact: true }).check();
    await choose(sup, '责任单位', '和平一所');
    await choose(sup, '责任人', 'crew');
    await sup.locator('.ant-modal-title').click(); // closes the multiple choice's list
    await sup.getByLabel('通报批评').check();
    await sup.getByLabel('定性理由').fill('录音证实态度生硬，属实');
    await ok(sup);
    await expect.poll(async () => panel.getByTestId('ruling').textContent()).toBe('属实');
    await panel.getByTestId('cp-rectify').click();
    await choose(sup, '整改负责人', 'stationmgr');
    await sup.getByLabel('整改期限').fill(localIn(3));
    await sup.getByLabel('整改要求').fill('对维修工进行服务规范培训并上门致歉');
    await ok(sup);
    await expect.poll(async () => panel.getByTestId('rect-status').textContent()).toBe('整改中');
    await shots(sup, 'complaint-case', 'zh-CN');

    // The station manager of the charged station reports the rectification with evidence.
    const mgrCtx = await newPerson(browser, 'en');
    const mgr = await signIn(mgrCtx, server.base, server.seed.users.stationManager.username, server.password);
    // The case stays with the company; the station works its task from the rectification list.
    await mgr.goto(`${server.base}/complaints`);
    await mgr.getByRole('tab', { name: 'Rectifications' }).click();
    const task = mgr.getByTestId('rect-item').filter({ hasText: '对维修工进行服务规范培训并上门致歉' });
    await task.getByTestId('rect-submit').click();
    await mgr.getByLabel('Note').fill('Training held; the repairman apologised in person');
    await mgr.locator('.ant-modal input[type=file]').setInputFiles({ name: 'training.pdf', mimeType: 'application/pdf', buffer: PDF });
    await ok(mgr);
    await expect.poll(async () => task.getByTestId('rect-item-status').textContent()).toBe('Awaiting verification');
    await shots(mgr, 'complaint-rectifications', 'en');

    // The supervisor verifies it and writes to 95598; the agent tells the resident.
    await sup.reload();
    await panel.getByTestId('cp-review').click();
    await ok(sup);
    await expect.poll(async () => panel.getByTestId('rect-status').textContent()).toBe('已验证');
    await agent.goto(`${server.base}/tickets/${id}`);
    const agentPanel = agent.getByTestId('complaint-panel');
    await agentPanel.getByTestId('cp-reply').click();
    await agent.getByLabel('What was said').fill('Apologised; the station retrained the repairman');
    await agent.getByLabel('Complainant accepts').check();
    await ok(agent);
    await agentPanel.getByTestId('reply').first().waitFor();
    await sup.reload();
    await panel.getByTestId('cp-reply').click();
    await sup.getByLabel('转办机构', { exact: true }).check();
    await choose(sup, '答复方式', '书面文件');
    await sup.getByLabel('答复内容').fill('关于GD-95598-0042的核查处理报告');
    await ok(sup);
    await expect.poll(async () => panel.getByTestId('reply').count()).toBe(2);
    await expect.poll(async () => panel.getByTestId('outside-clock').textContent()).toBe('已按期答复');

    // The company dispatcher resolves it; the agent's callback closes it.
    const dispCtx = await newPerson(browser, 'zh-CN');
    const disp = await signIn(dispCtx, server.base, server.seed.users.dispatcher.username, server.password);
    await disp.goto(`${server.base}/tickets/${id}`);
    await disp.getByTestId('action-resolve').click();
    await disp.locator('.ant-modal textarea').fill('已定性、整改并答复');
    await ok(disp);
    await expect.poll(async () => (await server.call('dispatcher', 'GET', `/api/v1/tickets/${id}`)).status).toBe('resolved');
    await server.call('agent', 'POST', `/api/v1/tickets/${id}/actions`, { action: 'callback', satisfaction: 4, note: '满意' });

    const done = await server.call('supervisor', 'GET', `/api/v1/tickets/${id}`);
    expect(done.status).toBe('closed');
    expect(done.complaint).toMatchObject({
      ruling: 'verified',
      chargedUnitId: server.seed.units.station,
      chargedUserIds: [server.seed.users.crew.id],
      measures: ['criticism'],
      rectification: { status: 'verified' },
      source: { clock: 'met' },
    });
    expect(done.complaint.replies.map((r: { audience: string }) => r.audience)).toEqual(['complainant', 'body']);
    expect(done.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'complaint_filed',
        'investigator_assigned',
        'investigation_note',
        'ruled',
        'rectification_verified',
        'replied',
        'closed',
      ]),
    );

    // The escalation counts where the figures count complaints by outside body.
    const all = await server.call('supervisor', 'GET', '/api/v1/complaints?view=all');
    expect(all.items.filter((x: { sourceBody: string | null }) => x.sourceBody === '95598')).toHaveLength(1);
    for (const c of [agentCtx, supCtx, mgrCtx, dispCtx]) await c.close();
  });

  it.each(['zh-CN', 'en'] as const)('the desk and the case page fit a 360 px phone (%s)', async (lang) => {
    const ctx = await newPerson(browser, lang, true);
    const page = await signIn(ctx, server.base, server.seed.users.supervisor.username, server.password);
    await page.goto(`${server.base}/complaints?view=all`);
    await page.getByRole('tab').nth(3).click();
    await page.getByTestId('desk-item').first().waitFor();
    await shots(page, 'complaint-desk-phone', lang);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByTestId('desk-item').first().locator('a').first().click();
    await page.getByTestId('complaint-panel').waitFor();
    await shots(page, 'complaint-case-phone', lang);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    if (lang === 'en') await shots(page, 'complaint-case-phone', lang);
    await ctx.close();
  });
});
