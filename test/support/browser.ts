import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './test-app.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** Debian's Chromium, headless, with its calls home switched off (the machine has no network). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** The whole product on a fresh database (built web UI included) and a browser to drive it. */
export async function startBrowserWorld(): Promise<{ server: TestServer; browser: Browser }> {
  if (!fs.existsSync(`${root}dist/web/index.html`)) {
    execSync('npx vite build --config web/vite.config.ts', { cwd: root, stdio: 'inherit' });
  }
  fs.mkdirSync(screenshotDir, { recursive: true });
  const server = await startTestServer();
  const browser = await chromium.launch(CHROMIUM);
  return { server, browser };
}

export async function stopBrowserWorld(world: { server?: TestServer; browser?: Browser }): Promise<void> {
  await world.browser?.close();
  await world.server?.stop();
}

/** A full-page screenshot from the top, with entrance animations (dialogs, toasts) run to their end. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true, animations: 'disabled' });
}

/** A page in a fresh browser context (no shared storage) that records the page's script errors. */
export async function newPage(browser: Browser): Promise<{ page: Page; scriptErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error.message));
  return { page, scriptErrors };
}

/** Signs in through the login form as the test server's admin and waits for the dashboard. */
export async function signInAsAdmin(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(server.admin.email);
  await page.getByLabel('Password').fill(server.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
}
