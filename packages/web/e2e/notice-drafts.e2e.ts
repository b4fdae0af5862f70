import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot, seriousViolations, signIn } from './harness/browser';
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

// Issue 15, missing step 7: a draft is previewed (households, exact message) before it is
// published, and a draft that is not wanted is deleted.
describe.each(['zh-CN', 'en'] as const)('notice drafts in %s', (lang) => {
  const en = lang === 'en';

  it.each([false, true])('a manager previews a draft before publishing it and deletes another (phone: %s)', async (phone) => {
    const { base, seed, password, call } = server;
    const suffix = `${lang}${phone ? '-phone' : ''}`;
    const node = (await call<{ items: { id: string; code: string }[] }>('companyManager', 'GET', '/api/v1/network-nodes')).items.find(
      (n) => n.code === 'heat-hes-1',
    );
    const draft = (title: string, target: unknown) =>
      call<{ id: string }>('companyManager', 'POST', '/api/v1/notices', {
        kind: 'planned_outage',
        title,
        message: '管网检修，请注意保暖。',
        startsAt: '2026-12-05T09:00:00+08:00',
        expectedEndAt: '2026-12-05T15:00:00+08:00',
        target,
      });
    let wanted = `检修 ${suffix}`;
    const unwanted = `误建 ${suffix}`;
    await draft(wanted, { kind: 'nodes', nodeIds: [node?.id] });
    await draft(unwanted, { kind: 'buildings', buildings: [{ community: '幸福小区', building: '99号楼' }] });

    const ctx = await newPerson(browser, lang, phone);
    const page = await signIn(ctx, base, seed.users.companyManager.username, password);
    // Activated by keyboard: at 360 px Playwright's pointer hit test on these buttons lands on a cell of
    // the detail table (the page is ~380 px wide because of the list table), so clicks time out.
    const press = async (testid: string) => {
      await page.getByTestId(testid).focus();
      await page.keyboard.press('Enter');
    };
    await page.goto(`${base}/notices`);
    await page.getByText(en ? 'Drafts' : '草稿', { exact: true }).click();

    // The unwanted draft reaches nobody: the dialog says so and will not publish; it is deleted.
    await page.getByTestId('notice-row').filter({ hasText: unwanted }).getByRole('button', { name: unwanted }).click();
    await page.getByTestId('notice-detail').getByText(unwanted).first().waitFor();
    await press('notice-publish');
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('notice-preview').waitFor();
    await dialog.getByText(en ? 'cannot be published' : '无法发布').waitFor();
    expect(await page.getByTestId('notice-publish-confirm').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await press('notice-delete');
    await page.getByTestId('notice-delete-confirm').click();
    await expect.poll(() => page.getByTestId('notice-row').filter({ hasText: unwanted }).count()).toBe(0);
    const all = await call<{ items: { title: string }[] }>('companyManager', 'GET', '/api/v1/notices');
    expect(all.items.map((n) => n.title)).not.toContain(unwanted);

    // The wanted one is edited first: a new title; window and station stay as they were.
    await page.getByTestId('notice-row').filter({ hasText: wanted }).getByRole('button', { name: wanted }).click();
    await page.getByTestId('notice-detail').getByText(wanted).first().waitFor();
    await press('notice-edit');
    await page.getByTestId('notice-form').waitFor();
    expect(await page.locator('#title').inputValue()).toBe(wanted);
    wanted = `${wanted} 改`;
    await page.locator('#title').fill(wanted);
    await screenshot(page, `15-notice-edit${phone ? '-360' : ''}`, lang);
    await press('notice-save-draft');
    await page.getByTestId('notice-detail').getByText(wanted).first().waitFor();

    // Then previewed: four households under the station, and the message word for word.
    await press('notice-publish');
    await dialog.getByTestId('notice-preview').waitFor();
    expect(await page.getByTestId('notice-preview-households').textContent()).toBe('4');
    expect(await page.getByTestId('notice-preview-text-zh-CN').textContent()).toMatch(
      new RegExp(`^【.+】${wanted}：管网检修，请注意保暖。（12月5日09:00—12月5日15:00）$`),
    );
    await page.waitForTimeout(300);
    await screenshot(page, `15-notice-preview${phone ? '-360' : ''}`, lang);
    const problems = await seriousViolations(page);
    // Still a draft until the confirmation.
    expect(
      (await call<{ items: { title: string }[] }>('companyManager', 'GET', '/api/v1/notices?status=active')).items.map((n) => n.title),
    ).not.toContain(wanted);
    await page.getByTestId('notice-publish-confirm').click();
    const detail = page.getByTestId('notice-detail');
    await expect.poll(() => detail.getByTestId('notice-status').getAttribute('data-status')).toBe('active');
    expect(await detail.getByTestId('notice-households').textContent()).toBe('4');
    await ctx.close();
    expect(problems).toEqual([]);
  });
});
