import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { XMLParser } from 'fast-xml-parser';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../databases.js';
import { startTestServer, type TestServer } from '../test-server.js';
import { jpegWithLocation } from './portal-fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.each(testDatabaseKinds)('portal in Chromium at 360 px on %s', (kind) => {
  let s: TestServer;
  let context: BrowserContext;
  let userDataDir: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`,
      );
    }
    s = await startTestServer(kind);
    userDataDir = mkdtempSync(join(tmpdir(), 'warmline-portal-'));
    // A fresh profile each run; playwright adds --headless itself.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await s?.close();
  });

  /** WCAG 2 A/AA problems axe-core finds on the page, as readable lines. */
  const accessibilityProblems = async (page: import('playwright-core').Page) => {
    // Evaluated through the DevTools protocol: the page's CSP rightly refuses inline script tags.
    await page.evaluate(axe.source);
    const result = await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }),
    );
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };

  const noSideways = async (page: import('playwright-core').Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  it('a resident files a request on a phone, staff resolve it, the resident rates it, and Open311 shows it closed', async () => {
    const page = await context.newPage();
    await page.goto(`${s.base}/portal`);
    await page.getByRole('link', { name: /报修/ }).click();
    await page.waitForURL('**/portal/report');
    await noSideways(page);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.selectOption('#category', 'heating-cold');
    await expect.poll(() => page.textContent('#commitment')).toContain('到场 45 分钟');

    await page.fill('#address', '幸福小区');
    const suggestion = page.locator('#address-suggestions button').first();
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toBe('和平区幸福小区3号楼2单元501');
    await suggestion.click();
    expect(await page.inputValue('#premiseId')).toBe(s.seed.premises.urban);
    expect(await page.inputValue('#address')).toBe('和平区幸福小区3号楼2单元501');

    await page.fill('#description', '暖气片冰凉，室温13度');
    await page.fill('#phone', '13612345678');
    await page.setInputFiles('#photos', { name: 'radiator.jpg', mimeType: 'image/jpeg', buffer: await jpegWithLocation() });
    await noSideways(page);
    if (process.env.PORTAL_SCREENSHOT_DIR)
      await page.screenshot({ path: join(process.env.PORTAL_SCREENSHOT_DIR, `report-${kind}.png`), fullPage: true });
    await page.click('button[type=submit]');
    // The tracking code is shown on the page but never put in the URL.
    await page.waitForURL(/\/portal\/track\/view\?filed=1$/);
    const code = (await page.textContent('#tracking-code'))!.trim();
    const number = (await page.textContent('#ticket-number'))!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(number).toMatch(/^RX-\d{8}-\d{4}$/);
    expect(await page.textContent('#status')).toBe('已提交');
    expect(await page.locator('.photos img').count()).toBe(1);
    await noSideways(page);

    // Staff take it to resolution through the API.
    const admin = await s.tokenFor('admin');
    const list = await s.call('GET', '/api/v1/tickets?limit=50', admin);
    const ticket = list.body.items.find((t: { number: string }) => t.number === number);
    expect(ticket).toMatchObject({ channel: 'web', premiseId: s.seed.premises.urban });
    const step = async (user: 'agent' | 'dispatcher' | 'crew', body: Record<string, unknown>) => {
      s.clock.advance(5);
      const r = await s.call('POST', `/api/v1/tickets/${ticket.id}/actions`, await s.tokenFor(user), body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await step('agent', { action: 'accept' });
    await step('dispatcher', { action: 'dispatch', unitId: s.seed.units.team, assigneeId: s.seed.users.crew.id });
    await step('crew', { action: 'take' });
    await step('crew', { action: 'arrive' });
    await step('crew', { action: 'resolve', note: '排气后恢复' });

    // The resident follows it by code from a fresh start, and rates it with one tap.
    await page.context().clearCookies();
    await page.goto(`${s.base}/portal/track`);
    await page.fill('#code', code.toLowerCase().replace(/-/g, ' '));
    await page.click('button[type=submit]');
    await page.waitForURL('**/portal/track/view');
    expect(page.url()).not.toContain(code);
    expect(await page.getAttribute('#status', 'data-status')).toBe('resolved');
    const steps = await page.locator('#timeline li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-type')));
    expect(steps).toEqual(['created', 'accepted', 'dispatched', 'taken', 'arrived', 'resolved']);
    expect(await page.content()).not.toContain('排气后恢复');
    await expect.poll(() => page.locator('.star').count()).toBe(5);
    await noSideways(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.fill('#remark', '师傅很负责');
    await page.click('button.star[data-level="5"]');
    await page.waitForURL(/rated=thanks$/);
    expect(await page.textContent('#rate-result')).toContain('感谢您的评价');
    expect(await page.getAttribute('#status', 'data-status')).toBe('closed');
    expect(await page.textContent('#rating')).toContain('很满意');
    if (process.env.PORTAL_SCREENSHOT_DIR)
      await page.screenshot({ path: join(process.env.PORTAL_SCREENSHOT_DIR, `rated-${kind}.png`), fullPage: true });

    // The same request through Open311.
    const res = await fetch(`${s.base}/open311/v2/requests/${number}.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/xml');
    const xml = new XMLParser({ isArray: (n) => n === 'request', parseTagValue: false }).parse(await res.text());
    const r = xml.service_requests.request[0];
    expect(r).toMatchObject({ service_request_id: number, status: 'closed', service_code: 'heating-cold', service_name: '暖气不热' });
    // Without an API key a portal request shows no description: the resident wrote it for the staff.
    expect(r.description).toBe('');
    const admin2 = await s.tokenFor('admin');
    const apiKey = (await s.call('POST', '/api/v1/open311/clients', admin2, { name: 'city app' })).body.apiKey as string;
    const keyed = await (await fetch(`${s.base}/open311/v2/requests/${number}.json?api_key=${apiKey}`)).json();
    expect(keyed[0]).toMatchObject({ description: '暖气片冰凉，室温13度', address: '和平区幸福小区3号楼2单元501', status: 'closed' });
    expect(r.requested_datetime).toMatch(/^2026-11-2\dT\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(JSON.stringify(r)).not.toContain('13612345678');
  }, 120_000);
});
