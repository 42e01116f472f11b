import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp } from '../support/test-app.js';

describe.skipIf(skipDatabase())('buyers', () => {
  let t: TestApp;
  let owner: string;
  let outsider: string;
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
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
    expect(bounds.body).toContain('minPrice is above maxPrice');

    expect((await call(owner, 'GET', `/buyers/${buyer.id}`)).json().name).toBe('Acme Homes');
    expect((await call(outsider, 'GET', `/buyers/${buyer.id}`)).statusCode).toBe(404);
  });
});
