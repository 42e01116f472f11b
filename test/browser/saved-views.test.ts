import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor } from '../../src/platform/auth/principal.js';
import { addUser } from '../../src/modules/users/service.js';
import { dismissToasts, newPage, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * Saved views on the deals screen through the web UI: the admin filters the board and
 * saves it as a shared view, saves a table as a personal one, switches between them,
 * reloads and opens the first again, and updates it with new filters; a teammate sees
 * the shared view but not the personal one, and cannot change it. Screenshots land
 * in /tmp/shots/.
 */

const shots = '/tmp/shots';
const teammate = { email: 'robin@example.test', password: 'pw-robin-1234' };

interface ViewBody {
  name: string;
  scope: string;
  layout: string;
  filters: Record<string, string>;
  sort: string | null;
}

let server: TestServer;
let browser: Browser;
let token: string;

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const cards = (page: Page) => page.getByTestId('deal-card');
const viewsButton = (page: Page) => page.getByRole('button', { name: /^(Views|Hot deals|Closing table)/ });
const viewsMenu = (page: Page) => page.getByRole('menu', { name: 'Saved views' });

async function openView(page: Page, name: string): Promise<void> {
  await viewsButton(page).click();
  await viewsMenu(page).getByRole('menuitemradio', { name }).click();
}

async function saveView(page: Page, name: string, visibleTo: 'Only me' | 'Everyone on the team'): Promise<void> {
  await viewsButton(page).click();
  await viewsMenu(page).getByRole('menuitem', { name: 'Save as new view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save view' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Visible to').selectOption({ label: visibleTo });
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await page.getByText(`View “${name}” saved`).waitFor();
  await dismissToasts(page);
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  ({ server, browser } = await startBrowserWorld());
  const [tenant] = await server.runtime.db.asOwner((tx) =>
    tx.query<{ id: string }>('select id from tenants where slug = $1', [server.admin.tenantSlug]),
  );
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
  });
  token = ((await login.json()) as { accessToken: string }).accessToken;
  await addUser(server.runtime.db, systemActor('test'), tenant!.id, { ...teammate, name: 'Robin Field', role: 'member' });
  await server.runtime.db.withTenant(tenant!.id, async (tx) => {
    for (const [index, street] of ['ELM ST', 'OAK AVE', 'MAPLE DR', 'PINE CT'].entries()) {
      await tx.query(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ($1, $2, $3, $4, $1, 'SPRINGFIELD', 'IL', '62704', 'test')`,
        [`apn-${index}`, String(100 + index), street, `${100 + index} ${street}`],
      );
    }
  });
  const parcels = await server.runtime.db.withTenant(tenant!.id, (tx) =>
    tx.query<{ id: string }>('select id from parcels order by address_number'),
  );
  const temperatures = ['hot', 'hot', 'warm', 'cold'];
  for (const [index, parcel] of parcels.entries()) await api('POST', '/deals', { propertyId: parcel.id, temperature: temperatures[index] });
});

afterAll(() => stopBrowserWorld({ server, browser }));

test('saves, switches and updates views of the deals screen, and shares only the shared one', async () => {
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);
  await page.goto(`${server.url}/deals`);
  await expect.poll(() => cards(page).count()).toBe(4);

  // A filtered board, saved for the team.
  await page.getByLabel('Temperature').selectOption('hot');
  await expect.poll(() => cards(page).count()).toBe(2);
  await saveView(page, 'Hot deals', 'Everyone on the team');
  await expect(viewsButton(page).textContent()).resolves.toContain('Hot deals');

  // A second view, of the table sorted by close date, for the admin alone.
  await page.getByRole('button', { name: 'Table' }).click();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('expected_close');
  await page.getByRole('table', { name: 'Deals' }).waitFor();
  await saveView(page, 'Closing table', 'Only me');
  const saved = await api<{ items: ViewBody[] }>('GET', '/saved-views?screen=deals');
  expect(saved.items.map(({ name, scope, layout, filters, sort }) => ({ name, scope, layout, filters, sort }))).toEqual([
    { name: 'Hot deals', scope: 'shared', layout: 'board', filters: { temperature: 'hot' }, sort: null },
    { name: 'Closing table', scope: 'personal', layout: 'table', filters: {}, sort: 'expected_close' },
  ]);

  // Switching views sets the layout, the filters and the sort.
  await openView(page, 'Hot deals');
  await expect.poll(() => cards(page).count()).toBe(2);
  await expect(page.getByLabel('Temperature').inputValue()).resolves.toBe('hot');
  await openView(page, 'Closing table');
  await page.getByRole('table', { name: 'Deals' }).waitFor();
  expect(new URL(page.url()).searchParams.get('sort')).toBe('expected_close');
  await expect(page.getByLabel('Temperature').inputValue()).resolves.toBe('');

  // After a reload the view the page shows is known again; the first one opens as before.
  await page.reload();
  await page.getByRole('table', { name: 'Deals' }).waitFor();
  await expect.poll(() => viewsButton(page).textContent()).toContain('Closing table');
  await openView(page, 'Hot deals');
  await expect.poll(() => cards(page).count()).toBe(2);
  expect(new URL(page.url()).searchParams.get('view')).toBeNull();

  // Changed filters mark the view edited, and update it.
  await page.getByLabel('Temperature').selectOption('warm');
  await expect.poll(() => cards(page).count()).toBe(1);
  await expect.poll(() => viewsButton(page).textContent()).toContain('(edited)');
  await viewsButton(page).click();
  await viewsMenu(page).getByRole('menuitemradio', { name: 'Hot deals' }).waitFor();
  await page.screenshot({ path: `${shots}/saved-views-menu.png`, animations: 'disabled' });
  await viewsMenu(page).getByRole('menuitem', { name: 'Update “Hot deals” with current filters' }).click();
  await page.getByText('View “Hot deals” updated').waitFor();
  const updated = await api<{ items: ViewBody[] }>('GET', '/saved-views?screen=deals');
  expect(updated.items.find((view) => view.name === 'Hot deals')?.filters).toEqual({ temperature: 'warm' });
  await expect.poll(() => viewsButton(page).textContent()).not.toContain('(edited)');
  expect(scriptErrors).toEqual([]);

  // The teammate sees the shared view, not the personal one, and may open but not change it.
  const other = await newPage(browser);
  await other.page.goto(`${server.url}/login`);
  await other.page.getByLabel('Email').fill(teammate.email);
  await other.page.getByLabel('Password').fill(teammate.password);
  await other.page.getByRole('button', { name: 'Sign in' }).click();
  await other.page.getByRole('heading', { name: /Welcome/ }).waitFor();
  await other.page.goto(`${server.url}/deals`);
  await expect.poll(() => cards(other.page).count()).toBe(4);
  await viewsButton(other.page).click();
  const menu = viewsMenu(other.page);
  await menu.getByRole('menuitemradio', { name: 'Hot deals' }).waitFor();
  expect(await menu.getByRole('menuitemradio').allTextContents()).toEqual(['Hot deals']);
  await other.page.screenshot({ path: `${shots}/saved-views-teammate.png`, animations: 'disabled' });
  await menu.getByRole('menuitemradio', { name: 'Hot deals' }).click();
  await expect.poll(() => cards(other.page).count()).toBe(1);
  await viewsButton(other.page).click();
  await menu.getByRole('menuitem', { name: 'Save as new view…' }).waitFor();
  expect(await menu.getByRole('menuitem', { name: /Rename|Delete|Update/ }).count()).toBe(0);
  expect(other.scriptErrors).toEqual([]);
  await other.page.context().close();
  await page.context().close();
});
