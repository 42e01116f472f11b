import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newPage, screenshot, signInAsAdmin, startBrowserWorld, stopBrowserWorld } from '../support/browser.js';
import { seedLargeTenant } from '../support/large-tenant.js';
import type { TestServer } from '../support/test-app.js';

/**
 * The property list on a county-sized tenant, as a person uses it: pages by cursor with
 * Next, Previous, the browser's Back and a reload; an estimated count; a sort; a search
 * for an owner and for a street; and a search that finds nothing. Screenshots land in
 * test-results/.
 */

/**
 * Far past the thousand matches the server counts exactly, so the count is an estimate;
 * small enough that seeding (the rows, then their search text) keeps the file near half a minute.
 */
const PARCELS = 25_000;

let server: TestServer;
let browser: Browser;
let tenantId: string;

beforeAll(async () => {
  ({ server, browser } = await startBrowserWorld());
  const [tenant] = await server.runtime.db.asOwner((tx) =>
    tx.query<{ id: string }>('select id from tenants where slug = $1', [server.admin.tenantSlug]),
  );
  tenantId = tenant!.id;
  await seedLargeTenant(server.runtime.db, tenantId, { parcels: PARCELS });
}, 180_000);

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

/** The ids of the rows on screen, in order (each row links to its property). */
const rowIds = (table: Locator) =>
  table.locator('tbody tr.row-link td:first-child a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));

/** Each row's visible text (cells and the lines within them stay apart). */
const rowTexts = (table: Locator) => table.locator('tbody tr.row-link').evaluateAll((rows) => rows.map((row) => row.innerText));

/** Whether every word of `query` starts a word of `text`, in any order (what the search promises). */
const matchesSearch = (text: string, query: string) => {
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((term) => words.some((word) => word.startsWith(term)));
};

/** Waits until the table shows rows other than `before` and no page is loading. */
async function waitForNewRows(page: Page, table: Locator, before: string[]): Promise<string[]> {
  await expect
    .poll(async () => (await table.getAttribute('aria-busy')) === 'false' && (await rowIds(table)).join() !== before.join())
    .toBe(true);
  return rowIds(table);
}

test('pages a 25,000-parcel county by cursor, sorts it, and searches it by owner and by street', async () => {
  const { page, scriptErrors } = await newPage(browser);
  const propertyRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/v1/properties') propertyRequests.push(request.url());
  });
  await signInAsAdmin(page, server);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Properties' }).click();
  const table = page.getByRole('table', { name: 'Properties' });
  const count = page.getByTestId('property-count');
  const next = page.getByRole('button', { name: 'Next' });
  const previous = page.getByRole('button', { name: 'Previous' });
  await table.locator('tbody tr.row-link').first().waitFor();
  // Far past what is counted exactly: an estimate, rounded.
  expect(await count.textContent()).toMatch(/^1–50 of about \d{2},\d{3} properties$/);
  expect(await previous.isDisabled()).toBe(true);
  await screenshot(page, 'scale-01-first-page');

  // Four pages forward: fifty new rows each time, none seen before. Each next page is fetched
  // ahead (one request per page, page 6 included), so Next shows rows already at hand.
  const pages: string[][] = [await rowIds(table)];
  expect(pages[0]).toHaveLength(50);
  for (let number = 2; number <= 5; number++) {
    await expect.poll(() => propertyRequests.filter((url) => url.includes('cursor=')).length).toBe(number - 1);
    await next.click();
    pages.push(await waitForNewRows(page, table, pages.at(-1)!));
    expect(pages.at(-1)).toHaveLength(50);
    await page.waitForURL(new RegExp(`[?&]cursor=[^&]+.*&page=${number}(&|$)`));
    const first = (number - 1) * 50 + 1;
    expect(await count.textContent()).toMatch(new RegExp(`^${first}–${first + 49} of about `));
  }
  const cursorRequests = () => propertyRequests.filter((url) => url.includes('cursor=')).length;
  await expect.poll(cursorRequests).toBe(5);
  expect(new Set(pages.flat()).size).toBe(250);
  await screenshot(page, 'scale-02-page-5');

  // The browser's Back, then Previous, then a reload: each shows the earlier rows again,
  // the pages already seen straight from the cache.
  await page.goBack();
  await waitForNewRows(page, table, pages[4]!);
  expect(await rowIds(table)).toEqual(pages[3]);
  await previous.click();
  await waitForNewRows(page, table, pages[3]!);
  expect(await rowIds(table)).toEqual(pages[2]);
  expect(cursorRequests()).toBe(5);
  await page.reload();
  await table.locator('tbody tr.row-link').first().waitFor();
  expect(await rowIds(table)).toEqual(pages[2]);
  expect(await count.textContent()).toMatch(/^101–150 of about /);
  await previous.click();
  await waitForNewRows(page, table, pages[2]!);
  expect(await rowIds(table)).toEqual(pages[1]);
  await previous.click();
  await waitForNewRows(page, table, pages[1]!);
  expect(await rowIds(table)).toEqual(pages[0]);
  expect(await previous.isDisabled()).toBe(true);

  // A sort starts again at the first page, highest score first. While it loads (held back
  // here), the rows before stay on screen, faded, under a loading note.
  await page.getByRole('button', { name: 'Next' }).click();
  await waitForNewRows(page, table, pages[0]!);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/properties?*', async (route) => {
    await held;
    await route.continue();
  });
  await table.getByRole('button', { name: 'Score' }).click();
  await page.waitForURL((url) => url.searchParams.get('sort') === 'score' && !url.searchParams.has('cursor'));
  await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
  expect(await table.getAttribute('aria-busy')).toBe('true');
  expect(await rowIds(table)).toEqual(pages[1]);
  await screenshot(page, 'scale-03-sort-loading');
  release();
  await page.unrouteAll({ behavior: 'wait' });
  // The faded rows of before can already start high; only the sorted page replaces them.
  await waitForNewRows(page, table, pages[1]!);
  expect(await count.textContent()).toMatch(/^1–50 of about /);
  const scores = async () =>
    (await table.locator('tbody tr.row-link td:nth-child(2)').allInnerTexts()).map((text) => (text === '—' ? -1 : Number(text)));
  expect((await scores())[0]).toBeGreaterThan(50);
  const firstScores = await scores();
  expect(firstScores).toEqual([...firstScores].sort((a, b) => b - a));
  const beforeNext = await rowIds(table);
  await next.click();
  await waitForNewRows(page, table, beforeNext);
  const secondScores = await scores();
  expect(secondScores).toEqual([...secondScores].sort((a, b) => b - a));
  expect(secondScores[0]).toBeLessThanOrEqual(firstScores.at(-1)!);
  await screenshot(page, 'scale-04-sorted-by-score');

  // An owner by name, surname first: only their properties, from the first page.
  const [owner] = await server.runtime.db.withTenant(tenantId, (tx) =>
    tx.query<{ name: string }>(
      `select o.display_name as name from owners o join parcel_owners po on po.owner_id = o.id
        where o.kind = 'person' and o.display_name ~ '^[A-Za-z]+ [A-Za-z]+$'
        group by o.display_name having count(*) between 2 and 40 order by count(*) desc, o.display_name limit 1`,
    ),
  );
  const [first, last] = owner!.name.split(' ') as [string, string];
  const ownerQuery = `${last.toLowerCase()} ${first.toLowerCase()}`;
  const search = page.getByLabel('Search', { exact: true });
  const sortedRows = await rowIds(table);
  await search.fill(ownerQuery);
  await page.waitForURL((url) => url.searchParams.get('q') === ownerQuery && !url.searchParams.has('cursor'));
  // The sorted rows stay on screen, not busy, until the search has started: wait for its own rows.
  await waitForNewRows(page, table, sortedRows);
  const ownerRows = await rowTexts(table);
  expect(ownerRows.length).toBeGreaterThanOrEqual(2);
  expect(ownerRows.filter((text) => !matchesSearch(text, ownerQuery))).toEqual([]);
  expect(ownerRows.filter((text) => text.includes(owner!.name)).length).toBeGreaterThanOrEqual(2);
  expect(await count.textContent()).toMatch(/^1(–\d+)? of \d+ propert(y|ies)$/);
  await screenshot(page, 'scale-05-owner-search');

  // A street, as people type it: a part of the name and the suffix.
  const [street] = await server.runtime.db.withTenant(tenantId, (tx) =>
    tx.query<{ street: string; suffix: string }>(
      `select address_street as street, address_suffix as suffix from parcels where address_street ~ '^[A-Z]{5,} [A-Z]+$' limit 1`,
    ),
  );
  const streetQuery = `${street!.street.split(' ')[0]!.toLowerCase()} ${street!.suffix.toLowerCase()}`;
  const ownerIds = await rowIds(table);
  await search.fill(streetQuery);
  await page.waitForURL((url) => url.searchParams.get('q') === streetQuery);
  await waitForNewRows(page, table, ownerIds);
  expect((await rowTexts(table)).filter((text) => !matchesSearch(text, streetQuery))).toEqual([]);
  expect((await rowTexts(table)).length).toBeGreaterThan(0);
  await screenshot(page, 'scale-06-street-search');

  // Nonsense finds nothing, says so, and offers the way back.
  await search.fill('zqxv wkpf');
  await page.getByText('No properties match “zqxv wkpf”').waitFor();
  await screenshot(page, 'scale-07-search-empty');
  await page.getByRole('button', { name: 'Clear search' }).click();
  await page.waitForURL((url) => !url.searchParams.has('q') && url.searchParams.get('sort') === 'score');
  await table.locator('tbody tr.row-link').first().waitFor();
  expect(await search.inputValue()).toBe('');
  await expect.poll(() => count.textContent()).toMatch(/^1–50 of about /);

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
