import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp } from '../support/test-app.js';

describe.skipIf(skipDatabase())('buyers', () => {
  let t: TestApp;
  let owner: string;
  let outsider: string;
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await t.make.tenant('Buyers Realty');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    const other = await t.make.tenant('Elsewhere Homes');
    outsider = await t.make.bearer(other.owner, other.slug);
  });
  afterAll(async () => t?.close());

  it('creates a buyer with normalised buy boxes, refuses a duplicate e-mail and bad bounds, hides it from other tenants', async () => {
    const created = await call(owner, 'POST', '/buyers', {
      name: 'Acme Homes',
      email: ' Deals@Acme.com ',
      phone: '(512) 555-0100',
      buyBoxes: [
        { zips: ['78701-1234'], cities: ['austin ,tx'], propertyTypes: ['sfr'], minPrice: 50000, maxPrice: 200000, strategies: ['flip'] },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const buyer = created.json();
    expect(buyer.buyBoxes[0]).toMatchObject({ zips: ['78701'], cities: ['AUSTIN, TX'], minPrice: 50000, maxPrice: 200000 });

    const duplicate = await call(owner, 'POST', '/buyers', { name: 'Other', email: 'deals@acme.com' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.details).toEqual({ existingId: buyer.id });

    const bounds = await call(owner, 'POST', '/buyers', { name: 'Bad', buyBoxes: [{ minPrice: 5, maxPrice: 1 }] });
    expect(bounds.statusCode).toBe(400);
    expect(bounds.body).toContain('the minimum price is above the maximum');

    expect((await call(owner, 'GET', `/buyers/${buyer.id}`)).json().name).toBe('Acme Homes');
    expect((await call(outsider, 'GET', `/buyers/${buyer.id}`)).statusCode).toBe(404);
  });

  it('lists buyers by name with filters and cursor pages, edits and deletes one', async () => {
    for (const name of ['Zeta Capital', 'Beta Homes', 'Gamma Flips']) {
      const created = await call(owner, 'POST', '/buyers', {
        name,
        tags: ['Cash'],
        tier: name === 'Beta Homes' ? 'vip' : 'standard',
        buyBoxes: [{ zips: ['78702'] }],
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const first = await call(owner, 'GET', '/buyers?limit=2&tag=cash');
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json();
    expect(page.total).toBe(3);
    expect(page.items.map((item: { name: string }) => item.name)).toEqual(['Beta Homes', 'Gamma Flips']);
    expect(page.items[0]).toMatchObject({ buyBoxCount: 1, markets: ['78702'], tier: 'vip' });
    const second = (await call(owner, 'GET', `/buyers?limit=2&tag=cash&cursor=${encodeURIComponent(page.nextCursor)}`)).json();
    expect(second.items.map((item: { name: string }) => item.name)).toEqual(['Zeta Capital']);
    expect(second.nextCursor).toBeNull();
    expect((await call(owner, 'GET', '/buyers?q=gamma')).json().items).toHaveLength(1);
    expect((await call(owner, 'GET', '/buyers?zip=78702&tier=vip')).json().total).toBe(1);

    const zeta = page.total && second.items[0].id;
    const edited = await call(owner, 'PATCH', `/buyers/${zeta}`, {
      company: 'Zeta LLC',
      buyBoxes: [{ cities: ['Round Rock, tx'] }, { zips: ['78703'] }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().buyBoxes.map((box: { cities: string[]; zips: string[] }) => [...box.cities, ...box.zips])).toEqual([
      ['ROUND ROCK, TX'],
      ['78703'],
    ]);
    expect((await call(owner, 'PATCH', `/buyers/${zeta}`, { buyBoxes: [{ propertyTypes: ['castle'] }] })).statusCode).toBe(400);
    expect((await call(outsider, 'PATCH', `/buyers/${zeta}`, { company: 'Stolen' })).statusCode).toBe(404);
    expect((await call(owner, 'DELETE', `/buyers/${zeta}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/buyers/${zeta}`)).statusCode).toBe(404);
  });

  it('imports a buyers CSV: maps its columns, merges duplicates by e-mail then phone, keeps bad values out with a warning', async () => {
    const csv = [
      'Buyer Name,Company,Email,Phone,Target Zips,Markets,State,Max Price,Property Type,Strategy,Tags',
      'Ann Flipper,AF Homes,ann@example.com,512-555-0101,"78704, 78745",Austin,TX,$250k,SFR,Fix and flip,vip list',
      'Ann F.,,ANN@example.com,,78748,,,,,,repeat',
      'Bob Landlord,,not-an-email,(512) 555-0102,12,,,lots,Duplex,Buy and hold,',
      'Bob Again,,,512.555.0102,,,,,,,',
      ',,,,,,,,,,',
      ',,,555,,,,,,,',
    ].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'buyers.csv');
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/buyers/import/preview',
      headers: { authorization: `Bearer ${owner}` },
      payload: form,
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().mapping).toMatchObject({
      'Buyer Name': 'name',
      Email: 'email',
      'Target Zips': 'zips',
      'Max Price': 'max_price',
      Strategy: 'strategies',
    });

    const upload = new FormData();
    upload.append('file', new Blob([csv], { type: 'text/csv' }), 'buyers.csv');
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/buyers/import',
      headers: { authorization: `Bearer ${owner}` },
      payload: upload,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const result = imported.json();
    expect(result).toMatchObject({ rows: 5, created: 2, merged: 2, rejectedCount: 1 });
    expect(result.rejected).toEqual([{ row: 7, message: 'no name, company or e-mail' }]);
    const messages = result.warnings.map((warning: { row: number; message: string }) => `${warning.row}: ${warning.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        '4: e-mail "not-an-email" is not an address; left out',
        '4: ZIP "12" is not a ZIP code; left out',
        '4: maximum price "lots" is not an amount; left out',
      ]),
    );

    const ann = (await call(owner, 'GET', '/buyers?q=ann%40example.com')).json().items;
    expect(ann).toHaveLength(1);
    const full = (await call(owner, 'GET', `/buyers/${ann[0].id}`)).json();
    expect(full).toMatchObject({
      name: 'Ann Flipper',
      company: 'AF Homes',
      phone: '512-555-0101',
      source: 'buyers.csv',
      tags: ['vip list', 'repeat'],
    });
    expect(full.buyBoxes).toHaveLength(2);
    expect(full.buyBoxes[0]).toMatchObject({
      zips: ['78704', '78745'],
      cities: ['AUSTIN, TX'],
      maxPrice: 250000,
      propertyTypes: ['single_family'],
      strategies: ['flip'],
    });
    const bob = (await call(owner, 'GET', '/buyers?q=5550102')).json().items;
    expect(bob.map((item: { name: string }) => item.name)).toEqual(['Bob Landlord']);
    expect((await call(outsider, 'GET', '/buyers')).json().total).toBe(0);
  });
});
