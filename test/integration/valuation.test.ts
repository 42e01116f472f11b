import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/modules/imports/run-import.js';
import { retrainValuationIfStale } from '../../src/modules/valuation/service.js';
import { mulberry32 } from '../../src/platform/random/mulberry32.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

/**
 * A small town of 120 houses with coordinates, through the real import, and a year
 * of sales: price per sq ft rises to the east, so the model and the comps have
 * something real to find.
 */
function townList(): { csv: string; truth: Map<string, number> } {
  const random = mulberry32(3);
  const truth = new Map<string, number>();
  const lines = ['Address,City,State,Zip,Latitude,Longitude,Bedrooms,Bathrooms,Building Sqft,Year Built'];
  for (let i = 1; i <= 120; i++) {
    const lat = 39.78 + random() * 0.03;
    const lon = -89.66 + random() * 0.03;
    const sqft = Math.round(900 + random() * 1800);
    const address = `${i * 10} Valuation Way`;
    truth.set(address.toUpperCase().replace('WAY', 'WAY'), (120 + ((lon + 89.66) / 0.03) * 100) * sqft);
    lines.push(
      `${address},Springfield,IL,62704,${lat.toFixed(5)},${lon.toFixed(5)},${2 + (i % 3)},${1 + (i % 2)},${sqft},${1950 + (i % 60)}`,
    );
  }
  lines.push('1 No Area Ct,Springfield,IL,62704,39.79,-89.65,3,2,,1960');
  return { csv: lines.join('\n'), truth };
}

