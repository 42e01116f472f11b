import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp } from '../support/test-app.js';

describe.skipIf(skipDatabase())('properties by hand', () => {
  let t: TestApp;
  let token: string;
  let viewer: string;
  const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${who}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await t.make.tenant('Hand Made Homes');
    token = await t.make.bearer(tenant.owner, tenant.slug);
    viewer = await t.make.bearer(await t.make.user(tenant, 'viewer'), tenant.slug);
  });
  afterAll(() => t?.close());

  it('adds a property from an address, normalized, and refuses the same delivery point spelled another way', async () => {
    const created = await call(token, 'POST', '/properties', {
      address: '1600 North Main Street Apt 4',
      city: 'Springfield',
      state: 'Illinois',
      zip: '62704',
      fields: { beds: 3, livingSqft: 1450 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const property = (await call(token, 'GET', `/properties/${created.json().id}`)).json();
    expect(property.fields).toMatchObject({
      address_line1: '1600 N MAIN ST APT 4',
      city: 'SPRINGFIELD',
      state: 'IL',
      zip: '62704',
      living_sqft: 1450,
    });
    expect(Number(property.fields.beds)).toBe(3);
    const again = await call(token, 'POST', '/properties', { address: '1600 N. Main St. #4, Springfield, IL 62704' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ propertyId: created.json().id });
    expect((await call(token, 'POST', '/properties', { address: 'somewhere nice' })).statusCode).toBe(400);
    expect((await call(viewer, 'POST', '/properties', { address: '1 Elm St, Springfield, IL 62704' })).statusCode).toBe(403);
    const found = (await call(token, 'GET', '/properties?q=1600 main')).json();
    expect(found.items.map((p: { id: string }) => p.id)).toContain(created.json().id);
  });

  it('edits a field with "edited by" its editor as provenance and the replaced value in its history', async () => {
    const { id } = (
      await call(token, 'POST', '/properties', { address: '22 Oak Ave, Springfield, IL 62704', fields: { yearBuilt: 1950 } })
    ).json();
    const edited = await call(token, 'PATCH', `/properties/${id}`, { yearBuilt: 1952, marketValue: 185000, beds: null });
    expect(edited.statusCode, edited.body).toBe(200);
    const property = edited.json();
    expect(property.fields.year_built).toBe(1952);
    expect(property.provenance.year_built.source).toMatch(/^edited by owner-/);
    expect(property.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'year_built', value: '1950', source: expect.stringMatching(/^edited by/) }),
      ]),
    );
    expect((await call(token, 'PATCH', `/properties/${id}`, { yearBuilt: 3000 })).statusCode).toBe(400);
    expect((await call(token, 'PATCH', `/properties/${id}`, { address_line1: 'x' })).statusCode).toBe(400);
    expect((await call(token, 'PATCH', '/properties/00000000-0000-4000-8000-000000000000', { beds: 2 })).statusCode).toBe(404);
    const audit = (await call(token, 'GET', `/audit-events?entityType=property&entityId=${id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['property.edited', 'property.created']);
  });
});
