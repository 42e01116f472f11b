import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

interface Match {
  buyerId: string;
  score: number;
  band: string;
  name: string;
  reasons: { criterion: string; points: number; status: string }[];
}

describe.skipIf(skipDatabase())('buyer matching: ranking, reasons and suggested deals', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let owner: string;
  let outsider: string;
  let austinDeal: string;
  let dallasDeal: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  async function parcel(apn: string, facts: { zip: string; city: string; county: string; type: string; lat: number; lon: number }) {
    return t.runtime.db.withTenant(tenant.id, async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, county,
                              property_type, latitude, longitude, beds, source)
         values ($1, '1', 'MAIN ST', '1 MAIN ST', $1, $2, 'TX', $3, $4, $5, $6, $7, 3, 'test') returning id`,
        [apn, facts.city, facts.zip, facts.county, facts.type, facts.lat, facts.lon],
      );
      await tx.query('select refresh_parcel_search($1::uuid[])', [[row!.id]]);
      return row!.id;
    });
  }

  async function deal(propertyId: string, body: object): Promise<string> {
    const created = await call(owner, 'POST', '/deals', { propertyId, title: 'Deal', ...body });
    expect(created.statusCode, created.body).toBe(201);
    return (created.json() as { id: string }).id;
  }

  const buyer = async (body: object): Promise<string> => {
    const created = await call(owner, 'POST', '/buyers', body);
    expect(created.statusCode, created.body).toBe(201);
    return (created.json() as { id: string }).id;
  };

  const matches = async (dealId: string): Promise<Match[]> => {
    const response = await call(owner, 'GET', `/deals/${dealId}/buyer-matches`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Match[] }).items;
  };

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant('Ranking Wholesale');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    const other = await t.make.tenant('Ranking Elsewhere');
    outsider = await t.make.bearer(other.owner, other.slug);
    const austin = await parcel('r-1', { zip: '78701', city: 'AUSTIN', county: 'Travis County', type: 'SFR', lat: 30.2672, lon: -97.7431 });
    const dallas = await parcel('r-2', { zip: '75201', city: 'DALLAS', county: 'Dallas', type: 'Duplex', lat: 32.7767, lon: -96.797 });
    austinDeal = await deal(austin, { dealType: 'wholesale', contractPrice: 150000 });
    dallasDeal = await deal(dallas, { dealType: 'wholesale', contractPrice: 400000 });
  });
  afterAll(() => t?.close());

  it('ranks buyers 0–100 with the points of each criterion, best first', async () => {
    const exact = await buyer({
      name: 'Exact Fit',
      proofOfFunds: { amount: 500000, datedOn: null, expiresOn: null, attachmentId: null },
      buyBoxes: [
        {
          zips: ['78701'],
          propertyTypes: ['single family'],
          minPrice: 100000,
          maxPrice: 200000,
          strategies: ['flip'],
          financing: ['cash'],
        },
      ],
    });
    const open = await buyer({ name: 'Anything Goes', buyBoxes: [{}] });
    const wrongCity = await buyer({ name: 'Houston Only', buyBoxes: [{ cities: ['Houston, TX'], maxPrice: 200000 }] });
    const ranked = await matches(austinDeal);
    expect(ranked.map((match) => match.buyerId)).toEqual([exact, open, wrongCity]);
    expect(ranked[0]).toMatchObject({ score: 100, band: 'strong' });
    const points = (match: Match) => Object.fromEntries(match.reasons.map((reason) => [reason.criterion, reason.points]));
    expect(points(ranked[0]!)).toEqual({ location: 40, price: 25, propertyType: 15, strategy: 5, financing: 5, proofOfFunds: 10 });
    // A box that names nothing earns half of each criterion; no proof of funds earns nothing.
    expect(points(ranked[1]!)).toEqual({ location: 20, price: 12.5, propertyType: 7.5, strategy: 2.5, financing: 2.5, proofOfFunds: 0 });
    expect(ranked[1]!.score).toBe(45);
    expect(ranked[2]!.reasons.find((reason) => reason.criterion === 'location')).toMatchObject({ points: 0, status: 'unmet' });
    // Price met (25) and half of type, strategy and financing (12.5): 37.5, rounded.
    expect(ranked[2]).toMatchObject({ score: 38, band: 'weak' });
  });

  it('leaves out a box whose required criterion fails, keeps the best of several boxes, and matches by county and radius', async () => {
    const required = await buyer({ name: 'Must Be Dallas', buyBoxes: [{ cities: ['Dallas, TX'], required: ['location'] }] });
    const twoBoxes = await buyer({
      name: 'Two Markets',
      buyBoxes: [
        { counties: ['Dallas County, TX'], maxPrice: 100000 },
        { counties: ['travis, tx'], maxPrice: 300000 },
      ],
    });
    const radius = await buyer({ name: 'Near Downtown', buyBoxes: [{ radius: { latitude: 30.2849, longitude: -97.7341, miles: 5 } }] });
    const far = await buyer({
      name: 'Far Away',
      buyBoxes: [{ radius: { latitude: 29.4241, longitude: -98.4936, miles: 20 }, required: ['location'] }],
    });
    const austin = await matches(austinDeal);
    const ids = austin.map((match) => match.buyerId);
    expect(ids).not.toContain(required);
    expect(ids).not.toContain(far);
    expect(ids).toContain(radius);
    const two = austin.find((match) => match.buyerId === twoBoxes)!;
    expect(two.reasons.find((reason) => reason.criterion === 'location')?.points).toBe(40);
    expect(two.reasons.find((reason) => reason.criterion === 'price')?.points).toBe(25);
    expect((await matches(dallasDeal)).map((match) => match.buyerId)).toContain(required);
  });

  it("follows the tenant's weights, and suggests a buyer's deals best first", async () => {
    const typed = await buyer({ name: 'Duplex Hunter', buyBoxes: [{ propertyTypes: ['multi-family'], required: ['propertyType'] }] });
    const viewer = await t.make.user(tenant, 'member');
    const member = await t.make.bearer(viewer, tenant.slug);
    expect((await call(member, 'PUT', '/buyer-matching/settings', { weights: { location: 10 } })).statusCode).toBe(403);
    const updated = await call(owner, 'PUT', '/buyer-matching/settings', {
      weights: { location: 0, price: 0, propertyType: 100, strategy: 0, financing: 0, proofOfFunds: 0 },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const [best] = await matches(dallasDeal);
    expect(best).toMatchObject({ buyerId: typed, score: 100 });
    const zeroed = await call(owner, 'PUT', '/buyer-matching/settings', { weights: { propertyType: 0 } });
    expect(zeroed.statusCode).toBe(400);
    await call(owner, 'PUT', '/buyer-matching/settings', {
      weights: { location: 40, price: 25, propertyType: 15, strategy: 5, financing: 5, proofOfFunds: 10 },
    });

    const suggested = await call(owner, 'GET', `/buyers/${typed}/suggested-deals`);
    expect(suggested.statusCode, suggested.body).toBe(200);
    expect((suggested.json() as { items: { dealId: string }[] }).items.map((item) => item.dealId)).toEqual([dallasDeal]);
  });

  it('exports matched buyers as CSV, counting each toward the weekly cap', async () => {
    const capped = await buyer({ name: 'Capped Buyer', weeklySendCap: 0, buyBoxes: [{ zips: ['78701'] }] });
    const exported = await call(owner, 'POST', `/deals/${austinDeal}/buyer-matches/export`, { minScore: 0 });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.body.split('\n')[0]).toContain('email');
    expect(exported.body).toContain('Exact Fit');
    expect(exported.body).not.toContain('Capped Buyer');
    expect(Number(exported.headers['x-buyers-over-cap'])).toBeGreaterThanOrEqual(1);
    const after = (await matches(austinDeal)).find((match) => match.name === 'Exact Fit') as Match & { sentThisDeal: boolean };
    expect(after.sentThisDeal).toBe(true);
    expect((await matches(austinDeal)).some((match) => match.buyerId === capped)).toBe(true);
  });

  it("hides one tenant's deals and buyers from another", async () => {
    expect((await call(outsider, 'GET', `/deals/${austinDeal}/buyer-matches`)).statusCode).toBe(404);
    const [first] = await matches(austinDeal);
    expect((await call(outsider, 'GET', `/buyers/${first!.buyerId}/suggested-deals`)).statusCode).toBe(404);
  });
});
