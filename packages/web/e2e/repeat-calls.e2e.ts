import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lang, launchBrowser, PHONE, screenshot, seriousViolations, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

// Issue 15, missing steps 1 and 6: a repeat call joins the open order at intake (催单); a
// dispatcher closes a duplicate into the other order, with the link shown on both; a supervisor
// urges an order (督办) and the unit holding it acknowledges it from the bell.
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

const WIDE = { width: 1440, height: 900 };

async function person(lang: Lang, phone: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: phone ? PHONE : WIDE,
    isMobile: phone,
    hasTouch: phone,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript((l) => localStorage.setItem('warmline.lang', l), lang);
  return context;
}

const repair = (description: string) => ({
  kind: 'repair',
  channel: 'hotline',
  categoryCode: 'heating-cold',
  description,
  premiseId: server.seed.premises.urban,
  contact: { name: '王大爷', phone: '13900010001' },
});

describe.each([
  ['zh-CN', false],
  ['en', true],
  ['en', false],
  ['zh-CN', true],
] as const)('repeat calls and duplicates in %s (phone: %s)', (lang, phone) => {
  const en = lang === 'en';
  const size = phone ? '360' : '1440';

  it('the agent adds a repeat call to the open order and tells the caller its state and deadline', async () => {
    const open = await server.call('agent', 'POST', '/api/v1/tickets', repair('暖气不热'));
    const ctx = await person(lang, phone);
    const agent = await signIn(ctx, server.base, server.seed.users.agent.username, server.password);
    await agent.locator('#intake-search').fill('10001');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('household').waitFor();
    await agent.getByTestId('open-order').filter({ hasText: open.number }).waitFor();
    // Choosing the same category offers to add the call to the open order instead of filing another.
    await agent.getByRole('combobox', { name: en ? 'Category' : '类别' }).click();
    await agent.keyboard.type(en ? 'Radiator' : '暖气不热');
    await agent.keyboard.press('Enter');
    await agent.getByLabel(en ? 'Description' : '问题描述').fill(en ? 'Calls again: still cold' : '再次来电：仍然不热');
    const add = agent.getByRole('alert').getByTestId(`repeat-call-${open.number}`);
    await add.click();
    const told = agent.getByTestId('repeat-call-told');
    await told.waitFor();
    const text = (await told.textContent()) ?? '';
    expect(text).toContain(open.number);
    expect(text).toContain(en ? 'New' : '新建');
    expect(text).toMatch(en ? /respond by \S+ \d{2}:\d{2}/i : /响应时限 \S+ \d{2}:\d{2}/);
    await screenshot(agent, `repeat-call-intake-${size}`, lang);
    expect(await seriousViolations(agent)).toEqual([]);

    const after = await server.call('agent', 'GET', `/api/v1/tickets/${open.id}`);
    expect(after.repeatCalls).toBe(1);
    expect(after.events.at(-1)).toMatchObject({
      type: 'repeat_call',
      note: en ? 'Calls again: still cold' : '再次来电：仍然不热',
      data: { channel: 'hotline', status: 'new', clock: 'respond' },
    });
    // No second order was filed.
    const list = await server.call('agent', 'GET', `/api/v1/tickets?premiseId=${server.seed.premises.urban}&status=new&limit=200`);
    expect(
      list.items.filter((x: { description: string }) => x.description.includes('仍然不热') || x.description.includes('still cold')),
    ).toEqual([]);
    await ctx.close();
  });

  it('the dispatcher closes a duplicate into the first order, and each order links to the other', async () => {
    const first = await server.call('agent', 'POST', '/api/v1/tickets', repair('暖气不热（第一次）'));
    const second = await server.call('agent', 'POST', '/api/v1/tickets', repair('暖气不热（又报一次）'));
    const ctx = await person(lang, phone);
    const dispatcher = await signIn(ctx, server.base, server.seed.users.dispatcher.username, server.password);
    await dispatcher.goto(`${server.base}/tickets/${second.id}`);
    await dispatcher.getByTestId('action-merge').click();
    await dispatcher.getByRole('combobox', { name: en ? 'Merge into order' : '合并到工单' }).click();
    await dispatcher.keyboard.type(first.number);
    await dispatcher.keyboard.press('Enter');
    await dispatcher
      .locator('.ant-modal')
      .getByLabel(en ? 'Note' : '说明')
      .fill(en ? 'Same fault' : '同一故障');
    await screenshot(dispatcher, `merge-dialog-${size}`, lang);
    await dispatcher
      .locator('.ant-modal')
      .getByRole('button', { name: en ? 'OK' : /确\s*定/ })
      .click();
    await dispatcher.locator('.ant-modal').waitFor({ state: 'detached' });
    await dispatcher.getByTestId('duplicate-of').getByText(first.number).waitFor();
    await dispatcher.getByTestId('timeline-detail').filter({ hasText: first.number }).waitFor();
    await screenshot(dispatcher, `merge-duplicate-${size}`, lang);
    expect(await seriousViolations(dispatcher)).toEqual([]);

    await dispatcher.getByTestId('duplicate-of').click();
    await dispatcher.getByTestId('duplicates').getByRole('link', { name: second.number }).waitFor();
    await dispatcher.getByTestId('repeat-calls').waitFor();
    await screenshot(dispatcher, `merge-target-${size}`, lang);
    const merged = await server.call('dispatcher', 'GET', `/api/v1/tickets/${second.id}`);
    expect(merged).toMatchObject({ status: 'closed', duplicateOfId: first.id });
    await ctx.close();
  });

  it('a supervisor urges an order with a note and deadline; the crew holding it acknowledges from the bell', async () => {
    const order = await server.call('agent', 'POST', '/api/v1/tickets', repair('暖气不热（督办）'));
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${order.id}/actions`, {
      action: 'dispatch',
      unitId: server.seed.units.team,
      assigneeId: server.seed.users.crew.id,
    });
    const supCtx = await person(lang, phone);
    const sup = await signIn(supCtx, server.base, server.seed.users.supervisor.username, server.password);
    await sup.goto(`${server.base}/tickets/${order.id}`);
    await sup.getByTestId('action-supervise').click();
    const request = en ? 'Third call from the household: fix it today' : '住户第三次来电，今日务必修好';
    await sup
      .locator('.ant-modal')
      .getByLabel(en ? 'Note' : '说明')
      .fill(request);
    await sup.getByRole('combobox', { name: en ? 'Act within' : '办理时限' }).click();
    await sup.locator(`.ant-select-item-option[title="${en ? 'within 4 h' : '4 小时内'}"]`).click();
    await screenshot(sup, `supervise-dialog-${size}`, lang);
    await sup
      .locator('.ant-modal')
      .getByRole('button', { name: en ? 'OK' : /确\s*定/ })
      .click();
    await sup.locator('.ant-modal').waitFor({ state: 'detached' });
    await sup
      .getByTestId('timeline-detail')
      .filter({ hasText: en ? 'to 维修一班 · by' : '承办单位 维修一班' })
      .waitFor();
    await screenshot(sup, `supervise-timeline-${size}`, lang);
    const after = await server.call('supervisor', 'GET', `/api/v1/tickets/${order.id}`);
    const event = after.events.at(-1);
    expect(event).toMatchObject({ type: 'supervised', note: request, data: { unitId: server.seed.units.team } });
    const hours = (Date.parse(event.data.dueBy) - Date.parse(event.at)) / 3_600_000;
    expect(hours).toBeCloseTo(4, 1);
    await supCtx.close();

    const crewCtx = await person(lang, phone);
    const crew = await signIn(crewCtx, server.base, server.seed.users.crew.username, server.password);
    const bell = crew.getByTestId('bell');
    await expect.poll(async () => Number(await bell.getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThan(0);
    await bell.click();
    const urging = crew.getByTestId('bell-drawer').locator(`[data-testid="urging"][data-ticket="${order.number}"]`);
    await urging.getByText(request).waitFor();
    await urging.getByText(en ? 'Supervision' : '督办', { exact: true }).waitFor();
    await screenshot(crew, `supervise-bell-${size}`, lang);
    expect(await seriousViolations(crew)).toEqual([]);
    await urging.getByRole('textbox').fill(en ? 'Going this afternoon' : '下午到场');
    await urging.getByTestId('urging-ack').click();
    await urging.waitFor({ state: 'detached' });
    const done = await server.call('crew', 'GET', `/api/v1/tickets/${order.id}`);
    expect(done.events.at(-1)).toMatchObject({
      type: 'urging_acknowledged',
      actorId: server.seed.users.crew.id,
      data: { kind: 'supervision' },
    });
    await crewCtx.close();
  });

  it('closing a resolved order without a callback asks for the reason and keeps it', async () => {
    const order = await server.call('agent', 'POST', '/api/v1/tickets', repair('暖气不热（未回访办结）'));
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${order.id}/actions`, {
      action: 'dispatch',
      unitId: server.seed.units.team,
      assigneeId: server.seed.users.crew.id,
    });
    await server.call('crew', 'POST', `/api/v1/tickets/${order.id}/actions`, { action: 'take' });
    await server.call('crew', 'POST', `/api/v1/tickets/${order.id}/actions`, { action: 'resolve', note: '排气后恢复' });
    const ctx = await person(lang, phone);
    const agent = await signIn(ctx, server.base, server.seed.users.agent.username, server.password);
    await agent.goto(`${server.base}/tickets/${order.id}`);
    await agent.getByTestId('action-close').click();
    const ok = agent.locator('.ant-modal').getByRole('button', { name: en ? 'OK' : /确\s*定/ });
    await ok.click();
    await agent.locator('.ant-modal .ant-form-item-explain-error').waitFor();
    expect((await server.call('agent', 'GET', `/api/v1/tickets/${order.id}`)).status).toBe('resolved');
    const reason = en ? 'Phone disconnected, nobody at home twice' : '住户电话停机，两次上门未遇';
    await agent
      .locator('.ant-modal')
      .getByLabel(en ? 'Note' : '说明')
      .fill(reason);
    await ok.click();
    await agent.locator('.ant-modal').waitFor({ state: 'detached' });
    await screenshot(agent, `close-without-callback-${size}`, lang);
    const closed = await server.call('agent', 'GET', `/api/v1/tickets/${order.id}`);
    expect(closed.status).toBe('closed');
    expect(closed.events.at(-1)).toMatchObject({ type: 'closed', note: reason, data: { withoutCallback: true } });
    await ctx.close();
  });
});
