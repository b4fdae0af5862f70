import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

// A 1×1 PNG.
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

describe('at the desk', () => {
  it('a consultation is answered and closed on the spot, with the agent as first-contact owner', async () => {
    const ctx = await newPerson(browser, 'en');
    const agent = await signIn(ctx, server.base, server.seed.users.agent.username, server.password);
    await agent.locator('#intake-search').fill('10002');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('household').getByText('东郊乡前进村12号').waitFor();
    // Kind is focused after the look-up: choose "Consultation" by typing.
    await agent.keyboard.type('Consult');
    await agent.keyboard.press('Enter');
    await agent.getByRole('combobox', { name: 'Category' }).click();
    await agent.keyboard.type('Consultation');
    await agent.keyboard.press('Enter');
    await agent.getByLabel('Description').fill('When does the heating season start?');
    await agent.getByLabel('Answer given').fill('On 1 November; full temperature from the 15th.');
    await agent.getByTestId('answer-close').click();
    const item = agent.getByTestId('filed-item').first();
    await item.getByText('Closed').waitFor();
    const number = (await item.locator('a').first().textContent())!.trim();
    const list = await server.call('agent', 'GET', `/api/v1/tickets?premiseId=${server.seed.premises.rural}`);
    const t = await server.call('agent', 'GET', `/api/v1/tickets/${list.items.find((x: { number: string }) => x.number === number).id}`);
    expect(t.status).toBe('closed');
    expect(t.kind).toBe('consultation');
    expect(t.firstContactUserId).toBe(server.seed.users.agent.id);
    expect(t.events.at(-1).note).toBe('On 1 November; full temperature from the 15th.');
    await ctx.close();
  });

  it('a window request keeps its one-time notice of missing materials, ready to print', async () => {
    const ctx = await newPerson(browser, 'zh-CN');
    const clerk = await signIn(ctx, server.base, server.seed.users.clerk.username, server.password);
    await clerk.waitForURL('**/intake');
    await clerk.locator('#intake-search').fill('10001');
    await clerk.locator('#intake-search').press('Enter');
    await clerk.getByTestId('household').waitFor();
    await clerk.keyboard.type('咨询');
    await clerk.keyboard.press('Enter');
    await clerk.getByRole('combobox', { name: '类别' }).click();
    await clerk.keyboard.type('窗口');
    await clerk.keyboard.press('Enter');
    await clerk.getByLabel('问题描述').fill('办理供热过户');
    await clerk.getByTestId('checklist').getByLabel('身份证原件及复印件').check();
    await clerk.getByTestId('checklist').getByLabel('供热合同').check();
    await clerk.getByTestId('file-order').click();
    const item = clerk.getByTestId('filed-item').first();
    await item.getByRole('link', { name: '打印告知单' }).click();
    const sheet = clerk.getByTestId('notice-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('li').allTextContents()).toEqual(['身份证原件及复印件', '供热合同']);
    await ctx.close();
  });

  it('the order page offers exactly the actions the server allows and attaches a photo to a step', async () => {
    const t = await server.call('agent', 'POST', '/api/v1/tickets', {
      kind: 'repair',
      channel: 'hotline',
      categoryCode: 'leak',
      description: '楼道暖气管漏水',
      premiseId: server.seed.premises.urban,
      contact: { name: '王大爷', phone: '13900010001' },
    });
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${t.id}/actions`, { action: 'dispatch', unitId: server.seed.units.team });
    const ctx = await newPerson(browser, 'en');
    const dispatcher = await signIn(ctx, server.base, server.seed.users.dispatcher.username, server.password);
    await dispatcher.goto(`${server.base}/tickets/${t.id}`);
    await dispatcher.getByTestId('timeline-event').first().waitFor();
    // The first-contact owner sits outside the dispatcher's subtree and is still named.
    await dispatcher.getByTestId('first-contact').getByText('agent', { exact: true }).waitFor();
    const shown = (
      await dispatcher.locator('[data-testid^="action-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(7)))
    ).sort();
    const allowed = (await server.call('dispatcher', 'GET', `/api/v1/tickets/${t.id}`)).allowedActions.sort();
    expect(shown).toEqual(allowed);
    expect(shown).not.toContain('callback');

    await dispatcher.getByTestId('action-suspend').click();
    await dispatcher.getByLabel('Reason').fill('Waiting for a spare valve');
    await dispatcher.locator('.ant-modal input[type=file]').setInputFiles({ name: 'valve.png', mimeType: 'image/png', buffer: PHOTO });
    await dispatcher.locator('.ant-modal').getByRole('button', { name: 'OK' }).click();
    await dispatcher.locator('.ant-modal').waitFor({ state: 'detached' });
    await dispatcher.getByTestId('attachment-image').first().waitFor();
    const after = await server.call('dispatcher', 'GET', `/api/v1/tickets/${t.id}`);
    expect(after.status).toBe('suspended');
    expect(after.events.at(-1).attachments).toHaveLength(1);
    // The page now offers what a suspended order allows.
    await dispatcher.getByTestId('action-resume').waitFor();
    await ctx.close();
  });
});
