import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor } from '../../src/platform/auth/principal.js';
import { addUser } from '../../src/modules/users/service.js';
import { dismissToasts, newPage, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * A day's work on a deal through the web UI: a call logged, a PDF attached and
 * downloaded back byte for byte, the deal found again from the command palette,
 * and two leads assigned at once from the inbox. Screenshots land in the system's
 * temporary folder, under reos-shots/.
 */

const shots = path.join(os.tmpdir(), 'reos-shots');

let server: TestServer;
let browser: Browser;
let tenantId: string;
let token: string;
let caseyId: string;
const properties: { id: string; street: string }[] = [];

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Houses with an owner, as an import would leave them. */
async function addProperties(streets: string[]): Promise<void> {
  await server.runtime.db.withTenant(tenantId, async (tx) => {
    for (const [index, street] of streets.entries()) {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ($1, $2, $3, $4, $1, 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
        [`apn-${index}`, String(200 + index), street, `${200 + index} ${street}`],
      );
      const [owner] = await tx.query<{ id: string }>(
        `insert into owners (kind, display_name, name_key) values ('person', $1, $2) returning id`,
        [`Owner Number ${index + 1}`, `owner ${index + 1}`],
      );
      await tx.query(`insert into parcel_owners (parcel_id, owner_id, source) values ($1, $2, 'test')`, [parcel!.id, owner!.id]);
      properties.push({ id: parcel!.id, street: `${200 + index} ${street}` });
    }
    // What an import does after writing parcels: the search column the palette finds them (and their deals) by.
    await tx.query('select refresh_parcel_search($1::uuid[])', [properties.map((property) => property.id)]);
  });
}

const timeline = (page: Page) => page.getByRole('list', { name: 'Activity, newest first' });

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  ({ server, browser } = await startBrowserWorld());
  const [tenant] = await server.runtime.db.asOwner((tx) =>
    tx.query<{ id: string }>('select id from tenants where slug = $1', [server.admin.tenantSlug]),
  );
  tenantId = tenant!.id;
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  const casey = await addUser(server.runtime.db, systemActor('test'), tenantId, {
    email: 'casey@example.test',
    name: 'Casey Field',
    password: 'pw-casey-1234',
    role: 'member',
  });
  caseyId = casey.user.id;
  await addProperties(['CEDAR LN', 'BIRCH RD', 'WILLOW WAY']);
}, 180_000);

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

test('a call and a file on a deal, the deal found from the palette, and two leads assigned at once', async () => {
  const subject = properties[0]!;
  const deal = await api<{ id: string; title: string }>('POST', '/deals', { propertyId: subject.id });
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);
  await page.goto(`${server.url}/deals/${deal.id}`);
  await timeline(page).getByText('Opened the deal').waitFor({ timeout: 5000 });

  // A call: it shows in the timeline once the job has written it.
  const composer = page.getByRole('tablist', { name: 'Log' });
  await composer.getByRole('tab', { name: 'Call' }).click();
  await page.getByLabel('Outcome').selectOption('interested');
  await page.getByLabel('Phone').fill('+12175550199');
  await page.getByLabel('Duration (minutes)').fill('4');
  await page.getByLabel('Notes', { exact: true }).fill('Wants an offer by Friday');
  await page.getByRole('button', { name: 'Log call' }).click();
  await timeline(page).getByText('Called +12175550199: Interested (4 min)').waitFor({ timeout: 5000 });

  // A PDF attached, then downloaded: the same bytes come back.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await composer.getByRole('tab', { name: 'File' }).click();
  await page.getByLabel('File to attach').setInputFiles({ name: 'purchase-agreement.pdf', mimeType: 'application/pdf', buffer: pdf });
  const files = page.getByRole('list', { name: 'Files' });
  await files.getByText('purchase-agreement.pdf').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    files.getByRole('button', { name: 'Download purchase-agreement.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('purchase-agreement.pdf');
  expect(fs.readFileSync((await download.path())!)).toEqual(pdf);
  await timeline(page).getByText('Attached purchase-agreement.pdf').waitFor({ timeout: 5000 });
  await composer.getByRole('tab', { name: 'Note' }).click();
  await dismissToasts(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(shots, 'deal-activity.png'), fullPage: true, animations: 'disabled' });

  // The palette: Ctrl-K from another page, part of the address, Enter on the deal.
  await page.goto(`${server.url}/properties`);
  await page.getByRole('heading', { name: 'Properties', level: 1 }).waitFor();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Search' });
  await palette.getByRole('combobox').fill('cedar');
  const dealOption = palette.getByRole('option').filter({ hasText: deal.title });
  await dealOption.first().waitFor();
  await page.screenshot({ path: path.join(shots, 'palette.png'), animations: 'disabled' });
  expect(await palette.getByRole('option', { selected: true }).textContent()).toContain(deal.title);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/deals/${deal.id}`);
  await page.getByRole('heading', { name: deal.title, level: 1 }).waitFor();

  // The inbox: two leads ticked and assigned together.
  const leads = [];
  for (const property of properties.slice(1)) leads.push(await api<{ id: string }>('POST', `/properties/${property.id}/lead`, {}));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
  const table = page.getByRole('table', { name: 'Leads' });
  await table.getByText(properties[1]!.street).waitFor();
  await page.getByLabel('Select Owner Number 2').check();
  await page.getByLabel('Select Owner Number 3').check();
  await page.getByRole('region', { name: 'Change the selected leads' }).getByLabel('Assign to…').selectOption(caseyId);
  await expect.poll(() => page.getByLabel('Assignee of Owner Number 2').inputValue()).toBe(caseyId);
  expect(await page.getByLabel('Assignee of Owner Number 3').inputValue()).toBe(caseyId);
  const stored = await api<{ items: { id: string; assigneeId: string | null }[] }>('GET', `/leads?assigneeId=${caseyId}`);
  expect(stored.items.map((lead) => lead.id).sort()).toEqual(leads.map((lead) => lead.id).sort());
  await dismissToasts(page);
  await page.screenshot({ path: path.join(shots, 'leads-inbox.png'), animations: 'disabled' });

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
