import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * Lists in and properties out, through the web UI against the real server and its
 * worker: a county list with two spellings of one house and a bad row, then a
 * PropStream export of another list that stacks on that house. Screenshots land
 * in test-results/.
 */

const TAX_LIST = [
  'Parcel Number,Situs Address,Property City,Property State,Property Zip,Owner Name,Mailing Address,Mailing City,Mailing State,Mailing Zip,Bedrooms,Bathrooms,Heated Sq Ft,Year Built,Market Value,Amount Due,Phone,Email,Notes',
  '001-100-01,123 N Main Street Apt 4,Springfield,IL,62701,SMITH JOHN A,55 Oak Ave,Chicago,IL,60601,3,2,1450,1978,185000,"$4,210.55",(312) 555-0142,JOHN@EXAMPLE.COM,call after 5',
  ',123 NORTH MAIN ST #4,SPRINGFIELD,IL,62701,SMITH JOHN A,55 Oak Ave,Chicago,IL,60601,3,2,1450,1978,185000,"$4,210.55",312.555.0199,,',
  '001-100-02,125 N Main St,Springfield,IL,62701,ACME HOLDINGS LLC,PO Box 12,Springfield,IL,62705,4,3,2100,1990,240000,812,,,',
  '001-100-03,77 Elm Rd,Springfield,IL,62702,"DOE, JANE",77 Elm Rd,Springfield,IL,62702,2,1,980,1955,99000,0,(000) 000-0000,,',
  '001-100-04,9 Broken Zip Ln,Springfield,ZZ,6270A,NOBODY,,,,,,,,,,,,,',
].join('\n');

const PROBATE_LIST = [
  'Address,City,State,Zip,Owner 1 First Name,Owner 1 Last Name,Bedrooms,Total Open Loans,Last Sale Recording Date,Last Sale Amount,Est. Value',
  '123 North Main St Apt 4,Springfield,IL,62701,Mary,Smith,4,52000,2009-06-15,98000,190000',
  '900 Lake Shore Dr,Springfield,IL,62703,Robert,Major,3,0,1998-03-02,61000,150000',
].join('\n');

let server: TestServer;
let browser: Browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-browser-lists-'));

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
});

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeList(name: string, content: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Step 1 of the import flow, from the Imports page to the mapping step. */
async function uploadList(page: Page, file: string, listName: string, tags: string[]): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).click();
  await page.getByRole('heading', { name: 'Imports' }).waitFor();
  await page.getByRole('link', { name: 'Import a list' }).first().click();
  await page.getByRole('heading', { name: 'Import a list' }).waitFor();
  await page.getByLabel('List file').setInputFiles(file);
  await page.getByLabel('List name').fill(listName);
  for (const tag of tags) await page.getByRole('button', { name: tag, exact: true }).click();
  expect(await page.getByLabel('Distress tags').inputValue()).toBe(tags.join(', '));
}

/** Reads a file the page downloads when `click` runs. */
async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

