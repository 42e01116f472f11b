import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  dismissToasts,
  dollars,
  elementShot,
  newPage,
  screenshot,
  signInAsAdmin,
  startDemoCountyWorld,
  stopBrowserWorld,
  waitFor,
} from '../support/browser.js';
import type { TestServer } from '../support/test-app.js';

/**
 * Valuing a property and pricing an offer, and the enrichment admin page, through
 * the web UI against the real server and its worker. The tenant is filled with a
 * small demo county through the import pipeline (lists with coordinates, building
 * facts and owners) plus its recorded sales, which the valuation learns from.
 * Screenshots land in test-results/.
 */

const PARCELS = 3000;

let server: TestServer;
let browser: Browser;
let tenantId: string;

beforeAll(async () => {
  ({ server, browser, tenantId } = await startDemoCountyWorld(PARCELS));
}, 180_000);

afterAll(async () => {
  await stopBrowserWorld({ server, browser });
});

/** The house with the most sales of homes nearby in the last year: the one a valuation has comps for. */
async function propertyWithComps(): Promise<{ id: string; address: string }> {
  const [row] = await server.runtime.db.withTenant(tenantId, (tx) =>
    tx.query<{ id: string; address: string }>(
      `select p.id, p.address_line1 as address
         from parcels p
        where p.living_sqft > 0 and p.latitude is not null and p.address_line1 is not null
        order by (select count(*) from property_sales s join parcels q on q.id = s.parcel_id
                   where s.sale_date > now() - interval '11 months' and q.living_sqft > 0 and q.id <> p.id
                     and abs(q.latitude - p.latitude) < 0.015 and abs(q.longitude - p.longitude) < 0.02) desc,
                 p.address_line1
        limit 1`,
    ),
  );
  return row!;
}

