import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { fillDemoCounty } from '../../src/modules/demo-county/fill-demo-county.js';
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

/** The same, with the admin's tenant filled with a demo county of `parcels` parcels through the import pipeline. */
export async function startDemoCountyWorld(parcels: number): Promise<{ server: TestServer; browser: Browser; tenantId: string }> {
  const world = await startBrowserWorld();
  const [tenant] = await world.server.runtime.db.asOwner((tx) =>
    tx.query<{ id: string }>('select id from tenants where slug = $1', [world.server.admin.tenantSlug]),
  );
  await fillDemoCounty(world.server.runtime.db, tenant!.id, { parcels });
  return { ...world, tenantId: tenant!.id };
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

/** Polls `read` every half second until it gives a value (the worker's jobs finish in their own time). */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Element screenshots with the sticky top bar out of the way. */
export const elementShot = (locator: Locator, name: string) =>
  locator.screenshot({ path: `${screenshotDir}${name}.png`, animations: 'disabled', style: '.topbar { position: static !important; }' });

/** The dollar amount an element shows ("−$1,234" → -1234). */
export const dollars = async (locator: Locator) => Number((await locator.textContent())!.replace(/[^0-9.−-]/g, '').replace('−', '-'));

export async function dismissToasts(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}