test('imports two lists through the mapping step, then finds the stacked property and its owners', async () => {
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);

  // Before any list, Properties points to Imports.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Properties' }).click();
  await page.getByText('No properties yet').waitFor();
  await screenshot(page, 'lists-01-properties-empty');

  // A binary file is refused with the server's reason, shown in the form.
  await uploadList(page, writeList('photo.csv', '\u0000\u0001binary'), 'Broken', []);
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.getByRole('alert').filter({ hasText: 'binary file' }).waitFor();
  await screenshot(page, 'lists-02-upload-refused');

  // Step 1: the county list.
  await uploadList(page, writeList('tax-delinquent.csv', TAX_LIST), 'Tax delinquent 2024', ['tax_delinquent']);
  await screenshot(page, 'lists-03-upload');
  await page.getByRole('button', { name: 'Upload and map columns' }).click();

  // Step 2: the proposal, with one column it could not place; map it by hand.
  await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
  expect(await page.getByTestId('detected-layout').textContent()).toBe('County list');
  const sqftColumn = page.getByLabel('Field for column Heated Sq Ft');
  expect(await sqftColumn.inputValue()).toBe('');
  expect(await page.getByLabel('Field for column Situs Address').inputValue()).toBe('situs_address');
  await sqftColumn.selectOption('living_sqft');
  await sqftColumn.scrollIntoViewIfNeeded();
  // Taking the address away is caught before the server sees it.
  await page.getByLabel('Field for column Situs Address').selectOption('');
  await page.getByLabel('Field for column Parcel Number').selectOption('');
  await page.getByText('Map a column to the property address or to the parcel number').waitFor();
  expect(await page.getByRole('button', { name: 'Confirm and import' }).isDisabled()).toBe(true);
  await page.getByLabel('Field for column Situs Address').selectOption('situs_address');
  await page.getByLabel('Field for column Parcel Number').selectOption('apn');
  await screenshot(page, 'lists-04-mapping');
  await page.getByRole('button', { name: 'Confirm and import' }).click();

  // Step 3: live progress until the worker finishes, then the counts.
  await page.getByText('Import complete').waitFor({ timeout: 30_000 });
  const results = page.getByRole('definition');
  const count = async (label: string) => Number(await page.locator('.outcome', { hasText: label }).locator('dd').textContent());
  await results.first().waitFor();
  expect(await count('New properties')).toBe(3);
  expect(await count('Merged')).toBeGreaterThanOrEqual(1);
  expect(await count('Rejected')).toBe(1);
  expect(await count('With warnings')).toBe(1);
  await screenshot(page, 'lists-05-import-complete');

  const rejects = await downloadOf(page, () => page.getByRole('button', { name: /Download rejects/ }).click());
  expect(rejects.name).toBe('tax-delinquent-rejects.csv');
  expect(rejects.text).toContain('9 Broken Zip Ln');
  expect(rejects.text).toContain('is not a US state or territory');
  const warnings = await downloadOf(page, () => page.getByRole('button', { name: /Download warnings CSV/ }).click());
  expect(warnings.name).toBe('tax-delinquent-warnings.csv');
  expect(warnings.text).toContain('malformed phone ""(000) 000-0000""');

  // The second list, a PropStream export, stacks on the same house.
  await uploadList(page, writeList('probate.csv', PROBATE_LIST), 'Probate filings', ['probate']);
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
  expect(await page.getByTestId('detected-layout').textContent()).toBe('PropStream export');
  await page.getByRole('button', { name: 'Confirm and import' }).click();
  await page.getByText('Import complete').waitFor({ timeout: 30_000 });
  expect(await count('Merged')).toBe(1);
  expect(await count('New properties')).toBe(1);

  // The Imports page lists both, finished.
  await nav.getByRole('link', { name: 'Imports' }).click();
  const importsTable = page.getByRole('table', { name: 'Imports' });
  await importsTable.getByRole('row').filter({ hasText: 'probate.csv' }).getByText('Completed').waitFor();
  await importsTable.getByRole('row').filter({ hasText: 'tax-delinquent.csv' }).getByText('Completed').waitFor();
  await screenshot(page, 'lists-06-imports');

  // Properties: stacked first, filters in the address bar.
  await nav.getByRole('link', { name: 'Properties' }).click();
  const table = page.getByRole('table', { name: 'Properties' });
  await table.getByRole('row').nth(1).waitFor();
  expect(await page.getByTestId('property-count').textContent()).toBe('1–4 of 4 properties');
  const firstRow = table.locator('tbody tr.row-link').first();
  expect(await firstRow.textContent()).toContain('123 N MAIN ST APT 4');
  expect(await firstRow.getByLabel('On 2 lists').count()).toBe(1);
  await screenshot(page, 'lists-07-properties');

  await page.getByLabel('Search', { exact: true }).fill('north main');
  await page.waitForURL(/q=north\+main|q=north%20main/);
  await page.getByLabel('Search', { exact: true }).fill('main st apt');
  await page.waitForURL(/q=main/);
  await expect.poll(() => page.getByTestId('property-count').textContent()).toBe('1 of 1 property');
  await page.getByLabel('Min. lists').fill('2');
  await page.waitForURL(/minStack=2/);
  expect(await table.locator('tbody tr.row-link').count()).toBe(1);

  const exported = await downloadOf(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
  const exportedLines = exported.text.trim().split('\n');
  expect(exportedLines).toHaveLength(2);
  expect(exportedLines[1]).toContain('123 N MAIN ST APT 4');
  await screenshot(page, 'lists-08-properties-filtered');

  // The property page: both lists, every owner, replaced values with their source.
  await table.locator('tbody tr.row-link').first().click();
  await page.getByRole('heading', { name: '123 N MAIN ST APT 4' }).waitFor();
  await page.getByLabel('On 2 lists').waitFor();
  const lists = page.getByRole('table', { name: 'Lists this property is on' });
  await lists.getByText('Tax delinquent 2024').waitFor();
  await lists.getByText('Probate filings').waitFor();
  const owners = page.getByRole('list').filter({ has: page.locator('.owner-card') });
  await owners.getByText('John A Smith', { exact: true }).waitFor();
  await owners.getByText('Mary Smith', { exact: true }).waitFor();
  await page.getByRole('link', { name: '(312) 555-0142' }).waitFor();
  await page.getByRole('region', { name: 'Building' }).getByText('1,450 sq ft').waitFor();
  const history = page.getByRole('table', { name: 'Replaced values' });
  const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await history.getByRole('row').filter({ hasText: 'Bedrooms' }).getByText('Tax delinquent 2024').waitFor();
  await screenshot(page, 'lists-09-property');

  // Reloading the mapping step of a waiting import fetches its preview again.
  await uploadList(
    page,
    writeList('later.csv', 'Address,City,State,Zip\n400 Maple Avenue,Springfield,IL,62704'),
    'Driving for dollars',
    [],
  );
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
  await page.reload();
  await page.getByLabel('Field for column Address').waitFor();
  expect(await page.getByLabel('Field for column Address').inputValue()).toBe('situs_address');

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});

