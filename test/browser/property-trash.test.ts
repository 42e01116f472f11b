import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * Deleting a property from its page, undoing it from the notice, deleting it again
 * and restoring it from Deleted properties, through the web UI against the real server.
 * Screenshots land in test-results/ and /tmp/shots/.
 */

let server: TestServer;
let browser: Browser;
const SHOTS = '/tmp/shots/';

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.screenshot({ path: `${SHOTS}${name}.png`, animations: 'disabled' });
}

/** Adds properties through the API, as the admin. */
async function addProperties(addresses: string[]): Promise<void> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  for (const address of addresses) {
    const created = await fetch(`${server.url}/api/v1/properties`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ address }),
    });
    expect(created.status).toBe(201);
  }
}

async function openProperty(page: Page, address: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Properties' }).click();
  await page.getByRole('heading', { name: 'Properties', exact: true }).waitFor();
  await page.getByRole('link', { name: address }).click();
  await page.getByRole('heading', { name: address }).waitFor();
}

async function deleteFromItsPage(page: Page, address: string, name?: string): Promise<void> {
  await openProperty(page, address);
  await page.getByRole('button', { name: 'Delete property' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this property?' });
  await dialog.getByText(/restore it there for 30 days/).waitFor();
  if (name) await shot(page, name);
  await dialog.getByRole('button', { name: 'Delete property' }).click();
  await page.getByRole('heading', { name: 'Properties', exact: true }).waitFor();
  await page.getByText(`${address} was moved to Deleted properties`).waitFor();
}

test('deletes a property from its page, undoes it, deletes it again and restores it from Deleted properties', async () => {
  await addProperties(['12 Willow Ln, Springfield, IL 62704', '14 Willow Ln, Springfield, IL 62704']);
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);
  const table = page.getByRole('table');

  await deleteFromItsPage(page, '12 WILLOW LN', 'trash-01-confirm-dialog');
  await table.getByRole('link', { name: '14 WILLOW LN' }).waitFor();
  expect(await table.getByRole('link', { name: '12 WILLOW LN' }).count()).toBe(0);
  await shot(page, 'trash-02-deleted-notice');

  // Undo on the notice brings it back into the list.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByText('12 WILLOW LN is back').waitFor();
  await table.getByRole('link', { name: '12 WILLOW LN' }).waitFor();

  await deleteFromItsPage(page, '12 WILLOW LN');
  await page.getByRole('link', { name: 'Deleted properties' }).click();
  await page.getByRole('heading', { name: 'Deleted properties' }).waitFor();
  const trash = page.getByRole('table', { name: 'Deleted properties' });
  const row = trash.getByRole('row').filter({ hasText: '12 WILLOW LN' });
  await row.waitFor();
  // The purge date, 30 days on, as the page formats dates.
  const purgeDate = await page.evaluate(
    (at) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(at)),
    Date.now() + 30 * 86_400_000,
  );
  expect(await row.textContent()).toContain(purgeDate);
  await shot(page, 'trash-03-deleted-properties');

  await row.getByRole('button', { name: 'Restore' }).click();
  await page.getByText('No deleted properties').waitFor();
  await openProperty(page, '12 WILLOW LN');
  expect(scriptErrors).toEqual([]);
});

test('a property with deals cannot be deleted: the dialog says why', async () => {
  const { page } = await newPage(browser);
  await signInAsAdmin(page, server);
  await openProperty(page, '14 WILLOW LN');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.waitForURL(/\/deals\//);
  await page.goBack();
  await page.getByRole('heading', { name: '14 WILLOW LN' }).waitFor();
  await page.getByRole('button', { name: 'Delete property' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this property?' });
  await dialog.getByRole('button', { name: 'Delete property' }).click();
  await dialog.getByText('This property has 1 deal: delete or close them first').waitFor();
  await shot(page, 'trash-04-refused-with-deals');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: '14 WILLOW LN' }).waitFor();
});