describe.skipIf(skipDatabase())('valuation', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-valuation-test-'));
  let subjectId: string;

  const auth = () => ({ authorization: `Bearer ${token}` });
  const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: auth() })).json();

  beforeAll(async () => {
    t = await createTestApp({ dataDir: tmp });
    tenant = await t.make.tenant();
    token = await t.make.bearer(tenant.owner);
    const upload = await uploadList(t.app, token, { name: 'town.csv', content: townList().csv }, { list: 'Town roll' });
    const { import: created, preview } = upload.json();
    await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${created.id}/mapping`, headers: auth(), payload: preview.proposal.mapping });
    await runImport(t.runtime.db, tenant.id, created.id);
    // A year of sales: 100 of the houses sold, priced by location and size with ±5 % noise.
    const random = mulberry32(8);
    await t.runtime.db.withTenant(tenant.id, async (tx) => {
      const parcels = await tx.query<{ id: string; living_sqft: number; longitude: number }>(
        `select id, living_sqft, longitude from parcels where living_sqft is not null order by address_line1 limit 100`,
      );
      for (const [i, parcel] of parcels.entries()) {
        const price = Math.round((120 + ((parcel.longitude + 89.66) / 0.03) * 100) * parcel.living_sqft * (0.95 + random() * 0.1));
        const date = new Date(Date.now() - (i + 5) * 3.5 * 86_400_000).toISOString().slice(0, 10);
        await tx.query(`insert into property_sales (parcel_id, sale_date, price, source) values ($1, $2, $3, 'test')`, [
          parcel.id,
          date,
          price,
        ]);
      }
      const [subject] = await tx.query<{ id: string }>(
        `select id from parcels where living_sqft is not null order by address_line1 desc limit 1`,
      );
      subjectId = subject!.id;
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('values a property from its comps and the learnt model, with adjustments that add up and the offer math', async () => {
    const valuation = await get(`/api/v1/properties/${subjectId}/valuation`);
    expect(valuation.status).toBe('ok');
    const detail = await get(`/api/v1/properties/${subjectId}`);
    const sqft = detail.fields.living_sqft ?? detail.livingSqft;
    expect(valuation.subject.livingSqft).toBe(sqft);
    const perSqft = 120 + ((valuation.subject.longitude + 89.66) / 0.03) * 100;
    expect(Math.abs(valuation.arv.value / (perSqft * sqft) - 1)).toBeLessThan(0.2);
    expect(valuation.arv.low).toBeLessThan(valuation.arv.value);
    expect(valuation.arv.high).toBeGreaterThan(valuation.arv.value);
    expect(valuation.model).toMatchObject({ version: 1, trainingSales: 100 });

    expect(valuation.comps.length).toBeGreaterThan(2);
    const today = new Date().toISOString().slice(0, 10);
    let weights = 0;
    for (const comp of valuation.comps) {
      expect(comp.saleDate < today).toBe(true);
      expect(comp.propertyId).not.toBe(subjectId);
      expect(comp.miles).toBeLessThanOrEqual(2);
      // Each adjustment is rounded to the dollar.
      const adjusted = comp.price + comp.adjustments.reduce((sum: number, a: { amount: number }) => sum + a.amount, 0);
      expect(Math.abs(adjusted - comp.adjustedPrice)).toBeLessThanOrEqual(comp.adjustments.length + 1);
      weights += comp.weight;
    }
    expect(weights).toBeCloseTo(1, 2);

    // Default repairs: the moderate preset for the living area; MAO = ARV × 70 % − repairs − 5,000.
    expect(valuation.repairs).toEqual({ preset: 'moderate', amount: Math.max(15_000, 35 * sqft) });
    expect(valuation.offer.maximumAllowableOffer).toBe(Math.round((valuation.arv.value * 70) / 100 - valuation.repairs.amount - 5_000));
    expect(valuation.offer.flip.purchasePrice).toBe(valuation.offer.maximumAllowableOffer);
    expect(valuation.assumptions.rentMonthly).toBe(Math.round(valuation.arv.value * 0.008));
  });

  it("values with the sales known now: a sale recorded since is a comp, the house's own sale never is", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = await get(`/api/v1/properties/${subjectId}/valuation`);
    expect(before.comps.some((comp: { saleDate: string }) => comp.saleDate === yesterday)).toBe(false);
    const neighbourId = await t.runtime.db.withTenant(tenant.id, async (tx) => {
      const [neighbour] = await tx.query<{ id: string }>(
        `select q.id from parcels p, parcels q
          where p.id = $1 and q.id <> p.id and q.living_sqft between p.living_sqft * 0.8 and p.living_sqft * 1.2
          order by (q.latitude - p.latitude) ^ 2 + (q.longitude - p.longitude) ^ 2 limit 1`,
        [subjectId],
      );
      await tx.query(
        `insert into property_sales (parcel_id, sale_date, price, source) values ($1, $2, 250000, 'test'), ($3, $2, 999000, 'test')`,
        [neighbour!.id, yesterday, subjectId],
      );
      return neighbour!.id;
    });
    const after = await get(`/api/v1/properties/${subjectId}/valuation`);
    const fresh = after.comps.filter((comp: { saleDate: string }) => comp.saleDate === yesterday);
    expect(fresh.map((comp: { propertyId: string }) => comp.propertyId)).toEqual([neighbourId]);

    // A home fact that changes since (here the subject's living area) is what the next valuation reads.
    await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query('update parcels set living_sqft = living_sqft + 400, updated_at = now() where id = $1', [subjectId]),
    );
    const larger = await get(`/api/v1/properties/${subjectId}/valuation`);
    expect(larger.subject.livingSqft).toBe(after.subject.livingSqft + 400);
    expect(larger.arv.value).toBeGreaterThan(after.arv.value);
    await t.runtime.db.withTenant(tenant.id, async (tx) => {
      await tx.query('update parcels set living_sqft = living_sqft - 400, updated_at = now() where id = $1', [subjectId]);
      await tx.query(`delete from property_sales where sale_date = $1`, [yesterday]);
    });
  });

  it("reads a comp's changed home facts on the next valuation", async () => {
    const before = await get(`/api/v1/properties/${subjectId}/valuation`);
    const comp = before.comps.find((c: { yearBuilt: number | null }) => c.yearBuilt !== null);
    const setYear = (year: number) =>
      t.runtime.db.withTenant(tenant.id, (tx) =>
        tx.query('update parcels set year_built = $2, updated_at = now() where id = $1', [comp.propertyId, year]),
      );
    await setYear(comp.yearBuilt + 1);
    try {
      const after = await get(`/api/v1/properties/${subjectId}/valuation`);
      expect(after.comps.find((c: { saleId: string }) => c.saleId === comp.saleId)?.yearBuilt).toBe(comp.yearBuilt + 1);
    } finally {
      await setYear(comp.yearBuilt);
    }
  });

  it('changes the offer with the repair estimate and the tenant rules', async () => {
    const before = await get(`/api/v1/properties/${subjectId}/valuation`);
    const heavy = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/properties/${subjectId}/repairs`,
      headers: auth(),
      payload: { preset: 'heavy' },
    });
    expect(heavy.statusCode, heavy.body).toBe(200);
    const heavyBody = heavy.json();
    expect(heavyBody.repairs.preset).toBe('heavy');
    expect(heavyBody.offer.maximumAllowableOffer).toBe(
      before.offer.maximumAllowableOffer - (heavyBody.repairs.amount - before.repairs.amount),
    );

    const own = (
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/properties/${subjectId}/repairs`,
        headers: auth(),
        payload: { preset: null, amount: 12_345 },
      })
    ).json();
    expect(own.repairs).toEqual({ preset: null, amount: 12_345 });

    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/properties/${subjectId}/repairs`,
      headers: auth(),
      payload: { preset: 'palace' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Unknown repair preset/);

    const rules = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/valuation/settings',
      headers: auth(),
      payload: { arvRulePercent: 65, otherCosts: 0 },
    });
    expect(rules.statusCode, rules.body).toBe(200);
    const after = await get(`/api/v1/properties/${subjectId}/valuation`);
    expect(after.offer.maximumAllowableOffer).toBe(Math.round((after.arv.value * 65) / 100 - 12_345));
    expect(
      (await t.app.inject({ method: 'PUT', url: '/api/v1/valuation/settings', headers: auth(), payload: { arvRulePercent: 150 } }))
        .statusCode,
    ).toBe(400);
  });

  it("prices repairs with the tenant's own presets", async () => {
    const presets = [
      { name: 'paint', label: 'Paint and carpet', perSqft: 8, minimum: 3_000 },
      { name: 'rehab', label: 'Full rehab', perSqft: 55, minimum: 25_000 },
    ];
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/valuation/settings',
      headers: auth(),
      payload: { repairPresets: presets, defaultRepairPreset: 'rehab' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const rehab = (
      await t.app.inject({ method: 'PUT', url: `/api/v1/properties/${subjectId}/repairs`, headers: auth(), payload: { preset: 'rehab' } })
    ).json();
    expect(rehab.repairPresets).toEqual(presets);
    expect(rehab.repairs).toEqual({ preset: 'rehab', amount: Math.max(25_000, 55 * rehab.subject.livingSqft) });
    // The old presets are gone; a default that is not among the presets is refused.
    expect(
      (await t.app.inject({ method: 'PUT', url: `/api/v1/properties/${subjectId}/repairs`, headers: auth(), payload: { preset: 'heavy' } }))
        .statusCode,
    ).toBe(400);
    const orphan = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/valuation/settings',
      headers: auth(),
      payload: { defaultRepairPreset: 'gut' },
    });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().error.message).toMatch(/not one of the presets: paint, rehab/);
  });

  it('retrains on request into a new active version', async () => {
    const trained = await t.app.inject({ method: 'POST', url: '/api/v1/valuation/models/train', headers: auth() });
    expect(trained.statusCode, trained.body).toBe(201);
    expect(trained.json().version).toBe(2);
    const active = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ version: number; status: string }>(`select version, status from models where kind = 'valuation' order by version`),
    );
    expect(active).toEqual([
      { version: 1, status: 'retired' },
      { version: 2, status: 'active' },
    ]);
    expect((await get(`/api/v1/properties/${subjectId}/valuation`)).model.version).toBe(2);
  });

  it('relearns on schedule only when sales were recorded since the active model', async () => {
    expect(await retrainValuationIfStale(t.runtime.db, tenant.id)).toEqual({
      model: null,
      reason: 'no sale recorded since the active model was trained',
    });
    await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query(
        `insert into property_sales (parcel_id, sale_date, price, source) select id, current_date - 2, 180000, 'test' from parcels where id <> $1 and living_sqft > 0 limit 1`,
        [subjectId],
      ),
    );
    const retrained = await retrainValuationIfStale(t.runtime.db, tenant.id);
    expect(retrained.model).toMatchObject({ version: 3, trainingSales: 101 });
    expect((await get(`/api/v1/properties/${subjectId}/valuation`)).model.version).toBe(3);

    const other = await t.make.tenant();
    expect(await retrainValuationIfStale(t.runtime.db, other.id)).toEqual({
      model: null,
      reason: '0 sales with a living area; a model needs 30',
    });
  });

  it('learns from the last sales an imported list carries, each sale recorded once', async () => {
    const other = await t.make.tenant();
    const otherToken = await t.make.bearer(other.owner);
    const random = mulberry32(21);
    const lines = ['Address,City,State,Zip,Latitude,Longitude,Building Sqft,Year Built,Last Sale Date,Last Sale Price'];
    for (let i = 1; i <= 40; i++) {
      const sqft = Math.round(1000 + random() * 1500);
      const date = new Date(Date.now() - i * 5 * 86_400_000).toISOString().slice(0, 10);
      lines.push(
        `${i * 2} Ledger Ln,Springfield,IL,62704,${(39.78 + random() * 0.02).toFixed(5)},${(-89.66 + random() * 0.02).toFixed(5)},${sqft},1970,${date},${Math.round(150 * sqft)}`,
      );
    }
    const importList = async () => {
      const upload = await uploadList(t.app, otherToken, { name: 'ledger.csv', content: lines.join('\n') }, { list: 'Ledger' });
      const { import: created, preview } = upload.json();
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/imports/${created.id}/mapping`,
        headers: { authorization: `Bearer ${otherToken}` },
        payload: preview.proposal.mapping,
      });
      await runImport(t.runtime.db, other.id, created.id);
    };
    const salesCount = async () =>
      (await t.runtime.db.withTenant(other.id, (tx) => tx.query<{ n: number }>('select count(*)::int as n from property_sales')))[0]!.n;
    await importList();
    expect(await salesCount()).toBe(40);
    await importList();
    expect(await salesCount()).toBe(40);

    const house = (
      await t.app.inject({ method: 'GET', url: '/api/v1/properties?limit=1', headers: { authorization: `Bearer ${otherToken}` } })
    ).json().items[0];
    const valuation = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/properties/${house.id}/valuation`,
        headers: { authorization: `Bearer ${otherToken}` },
      })
    ).json();
    expect(valuation.status, JSON.stringify(valuation)).toBe('ok');
    expect(valuation.model.trainingSales).toBe(40);
    expect(Math.abs(valuation.arv.value / (150 * valuation.subject.livingSqft) - 1)).toBeLessThan(0.15);
  });

  it('says why it cannot value a house without a living area, or a tenant without enough sales', async () => {
    const [noArea] = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ id: string }>('select id from parcels where living_sqft is null'),
    );
    const valuation = await get(`/api/v1/properties/${noArea!.id}/valuation`);
    expect(valuation).toMatchObject({ status: 'insufficient_data', arv: null, offer: null });
    expect(valuation.reason).toMatch(/living area/);

    const other = await t.make.tenant();
    const otherToken = await t.make.bearer(other.owner);
    const upload = await uploadList(
      t.app,
      otherToken,
      { name: 'one.csv', content: 'Address,City,State,Zip,Building Sqft\n5 Lonely Rd,Springfield,IL,62704,1200\n' },
      { list: 'One' },
    );
    const { import: created, preview } = upload.json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: { authorization: `Bearer ${otherToken}` },
      payload: preview.proposal.mapping,
    });
    await runImport(t.runtime.db, other.id, created.id);
    const lonely = (
      await t.app.inject({ method: 'GET', url: '/api/v1/properties', headers: { authorization: `Bearer ${otherToken}` } })
    ).json().items[0];
    const none = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/properties/${lonely.id}/valuation`,
        headers: { authorization: `Bearer ${otherToken}` },
      })
    ).json();
    expect(none).toMatchObject({ status: 'insufficient_data', model: null });
    expect(none.reason).toMatch(/Fewer than 30 sales/);
  });
});