test('pages through a long list with Next and Previous, the header staying in view', async () => {
  const rows = Array.from({ length: 1500 }, (_, i) => {
    const number = 100 + i;
    return `${number} Oak St,Springfield,IL,627${String(10 + (i % 80)).padStart(2, '0')},Owner ${i},${50_000 + i * 100},${1900 + (i % 120)}`;
  });
  const file = writeList('bulk.csv', ['Address,City,State,Zip,Owner Name,Market Value,Year Built', ...rows].join('\n'));
  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);

  await uploadList(page, file, 'Bulk list', ['vacant']);
  await page.getByRole('button', { name: 'Upload and map columns' }).click();
  await page.getByRole('button', { name: 'Confirm and import' }).click();
  await page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
  await screenshot(page, 'lists-10-import-running');
  await page.getByText('Import complete').waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'View properties of “Bulk list”' }).click();
  await page.waitForURL(/\/properties\?list=/);

  const table = page.getByRole('table', { name: 'Properties' });
  const count = page.getByTestId('property-count');
  await table.locator('tbody tr.row-link').first().waitFor();
  // Past a thousand matches the total is an estimate until the last page.
  expect(await count.textContent()).toMatch(/^1–50 of (about )?1,\d00 properties$/);
  expect(await table.locator('tbody tr.row-link').count()).toBe(50);

  // Sorted by value, highest first: the last page ends with the cheapest house.
  await table.getByRole('button', { name: 'Value' }).click();
  await page.waitForURL(/sort=value/);
  await expect.poll(() => table.locator('tbody tr.row-link').first().textContent()).toContain('1599 OAK ST');

  const next = page.getByRole('button', { name: 'Next' });
  for (let shown = 1; shown < 30; shown++) {
    await next.click();
    await page.waitForURL(new RegExp(`page=${shown + 1}(&|$)`));
    const range = [shown * 50 + 1, (shown + 1) * 50].map((n) => n.toLocaleString('en-US')).join('–');
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${range} of `));
  }
  await expect.poll(() => table.locator('tbody tr.row-link').last().textContent()).toContain('100 OAK ST');
  expect(await count.textContent()).toBe('1,451–1,500 of 1,500 properties');
  expect(await next.isDisabled()).toBe(true);

  // The header stays in view at the bottom of the page.
  const scroller = page.locator('.table-scroll');
  await scroller.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const header = await table.locator('thead th').first().boundingBox();
  const scrollBox = await scroller.boundingBox();
  expect(Math.abs((header?.y ?? 0) - (scrollBox?.y ?? -100))).toBeLessThan(2);
  await screenshot(page, 'lists-11-properties-last-page');

  await page.getByRole('button', { name: 'Previous' }).click();
  await expect.poll(() => count.textContent()).toMatch(/^1,401–1,450 of /);
  await expect.poll(() => table.locator('tbody tr.row-link').first().textContent()).toContain('199 OAK ST');

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
