import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (or CHROMIUM_PATH). Missing → a failure that says how to install it, never a skip. */
export function findChromium(candidates: (string | undefined)[] = CANDIDATES): string {
  const found = candidates.find((p): p is string => Boolean(p) && existsSync(p!));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install it with `sudo apt-get install -y chromium fonts-noto-cjk` ' +
        '(Debian/Ubuntu; .ci/run does this) or point CHROMIUM_PATH at a Chromium/Chrome binary.',
    );
  }
  return found;
}

/** Headless Chromium; playwright gives every launch a fresh, temporary user-data dir. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_FLAGS });
}

export type Lang = 'zh-CN' | 'en';
export const PHONE = { width: 360, height: 740 };
export const DESK = { width: 1366, height: 860 };

/** A fresh browser context (its own storage, like a separate person's machine) in one language. */
export async function newPerson(browser: Browser, lang: Lang, phone = false): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: phone ? PHONE : DESK,
    isMobile: phone,
    hasTouch: phone,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
  });
  await context.addInitScript((l) => localStorage.setItem('warmline.lang', l), lang);
  return context;
}

/** Opens the console and signs in through the sign-in screen. */
export async function signIn(context: BrowserContext, base: string, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.locator('header.app-header').waitFor();
  return page;
}

// At the repository root, where the issue and the README point reviewers (git-ignored).
export const SCREENSHOTS = fileURLToPath(new URL('../../../../e2e/screenshots', import.meta.url));

/** Saves a full-page screenshot as e2e/screenshots/<name>.<lang>.png. */
export async function screenshot(page: Page, name: string, lang: Lang) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.${lang}.png`, fullPage: true });
}

/** axe-core violations that are serious or critical (what the quality bar forbids). */
export async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
