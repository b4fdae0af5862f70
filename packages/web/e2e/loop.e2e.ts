import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

// A 1×1 PNG: the crew's "photo" of the repaired radiator.
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

describe('the whole loop as four people do it', () => {
  it('an agent files a repair by keyboard, a dispatcher assigns it, the crew resolves it on a phone and the agent calls back', async () => {
    const { seed, base, password } = server;

    // 1. Hotline agent: phone number → household → category → description → Ctrl+Enter.
    const agentCtx = await newPerson(browser, 'zh-CN');
    const agent = await signIn(agentCtx, base, seed.users.agent.username, password);
    await agent.waitForURL('**/intake');
    const started = Date.now();
    await agent.locator('#intake-search').fill('13900010001');
    await agent.locator('#intake-search').press('Enter');
    await agent.getByTestId('household').getByText('和平区幸福小区3号楼2单元501').waitFor();
    await agent.getByTestId('household').getByText('老人户').waitFor();
    // Focus is now on the kind; Tab twice reaches the category (kind → priority → category).
    await agent.keyboard.press('Tab');
    await agent.keyboard.press('Tab');
    await agent.keyboard.type('暖气');
    await agent.keyboard.press('Enter');
    // Choosing the category moves the focus on to the description.
    await expect.poll(() => agent.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await agent.keyboard.type('卧室暖气片不热，老人在家');
    await agent.keyboard.press('Control+Enter');
    const filed = agent.getByTestId('filed-item').first();
    await filed.waitFor();
    const filingMs = Date.now() - started;
    console.log(`keyboard filing took ${filingMs} ms`);
    expect(filingMs).toBeLessThan(30_000);
    const number = (await filed.locator('a').first().textContent())!.trim();
    const list = await server.call('agent', 'GET', `/api/v1/tickets?phone=13900010001`);
    const ticket = list.items.find((x: { number: string }) => x.number === number);
    expect(ticket.categoryCode).toBe('heating-cold');
    expect(ticket.firstContactUserId).toBe(seed.users.agent.id);
    expect(ticket.description).toBe('卧室暖气片不热，老人在家');

    // 2. Dispatcher: the order is on the board; select it and assign it to the team and the crew.
    const dispCtx = await newPerson(browser, 'zh-CN');
    const dispatcher = await signIn(dispCtx, base, seed.users.dispatcher.username, password);
    await dispatcher.waitForURL('**/board');
    await dispatcher.getByRole('link', { name: number }).waitFor();
    await dispatcher.getByRole('checkbox', { name: number }).check();
    await dispatcher.getByTestId('assign-unit').click();
    await dispatcher.keyboard.type('维修一班');
    await dispatcher.keyboard.press('Enter');
    await dispatcher.getByTestId('assign-crew').click();
    await dispatcher.keyboard.type('crew');
    await dispatcher.keyboard.press('Enter');
    await dispatcher.getByTestId('assign').click();
    await expect.poll(async () => (await server.call('agent', 'GET', `/api/v1/tickets/${ticket.id}`)).status).toBe('dispatched');
    expect((await server.call('agent', 'GET', `/api/v1/tickets/${ticket.id}`)).assigneeId).toBe(seed.users.crew.id);

    // 3. Crew on a 360 px phone: take, check in, resolve with note, materials, photo and signature.
    const crewCtx = await newPerson(browser, 'zh-CN', true);
    const crew = await signIn(crewCtx, base, seed.users.crew.username, password);
    await crew.waitForURL('**/crew');
    const card = crew.locator(`[data-testid="crew-order"][data-number="${number}"]`);
    await card.getByTestId('crew-take').click();
    await card.getByTestId('crew-arrive').click();
    await card.getByTestId('crew-resolve-open').click();
    await card.getByTestId('crew-note').fill('更换暖气片阀门，试水正常');
    await card.getByPlaceholder('如：阀门 DN20 ×1').fill('阀门 DN20 ×1');
    await card.getByTestId('crew-photo').setInputFiles({ name: 'radiator.png', mimeType: 'image/png', buffer: PHOTO });
    await card.locator('img[alt="radiator.png"]').waitFor();
    const pad = await card.getByTestId('signature').boundingBox();
    await crew.mouse.move(pad!.x + 20, pad!.y + 60);
    await crew.mouse.down();
    await crew.mouse.move(pad!.x + 120, pad!.y + 30, { steps: 5 });
    await crew.mouse.move(pad!.x + 220, pad!.y + 90, { steps: 5 });
    await crew.mouse.up();
    await card.getByTestId('crew-resolve').click();
    await card.waitFor({ state: 'detached' });
    // The crew view sends its queue in the background (photo and signature first), so wait for the server.
    await expect.poll(async () => (await server.call('agent', 'GET', `/api/v1/tickets/${ticket.id}`)).status).toBe('resolved');
    const resolved = await server.call('agent', 'GET', `/api/v1/tickets/${ticket.id}`);
    const resolveEvent = resolved.events.find((e: { type: string }) => e.type === 'resolved');
    expect(resolveEvent.note).toContain('阀门 DN20 ×1');
    expect(resolveEvent.attachments).toHaveLength(2); // photo + signature

    // 4. Agent: the callback queue offers the order; 5 and Enter record "very satisfied" and close it.
    await agent.goto(`${base}/callbacks`);
    await agent.getByTestId('callback-item').filter({ hasText: number }).click();
    await agent.getByTestId('callbacks').press('5');
    await agent.getByTestId('level-text').getByText('非常满意').waitFor();
    await agent.getByTestId('callbacks').press('Enter');
    await expect.poll(async () => (await server.call('agent', 'GET', `/api/v1/tickets/${ticket.id}`)).status).toBe('closed');

    // The order page shows the whole story with the crew's photo and signature.
    // A full page load: the session (user, units, users, catalogue, rules) comes first, then the order,
    // which takes longer than expect.poll's one-second default on a loaded machine.
    await agent.goto(`${base}/tickets/${ticket.id}`);
    await expect.poll(() => agent.getByTestId('timeline-event').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(6);
    await expect.poll(() => agent.getByTestId('attachment-image').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await screenshot(agent, 'loop-closed-order', 'zh-CN');
    await Promise.all([agentCtx.close(), dispCtx.close(), crewCtx.close()]);
  });
});
