import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * Leads and look-alikes through the web UI against the real server and its worker:
 * an anonymous visitor fills the hosted form and the lead shows up with its consent;
 * two lists with two spellings of one house leave a look-alike pair, which is merged
 * on the Review page. Screenshots land in test-results/.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

/** Calls the API as the signed-in admin would, with a bearer token. */
async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface ImportState {
  id: string;
  status: string;
  inserted: number;
  review: number;
}

/** Uploads a CSV, confirms the proposed mapping and waits for the server's worker to finish it. */
async function importCsv(token: string, fileName: string, content: string, list: string): Promise<ImportState> {
  const form = new FormData();
  form.append('list', list);
  form.append('tags', '');
  form.append('file', new Blob([content], { type: 'text/csv' }), fileName);
  const created = await api<{ import: ImportState; preview: { proposal: { mapping: unknown } } }>(token, 'POST', '/imports', form);
  await api(token, 'PUT', `/imports/${created.import.id}/mapping`, created.preview.proposal.mapping);
  for (let attempt = 0; attempt < 150; attempt++) {
    const view = await api<ImportState>(token, 'GET', `/imports/${created.import.id}`);
    if (view.status === 'completed') return view;
    if (view.status === 'failed') throw new Error(`import ${fileName} failed`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`import ${fileName} did not finish`);
}

test('a visitor sends the hosted form, the lead shows up with its consent; a look-alike pair is merged on the Review page', async () => {
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);

  // Leads is a page now, no longer a "Soon" item.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Leads' }).click();
  await page.getByRole('heading', { name: 'Leads', exact: true }).waitFor();
  await page.getByText('No leads yet').waitFor();
  const formLink = page.getByRole('textbox', { name: 'Form link' });
  await expect.poll(() => formLink.inputValue()).toMatch(/\/forms\//);
  const formUrl = await formLink.inputValue();
  expect(formUrl).toBe(`${server.url}/forms/${server.admin.tenantSlug}`);
  expect(await page.getByRole('link', { name: 'Open the form in a new tab' }).getAttribute('href')).toBe(formUrl);
  await page.getByRole('group', { name: 'Embed on your website' }).getByText(`<iframe src="${formUrl}"`).waitFor();
  await page.getByText('By checking this box, I agree that Browser Test Realty may contact me').waitFor();

  // An anonymous visitor, in a browser of their own, fills the hosted form.
  const visitorContext = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(formUrl);
  await visitor.getByRole('heading', { name: 'Get a fair cash offer' }).waitFor();
  await visitor.getByLabel('Your name', { exact: true }).fill('Maria Lopez');
  await visitor.getByLabel('Phone', { exact: true }).fill('(213) 373-4253');
  await visitor.getByLabel('Email', { exact: true }).fill('maria@example.com');
  await visitor.getByLabel('Property address', { exact: true }).fill('1200 W 7th St');
  await visitor.getByLabel('City', { exact: true }).fill('Los Angeles');
  await visitor.getByLabel('State', { exact: true }).fill('CA');
  await visitor.getByLabel('ZIP', { exact: true }).fill('90017');
  await visitor
    .getByLabel('Anything we should know?')
    .fill('Inherited the house from my aunt. The roof needs work and I would like to sell before the winter.');
  await visitor.getByRole('checkbox').check();
  await screenshot(visitor, 'leads-02-public-form');
  await visitor.getByRole('button', { name: 'Send' }).click();
  await visitor.getByRole('heading', { name: 'Thank you!' }).waitFor();
  await visitor.getByText('Browser Test Realty has your details').waitFor();
  await screenshot(visitor, 'leads-03-thank-you');
  await visitorContext.close();

  // Back in the app, the lead is listed with its consent.
  await page.reload();
  const leads = page.getByRole('table', { name: 'Leads' });
  const row = leads.getByRole('row').filter({ hasText: 'Maria Lopez' });
  await row.waitFor();
  await row.getByText('Consent', { exact: true }).waitFor();
  await row.getByRole('link', { name: '(213) 373-4253' }).waitFor();
  await row.getByRole('link', { name: 'maria@example.com' }).waitFor();
  await row.getByText('Lead form').waitFor();
  expect(await row.getByTitle(/^Inherited the house/).count()).toBe(1);

  // The webhook help opens on request and shows a request for this server.
  await page.getByText('Webhook: send leads from other tools').click();
  const example = page.getByRole('group', { name: 'Example request' });
  await example.getByText(`curl -X POST ${server.url}/api/v1/leads`).waitFor();
  expect(await example.textContent()).toContain("-H 'Idempotency-Key: <unique id>'");
  await page.getByRole('link', { name: 'Create an API key' }).waitFor();
  await screenshot(page, 'leads-01-leads');

  // The lead's address opens the property it made.
  await row.getByRole('link', { name: /1200 W 7TH ST/i }).click();
  await page.getByRole('heading', { name: /1200 W 7TH ST/i }).waitFor();
  await page.getByRole('table', { name: 'Lists this property is on' }).getByText('Website leads').waitFor();

  // Two lists, two spellings of one house: the second leaves a pair to review.
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.admin.email, password: server.admin.password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const first = await importCsv(
    accessToken,
    'driving.csv',
    'Address,City,State,Zip\n400 Maple Avenue,Springfield,IL,62704\n',
    'Driving for dollars',
  );
  expect(first.inserted).toBe(1);
  const second = await importCsv(
    accessToken,
    'violations.csv',
    'Address,City,State,Zip\n400 Mapel Avenue,Springfield,IL,62704\n',
    'Code violations',
  );
  expect(second.review).toBe(1);

  // The Imports page points to the review with a count; so does the finished import.
  await nav.getByRole('link', { name: 'Imports' }).click();
  await page.getByRole('link', { name: 'Review look-alikes, 1 pending' }).waitFor();
  await screenshot(page, 'leads-07-imports-with-review');
  await page.getByRole('table', { name: 'Imports' }).getByRole('link', { name: 'violations.csv' }).click();
  await page.getByText('Import complete').waitFor();
  await page.getByRole('link', { name: 'Review 1 look-alike' }).click();

  await page.getByRole('heading', { name: 'Review look-alikes' }).waitFor();
  const pair = page.getByRole('article', { name: '400 MAPEL AVE looks like 400 MAPLE AVE' });
  await pair.waitFor();
  await pair.getByText(/^\d+%$/).waitFor();
  await pair.getByRole('link', { name: '“Code violations”' }).waitFor();
  const existingHref = await pair.getByRole('link', { name: '400 MAPLE AVE' }).getAttribute('href');
  const incomingHref = await pair.getByRole('link', { name: '400 MAPEL AVE' }).getAttribute('href');
  expect(existingHref).toMatch(/^\/properties\/[0-9a-f-]{36}$/);
  expect(incomingHref).toMatch(/^\/properties\/[0-9a-f-]{36}$/);
  await screenshot(page, 'leads-04-review');

  // Merging asks first, then the queue is empty.
  await pair.getByRole('button', { name: 'Merge into existing' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge these properties?' });
  await dialog.waitFor();
  await screenshot(page, 'leads-05-review-confirm');
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Merged into 400 MAPLE AVE' }).waitFor();
  await page.getByText('Nothing to review').waitFor();
  await screenshot(page, 'leads-06-review-empty');

  // The surviving property is on both lists; the other one is gone.
  await page.goto(`${server.url}${existingHref}`);
  await page.getByRole('heading', { name: '400 MAPLE AVE' }).waitFor();
  const lists = page.getByRole('table', { name: 'Lists this property is on' });
  await lists.getByText('Driving for dollars').waitFor();
  await lists.getByText('Code violations').waitFor();
  await page.getByLabel('On 2 lists').first().waitFor();
  await screenshot(page, 'leads-08-merged-property');
  const gone = await fetch(`${server.url}/api/v1${incomingHref}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(gone.status).toBe(404);

  // With nothing pending, the Imports header shows no count.
  await nav.getByRole('link', { name: 'Imports' }).click();
  await page.getByRole('link', { name: 'Review look-alikes', exact: true }).waitFor();

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
