import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { systemActor } from '../../src/platform/auth/principal.js';
import { getWeights, listModelViews, trainCandidate } from '../../src/modules/scoring/service.js';
import { getValuationSettings } from '../../src/modules/valuation/service.js';
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
 * The scoring admin page (model registry, calibration, weights), the score filter
 * of the properties list and the valuation settings page, through the web UI
 * against the real server and its worker. The tenant is a small demo county,
 * imported with the outcomes its team recorded, which the model learns from.
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

const count = async (sql: string, params: unknown[] = []) =>
  (await server.runtime.db.withTenant(tenantId, (tx) => tx.query<{ n: number }>(sql, params)))[0]!.n;

test(
  'admins train, activate and roll back models, read their calibration, and change the weights; the list filters by score',
  { timeout: 300_000 },
  async () => {
    // The worker enriches the imported parcels and scores them; the filter below needs the scores.
    await waitFor(
      'every parcel scored',
      async () =>
        (await count(
          'select count(*)::int as n from parcels p where not exists (select 1 from parcel_scores s where s.parcel_id = p.id)',
        )) === 0
          ? true
          : undefined,
      150_000,
    );
    const labelled = await count('select count(*)::int as n from parcel_outcomes');
    expect(labelled).toBeGreaterThanOrEqual(200);

    const { page, scriptErrors } = await newPage(browser);
    await signInAsAdmin(page, server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scoring' }).click();
    await page.getByRole('heading', { name: 'Scoring', level: 1 }).waitFor();
    await page.getByText('No model trained yet').waitFor();

    // Training runs in the worker; the page polls until the candidate appears.
    await page.getByRole('button', { name: 'Train new model' }).click();
    await page.getByText(/Training queued on [\d,]+ parcels/).waitFor();
    const versions = page.getByRole('table', { name: 'Model versions' });
    const v1 = versions.getByTestId('model-v1');
    await v1.waitFor({ timeout: 120_000 });
    expect(await v1.getByText('Candidate').count()).toBe(1);
    expect(await v1.textContent()).toMatch(/0\.\d{3}/);

    // The selected model's calibration: a dot per bin and the diagonal, and its metrics beside the stack score's.
    const chart = page.getByTestId('calibration-chart');
    await chart.waitFor();
    expect(await chart.getByTestId('calibration-bin').count()).toBeGreaterThanOrEqual(2);
    expect(await chart.locator('.calibration-diagonal').count()).toBe(1);
    const metrics = page.getByRole('table', { name: 'Metrics of model version 1' });
    expect(await metrics.textContent()).toContain('Stack score');
    expect(await metrics.textContent()).toMatch(/ROC AUC\D+0\.\d{3}/);

    await v1.getByRole('button', { name: 'Activate' }).click();
    await page.getByText('Model v1 is active').waitFor();
    await v1.getByText('Active', { exact: true }).waitFor();

    // A second version, trained by the service the job calls; activating it leaves v1 to roll back to.
    await trainCandidate(server.runtime.db, tenantId, systemActor('browser test'));
    await page.reload();
    const v2 = versions.getByTestId('model-v2');
    await v2.waitFor();
    expect(await page.getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    await v2.getByRole('button', { name: 'Activate' }).click();
    await v2.getByText('Active', { exact: true }).waitFor();
    await v1.getByText('Retired').waitFor();
    await page.getByRole('heading', { name: /Model v2: calibration/ }).waitFor();
    await page.getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Rolled back to model v1').waitFor();
    await v1.getByText('Active', { exact: true }).waitFor();
    await v2.getByText('Retired').waitFor();

    // Selecting a row shows that version's calibration.
    await v2.getByRole('button', { name: 'v2' }).click();
    await page.getByRole('heading', { name: /Model v2: calibration/ }).waitFor();
    await v1.getByRole('button', { name: 'v1' }).click();
    await page.getByRole('heading', { name: /Model v1: calibration/ }).waitFor();
    // The ROC AUC comes with its bootstrap interval, and so does the gain over the stack score.
    const [v1Model] = (await listModelViews(server.runtime.db, tenantId)).items.filter((model) => model.version === 1);
    const [low, high] = v1Model!.metrics.rocAucInterval!;
    expect(low).toBeLessThan(v1Model!.metrics.rocAuc);
    expect(high).toBeGreaterThan(v1Model!.metrics.rocAuc);
    await page.getByText(`${low.toFixed(3)}–${high.toFixed(3)}`).waitFor();
    expect(await page.getByTestId('auc-gain-interval').textContent()).toMatch(/^[+−]\d+\.\d to [+−]\d+\.\d pts$/);
    await dismissToasts(page);
    await screenshot(page, 'scoring-01-page');
    await elementShot(
      page.locator('section', { has: page.getByRole('heading', { name: /calibration and metrics/ }) }),
      'scoring-02-calibration',
    );

    // The weights: defaults beside each, a change saved as an override.
    const absentee = page.getByLabel('Absentee owner');
    expect(await absentee.inputValue()).toBe('12');
    expect(await page.getByTestId('default-absentee').textContent()).toBe('default +12');
    await absentee.fill('20');
    await page.getByRole('button', { name: 'Save weights' }).click();
    await page.getByText('Weights saved; every property is being rescored').waitFor();
    expect((await getWeights(server.runtime.db, tenantId)).overrides).toEqual({ absentee: 20 });
    expect(await page.getByLabel('Absentee owner').inputValue()).toBe('20');
    await dismissToasts(page);
    await elementShot(page.getByRole('form', { name: 'Score weights' }), 'scoring-03-weights');

    // The properties list, filtered by a minimum score kept in the address.
    const threshold = await waitFor('a score threshold some properties reach', async () => {
      const [row] = await server.runtime.db.withTenant(tenantId, (tx) =>
        tx.query<{ p: number | null }>('select percentile_disc(0.8) within group (order by score) as p from parcel_scores'),
      );
      return row?.p ?? undefined;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Properties' }).click();
    const table = page.getByRole('table', { name: 'Properties' });
    await table.locator('tbody tr.row-link').first().waitFor();
    await page.getByLabel('Minimum score').fill(String(threshold));
    await page.waitForURL(new RegExp(`minScore=${threshold}`));
    const scoresShown = async () => {
      const rows = table.locator('tbody tr.row-link');
      const texts = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[1]?.textContent ?? ''));
      return texts.map(Number);
    };
    await expect
      .poll(
        async () => {
          const scores = await scoresShown();
          return scores.length > 0 && scores.every((score) => score >= threshold);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const shown = await scoresShown();
    expect(shown.every((score) => Number.isInteger(score) && score >= threshold)).toBe(true);

    await page.reload();
    expect(await page.getByLabel('Minimum score').inputValue()).toBe(String(threshold));
    await table.locator('tbody tr.row-link').first().waitFor();
    expect((await scoresShown()).every((score) => score >= threshold)).toBe(true);
    await screenshot(page, 'scoring-04-properties-min-score');

    expect(scriptErrors).toEqual([]);
    await page.context().close();
  },
);

test(
  'admins change the valuation settings, and a property’s maximum allowable offer follows the ARV rule',
  { timeout: 240_000 },
  async () => {
    const { page, scriptErrors } = await newPage(browser);
    await signInAsAdmin(page, server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Valuation' }).click();
    await page.getByRole('heading', { name: 'Valuation', level: 1 }).waitFor();

    const rule = page.getByTestId('setting-arvRulePercent');
    expect(await rule.inputValue()).toBe('70');
    await page.getByText('Default 70 %').waitFor();
    expect(await page.getByRole('button', { name: 'Reset to defaults' }).isDisabled()).toBe(true);
    await rule.fill('65');

    // The team's own repair preset replaces the full gut.
    await page.getByRole('button', { name: 'Remove Full gut' }).click();
    await page.getByRole('button', { name: 'Add preset' }).click();
    const presets = page.getByRole('table', { name: 'Repair presets' });
    const added = presets.getByRole('row').last();
    await page.getByText('New repair preset: needs a description').waitFor();
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    await added.getByRole('textbox').fill('Roof and kitchen');
    await added.getByRole('spinbutton', { name: /Cost per sq ft/ }).fill('22');
    await added.getByRole('spinbutton', { name: /Minimum/ }).fill('18000');
    await presets.getByText('roof_and_kitchen').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Valuation settings saved').waitFor();
    const saved = (await getValuationSettings(server.runtime.db, tenantId)).settings;
    expect(saved.arvRulePercent).toBe(65);
    expect(saved.repairPresets.map((preset) => preset.name)).toEqual(['none', 'cosmetic', 'moderate', 'heavy', 'roof_and_kitchen']);
    expect(saved.repairPresets.at(-1)).toEqual({ name: 'roof_and_kitchen', label: 'Roof and kitchen', perSqft: 22, minimum: 18_000 });
    expect(await page.getByRole('button', { name: 'Reset to defaults' }).isDisabled()).toBe(false);
    await dismissToasts(page);
    await screenshot(page, 'scoring-05-valuation-settings');

    // A house with recent sales nearby, so the valuation has an ARV to apply the rule to.
    const [subject] = await server.runtime.db.withTenant(tenantId, (tx) =>
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
    await page.goto(`${server.url}/properties/${subject!.id}`);
    const panel = page.getByTestId('valuation-panel');
    await panel.getByTestId('mao').waitFor({ timeout: 120_000 });
    await panel.getByTestId('arv-value').waitFor({ timeout: 120_000 });
    expect(await panel.getByTestId('input-arvRulePercent').inputValue()).toBe('65');
    const arv = await dollars(panel.getByTestId('arv-value'));
    const repairs = Number(await panel.getByTestId('input-repairs').inputValue());
    const otherCosts = Number(await panel.getByTestId('input-otherCosts').inputValue());
    expect(await dollars(panel.getByTestId('mao'))).toBe(Math.round(arv * 0.65 - repairs - otherCosts));
    await elementShot(panel.getByTestId('offer-calculator'), 'scoring-06-offer-at-65');

    // The new preset prices this house's repairs: $22 per sq ft, at least $18,000.
    const sqft = (
      await server.runtime.db.withTenant(tenantId, (tx) =>
        tx.query<{ sqft: number }>('select living_sqft as sqft from parcels where id = $1', [subject!.id]),
      )
    )[0]!.sqft;
    const roofAndKitchen = Math.max(18_000, Math.round(22 * sqft));
    await panel.getByTestId('repair-preset').selectOption('roof_and_kitchen');
    expect(Number(await panel.getByTestId('input-repairs').inputValue())).toBe(roofAndKitchen);
    await expect.poll(() => dollars(panel.getByTestId('mao'))).toBe(Math.round(arv * 0.65 - roofAndKitchen - otherCosts));

    expect(scriptErrors).toEqual([]);
    await page.context().close();
  },
);
