import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, signIn } from './harness/browser';
import { type ConsoleServer, startConsoleServer } from './harness/server';

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

const repair = (premiseId: string, description: string, categoryCode = 'heating-cold') => ({
  kind: 'repair',
  channel: 'hotline',
  categoryCode,
  description,
  premiseId,
  contact: { name: '王大爷', phone: '13900010001' },
});

describe('server push', () => {
  it('an order filed by another user appears on the dispatch board by itself, emergencies pinned on top', async () => {
    const ctx = await newPerson(browser, 'zh-CN');
    const board = await signIn(ctx, server.base, server.seed.users.dispatcher.username, server.password);
    await board.waitForURL('**/board');
    await board.locator('[data-testid="live-indicator"][data-live="true"]').waitFor();
    const requests: string[] = [];
    board.on('request', (r) => requests.push(r.url()));

    const normal = await server.call('agent', 'POST', '/api/v1/tickets', repair(server.seed.premises.urban, '暖气不热'));
    const started = Date.now();
    await board.getByRole('link', { name: normal.number }).waitFor({ timeout: 5000 });
    const latency = Date.now() - started;
    console.log(`board showed the new order ${latency} ms after it was filed`);
    expect(latency).toBeLessThan(2000);

    const emergency = await server.call(
      'agent',
      'POST',
      '/api/v1/tickets',
      repair(server.seed.premises.rural, '主管道爆裂', 'pipe-accident'),
    );
    await board.getByRole('link', { name: emergency.number }).waitFor({ timeout: 5000 });
    const numbers = await board.getByTestId('board-number').allTextContents();
    expect(numbers[0]).toBe(emergency.number);

    // Another user's step changes the row in place, without a page reload.
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${normal.id}/actions`, { action: 'dispatch', unitId: server.seed.units.team });
    await board
      .locator('tr', { has: board.getByRole('link', { name: normal.number }) })
      .getByText('已派单')
      .waitFor({ timeout: 5000 });
    expect(requests.filter((u) => u.endsWith('/board') || u.endsWith('.html'))).toEqual([]);
    await ctx.close();
  });
});

describe('crew view through a dropped connection', () => {
  it('queues take, check-in and resolve while offline and replays them in order when the network returns', async () => {
    const t = await server.call('agent', 'POST', '/api/v1/tickets', repair(server.seed.premises.urban, '卫生间暖气漏水', 'leak'));
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${t.id}/actions`, {
      action: 'dispatch',
      unitId: server.seed.units.team,
      assigneeId: server.seed.users.crew.id,
    });

    const ctx = await newPerson(browser, 'zh-CN', true);
    const crew = await signIn(ctx, server.base, server.seed.users.crew.username, server.password);
    await crew.waitForURL('**/crew');
    const card = crew.locator(`[data-testid="crew-order"][data-number="${t.number}"]`);
    await card.waitFor();

    await ctx.setOffline(true);
    await crew.getByTestId('offline-banner').waitFor();
    await card.getByTestId('crew-take').click();
    await card.getByTestId('crew-arrive').click();
    await card.getByTestId('crew-resolve-open').click();
    await card.getByTestId('crew-note').fill('更换密封圈');
    await card.getByTestId('crew-resolve').click();
    await crew.getByTestId('queue-count').getByText('3').waitFor();
    // Nothing reached the server yet.
    expect((await server.call('agent', 'GET', `/api/v1/tickets/${t.id}`)).status).toBe('dispatched');

    // A reload while offline keeps the queue (it lives in the phone's storage).
    await ctx.setOffline(false);
    await crew.getByTestId('queue-count').waitFor({ state: 'detached', timeout: 15_000 });
    const after = await server.call('agent', 'GET', `/api/v1/tickets/${t.id}`);
    expect(after.status).toBe('resolved');
    expect(after.events.map((e: { type: string }) => e.type)).toEqual(['created', 'dispatched', 'taken', 'arrived', 'resolved']);
    expect(after.events.at(-1).note).toBe('更换密封圈');
    await ctx.close();
  });

  it('keeps queued steps when the tab is closed while offline and sends them on the next visit', async () => {
    const t = await server.call('agent', 'POST', '/api/v1/tickets', repair(server.seed.premises.urban, '阀门坏了', 'leak'));
    await server.call('dispatcher', 'POST', `/api/v1/tickets/${t.id}/actions`, {
      action: 'dispatch',
      unitId: server.seed.units.team,
      assigneeId: server.seed.users.crew.id,
    });
    const ctx = await newPerson(browser, 'zh-CN', true);
    const crew = await signIn(ctx, server.base, server.seed.users.crew.username, server.password);
    const card = crew.locator(`[data-testid="crew-order"][data-number="${t.number}"]`);
    await card.waitFor();
    await ctx.setOffline(true);
    await card.getByTestId('crew-take').click();
    await crew.getByTestId('queue-count').waitFor();
    await crew.close();
    expect((await server.call('agent', 'GET', `/api/v1/tickets/${t.id}`)).status).toBe('dispatched');
    await ctx.setOffline(false);
    const again = await ctx.newPage();
    await again.goto(`${server.base}/crew`);
    await expect.poll(async () => (await server.call('agent', 'GET', `/api/v1/tickets/${t.id}`)).status, { timeout: 15_000 }).toBe('taken');
    await ctx.close();
  });
});
