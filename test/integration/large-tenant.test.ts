import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshParcelSearch } from '../../src/modules/properties/service.js';
import { seedLargeTenant, type LargeTenant } from '../support/large-tenant.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

const PARCELS = 5000;

describe.skipIf(skipDatabase())('large-tenant seeder', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let seeded: LargeTenant;
  let token: string;
  const one = async <R extends object>(sql: string): Promise<R> => (await t.runtime.db.withTenant(tenant.id, (tx) => tx.query<R>(sql)))[0]!;
  const share = async (sql: string) => (await one<{ share: number }>(`select (select ${sql})::float8 as share`)).share;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant();
    // Chunks smaller than the tenant, so the chunk boundaries are crossed.
    seeded = await seedLargeTenant(t.runtime.db, tenant.id, { parcels: PARCELS, chunk: 2000 });
    token = await t.make.bearer(tenant.owner, tenant.slug);
  });
  afterAll(() => t?.close());

  it('makes the parcels with unique, USPS-form addresses over 40 ZIP codes of one county', async () => {
    const counts = await one<{ parcels: number; keys: number; apns: number; zips: number; counties: number; bad_lines: number }>(
      `select count(*)::int as parcels, count(distinct address_key)::int as keys, count(distinct apn)::int as apns,
              count(distinct zip)::int as zips, count(distinct county)::int as counties,
              count(*) filter (where address_line1 !~ '^[0-9]+ ([NS] )?[A-Z0-9 ]+ (ST|AVE|RD|DR|LN)( APT [0-9]+)?$')::int as bad_lines
         from parcels`,
    );
    expect(counts).toEqual({ parcels: PARCELS, keys: PARCELS, apns: PARCELS, zips: 40, counties: 1, bad_lines: 0 });
    expect(seeded.parcels).toBe(PARCELS);
  });

  it('gives the shares of a county roll: mortgages, free and clear, distress, absentee owners, scores', async () => {
    expect(await share('avg((mortgage_balance is not null)::int) from parcels')).toBeCloseTo(0.7, 1);
    expect(await share('avg((mortgage_balance = 0 and free_and_clear)::int) from parcels')).toBeCloseTo(0.1, 1);
    expect(await share('avg((cardinality(distress_tags) > 0)::int) from parcels')).toBeCloseTo(0.25, 1);
    expect(await share('avg(absentee::int) from parcels')).toBeCloseTo(0.3, 1);
    expect(await share(`avg((select count(*) from parcel_scores s where s.parcel_id = p.id))::float8 from parcels p`)).toBeCloseTo(0.95, 1);
    // A parcel's stack and tags are its lists', as an import would leave them.
    expect(
      await share(`count(*) from parcels p where stack_count <> (select count(*) from list_memberships lm where lm.parcel_id = p.id)
                      or distress_tags <> array(select t from list_memberships lm join lists l on l.id = lm.list_id, unnest(l.tags) t
                                                 where lm.parcel_id = p.id order by t)`),
    ).toBe(0);
    // Each score's reasons add up to it.
    expect(
      await share(
        `count(*) from parcel_scores where score <> (select coalesce(sum((r ->> 2)::int), 0) from jsonb_array_elements(reasons) r)`,
      ),
    ).toBe(0);
  });

  it('links every parcel to an owner: people, couples and companies, some owning many parcels, with phones and e-mails', async () => {
    const owners = await one<{
      owners: number;
      unlinked: number;
      entities: number;
      couples: number;
      most: number;
      phones: number;
      emails: number;
    }>(
      `select count(*)::int as owners,
              (select count(*) from parcels p where not exists (select 1 from parcel_owners po where po.parcel_id = p.id))::int as unlinked,
              count(*) filter (where kind = 'entity')::int as entities,
              count(*) filter (where jsonb_array_length(people) = 2)::int as couples,
              (select max(n) from (select count(*)::int as n from parcel_owners group by owner_id) x) as most,
              (select count(distinct owner_id) from owner_phones)::int as phones,
              (select count(distinct owner_id) from owner_emails)::int as emails
         from owners`,
    );
    expect(owners.owners).toBe(seeded.owners);
    expect(owners.unlinked).toBe(0);
    expect(owners.entities / owners.owners).toBeGreaterThan(0.05);
    expect(owners.couples / owners.owners).toBeGreaterThan(0.15);
    expect(owners.most).toBeGreaterThan(5);
    expect(owners.phones / owners.owners).toBeCloseTo(0.45, 1);
    expect(owners.emails / owners.owners).toBeGreaterThan(0.15);
  });

  it('fills the search text, so the list finds a parcel by its owner, street and phone', async () => {
    expect(await share(`count(*) from parcels where search_text = '' or absentee is null`)).toBe(0);
    // As the app's own refresh writes them.
    const columns = `select id, search_text, absentee from parcels order by id`;
    const seededColumns = await t.runtime.db.withTenant(tenant.id, (tx) => tx.query(columns));
    const refreshed = await t.runtime.db.withTenant(tenant.id, async (tx) => {
      await refreshParcelSearch(
        tx,
        seededColumns.map((row) => row.id as string),
      );
      return tx.query(columns);
    });
    expect(refreshed).toEqual(seededColumns);
    const sample = await one<{ id: string; name: string; line: string; phone: string }>(
      `select p.id, o.display_name as name, p.address_line1 as line, ph.e164 as phone
         from parcels p join parcel_owners po on po.parcel_id = p.id join owners o on o.id = po.owner_id
         join owner_phones ph on ph.owner_id = o.id where o.kind = 'person' order by p.id limit 1`,
    );
    for (const q of [sample.name, sample.line, sample.phone]) {
      const response = await t.app.inject({
        url: `/api/v1/properties?q=${encodeURIComponent(q)}&limit=500`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect((response.json() as { items: { id: string }[] }).items.map((item) => item.id)).toContain(sample.id);
    }
  });

  it('makes the same parcels from the same seed', async () => {
    const again = await t.make.tenant();
    await seedLargeTenant(t.runtime.db, again.id, { parcels: 200 });
    const parcels = (tenantId: string, apns: string[]) =>
      t.runtime.db.withTenant(tenantId, (tx) =>
        tx.query<{ apn: string }>(
          `select apn, address_line1, market_value, mortgage_balance, distress_tags from parcels
            where apn = any($1::text[]) or cardinality($1::text[]) = 0 order by apn`,
          [apns],
        ),
      );
    const small = await parcels(again.id, []);
    expect(small).toHaveLength(200);
    expect(
      await parcels(
        tenant.id,
        small.map((p) => p.apn),
      ),
    ).toEqual(small);
  });
});