test(
  'values a property from its comps, on a map and in a table, and the offer follows the repair estimate',
  { timeout: 240_000 },
  async () => {
    const subject = await propertyWithComps();
    // The worker enriches the imported properties, deriving their signals, and scores them from those.
    await waitFor('the score of the property', async () => {
      const [score] = await server.runtime.db.withTenant(tenantId, (tx) =>
        tx.query('select 1 from parcel_scores where parcel_id = $1', [subject.id]),
      );
      return score;
    });

    const { page, scriptErrors } = await newPage(browser);
    await signInAsAdmin(page, server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Properties' }).click();
    await page.getByLabel('Search', { exact: true }).fill(subject.address);
    const table = page.getByRole('table', { name: 'Properties' });
    await table.locator('tbody tr.row-link', { hasText: subject.address }).first().click();
    await page.getByRole('heading', { name: subject.address, level: 1 }).waitFor();

    // Why the owner may sell: the score and its reasons.
    const scoreCard = page.locator('section', { has: page.getByRole('heading', { name: 'Motivation score' }) });
    await scoreCard.locator('.reason-list li').first().waitFor();
    expect(await scoreCard.locator('.reason-list li').count()).toBeGreaterThan(0);

    // The value after repairs: the first valuation of the tenant learns its model first.
    const panel = page.getByTestId('valuation-panel');
    await panel.getByTestId('arv-value').waitFor({ timeout: 90_000 });
    const arv = await dollars(panel.getByTestId('arv-value'));
    expect(arv).toBeGreaterThan(10_000);
    expect(await panel.getByTestId('arv-grade').textContent()).toMatch(/^[ABCD]$/);
    expect(await panel.getByTestId('arv-range').textContent()).toMatch(/\$[\d,]+ – \$[\d,]+/);

    // Comps: numbered rows in the table, the same numbers on the map, around the subject.
    const compRows = panel.getByTestId('comp-row');
    const comps = await compRows.count();
    expect(comps).toBeGreaterThanOrEqual(3);
    const markers = panel.getByTestId('map-comp');
    expect(await markers.count()).toBe(comps);
    expect(await markers.locator('text').allTextContents()).toEqual(Array.from({ length: comps }, (_, i) => String(i + 1)));
    expect(await panel.getByTestId('map-subject').count()).toBe(1);
    expect(await panel.locator('.map-scale text').textContent()).toMatch(/\d+(\.\d+)? (mi|ft)/);
    expect(await compRows.first().locator('.comp-number').textContent()).toBe('1');
    expect(await compRows.first().textContent()).toMatch(/\d\.\d\d mi/);

    // A comp's adjustments, factor by factor, add up to its adjusted price.
    await compRows
      .first()
      .getByRole('button', { name: /show adjustments/ })
      .click();
    const adjustments = panel.getByRole('list', { name: /Adjustments of comp/ });
    await adjustments.getByText('Sold for').waitFor();
    await adjustments.getByText('Adjusted to this property').waitFor();
    const lines = await adjustments.locator('li').allTextContents();
    expect(lines.length).toBeGreaterThan(2);
    const amountOf = (line: string) =>
      Number(
        line.replace(
          /^[^$]*?([−+-]?)\$([\d,]+)$/,
          (_, sign: string, digits: string) => `${sign === '−' || sign === '-' ? '-' : ''}${digits.replace(/,/g, '')}`,
        ),
      );
    const [sold, ...steps] = lines.map(amountOf);
    const adjusted = steps.pop()!;
    expect(Math.abs(sold! + steps.reduce((sum, amount) => sum + amount, 0) - adjusted)).toBeLessThanOrEqual(steps.length);
    await dismissToasts(page);
    await screenshot(page, 'valuation-01-property');
    await elementShot(panel, 'valuation-02-panel');

    // The offer: MAO = ARV × rule − repairs − other costs, recomputed as the user types.
    const mao = panel.getByTestId('mao');
    const repairs = panel.getByTestId('input-repairs');
    const maoBefore = await dollars(mao);
    const repairsBefore = Number(await repairs.inputValue());
    const rule = Number(await panel.getByTestId('input-arvRulePercent').inputValue());
    const otherCosts = Number(await panel.getByTestId('input-otherCosts').inputValue());
    expect(maoBefore).toBe(Math.round((arv * rule) / 100 - repairsBefore - otherCosts));

    await panel.getByTestId('repair-preset').selectOption('heavy');
    const heavy = Number(await repairs.inputValue());
    expect(heavy).toBeGreaterThan(repairsBefore);
    await expect.poll(() => dollars(mao)).toBe(maoBefore - (heavy - repairsBefore));

    await repairs.fill('61250');
    await expect.poll(() => dollars(mao)).toBe(maoBefore - (61_250 - repairsBefore));
    expect(await panel.getByTestId('repair-preset').inputValue()).toBe('');
    const flipProfit = await dollars(panel.getByTestId('flip-profit'));

    // Paying $20,000 more than the MAO takes about that from the flip's profit.
    await panel.getByTestId('input-purchasePrice').fill(String(Math.max(0, maoBefore - (61_250 - repairsBefore)) + 20_000));
    await expect.poll(() => dollars(panel.getByTestId('flip-profit'))).toBeLessThan(flipProfit - 20_000);
    await panel.getByTestId('input-purchasePrice').fill('');

    // Saved, the estimate is what the server values the property with.
    await panel.getByRole('button', { name: 'Save repair estimate' }).click();
    await page.getByText('Repair estimate saved: $61,250').waitFor();
    await panel.getByText('Saved estimate: $61,250').waitFor();
    await dismissToasts(page);
    await elementShot(panel.getByTestId('offer-calculator'), 'valuation-03-offer');

    await page.reload();
    await page.getByTestId('valuation-panel').getByTestId('mao').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('input-repairs').inputValue()).toBe('61250');
    expect(await dollars(page.getByTestId('mao'))).toBe(maoBefore - (61_250 - repairsBefore));

    // Enrichment of this property: where it is, each provider's status, and a run on demand.
    const enrichment = page.getByTestId('property-enrichment');
    const providers = enrichment.getByRole('table', { name: 'Enrichment providers for this property' });
    await providers.getByRole('row').filter({ hasText: 'Signals derived from your own data' }).getByText('Done').waitFor();
    await providers.getByRole('row').filter({ hasText: 'ATTOM' }).getByText('Not configured on this server').waitFor();
    await enrichment.getByText('Absentee owner').waitFor();
    await enrichment.getByRole('button', { name: 'Enrich now' }).click();
    await page.getByText('Enrichment queued for this property').waitFor();
    await enrichment.getByRole('button', { name: 'Enrich now' }).waitFor({ timeout: 40_000 });
    await dismissToasts(page);
    await elementShot(enrichment, 'valuation-04-enrichment-card');

    // A house without a living area cannot be valued, and says why.
    const [unmeasured] = await server.runtime.db.withTenant(tenantId, (tx) =>
      tx.query<{ id: string }>(
        'select id from parcels where living_sqft is null and address_line1 is not null order by address_line1 limit 1',
      ),
    );
    if (unmeasured) {
      await page.goto(`${server.url}/properties/${unmeasured.id}`);
      await page.getByTestId('valuation-insufficient').getByText('no living area').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('mao').textContent()).toBe('—');
      await page.getByTestId('input-arv').fill('200000');
      const number = async (testId: string) => Number(await page.getByTestId(testId).inputValue());
      const expected = Math.round(
        (200_000 * (await number('input-arvRulePercent'))) / 100 - (await number('input-repairs')) - (await number('input-otherCosts')),
      );
      await expect.poll(() => dollars(page.getByTestId('mao'))).toBe(expected);
      await elementShot(page.getByTestId('valuation-panel'), 'valuation-06-insufficient');
    }

    expect(scriptErrors).toEqual([]);
    await page.context().close();
  },
);

test('admins see enrichment providers, set budgets, and read costs per provider and day', async () => {
  // The calls a configured ATTOM key and the Census geocoder would have made over two weeks (this machine has no network).
  await server.runtime.db.withTenant(tenantId, (tx) =>
    tx.query(
      `insert into provider_calls (provider, request_key, outcome, cost, attempts, called_at)
       select provider, 'test:' || day || ':' || n, case when n % 7 = 0 then 'not_found' when n % 11 = 0 then 'cached' else 'ok' end,
              case when provider = 'attom' and n % 11 <> 0 then 0.08 else 0 end, 1, now() - make_interval(days => day)
         from generate_series(0, 13) as day, generate_series(1, 40) as n, unnest(array['attom', 'census_geocoder']) as provider
        where n <= 8 + (day * 7) % 33`,
    ),
  );

  const { page, scriptErrors } = await newPage(browser);
  await signInAsAdmin(page, server);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrichment' }).click();
  await page.getByRole('heading', { name: 'Enrichment', level: 1 }).waitFor();

  const providers = page.getByRole('table', { name: 'Enrichment providers' });
  await providers.getByTestId('provider-geography').waitFor();
  expect(await providers.locator('tbody tr').count()).toBe(4);
  const attom = providers.getByTestId('provider-attom');
  expect(await attom.textContent()).toContain('Paid');
  expect(await attom.textContent()).toContain('Not configured');

  // A paid provider needs its price before it can be turned on.
  await attom.getByLabel(/Cost per call/).fill('0.08');
  await attom.getByLabel(/Cost per call/).press('Enter');
  await page.getByText('cost per call saved').waitFor();
  await attom.getByRole('switch').click();
  await page.getByText(/ATTOM property detail enabled/).waitFor();
  expect(await attom.getByRole('switch').isChecked()).toBe(true);

  // Budgets.
  await page.getByLabel('Daily budget').fill('5');
  await page.getByLabel('Monthly budget').fill('100');
  await page.getByRole('button', { name: 'Save budgets' }).click();
  await page.getByText('Enrichment budgets saved').waitFor();

  // Costs: a stacked bar per day, and the table behind it.
  const chart = page.getByTestId('cost-chart');
  await chart.waitFor();
  expect(await chart.locator('rect').count()).toBeGreaterThanOrEqual(14);
  const costs = page.getByRole('table', { name: 'Provider costs per day' });
  expect(await costs.locator('tbody tr').count()).toBe(14);
  expect(await costs.locator('thead').textContent()).toContain('ATTOM property detail');
  await page.getByRole('button', { name: 'Calls', exact: true }).click();
  await dismissToasts(page);
  await page.getByRole('button', { name: 'Cost', exact: true }).click();
  await screenshot(page, 'valuation-05-enrichment-admin');

  expect(scriptErrors).toEqual([]);
  await page.context().close();
});
