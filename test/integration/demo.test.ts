import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_SLUG, demoBanner, demoFillSettled, ensureDemoTenant } from '../../src/app/demo.js';
import { DEMO_LISTS } from '../../src/modules/demo-county/county-files.js';
import { demoCountyState, fillDemoCounty, type DemoFillProgress } from '../../src/modules/demo-county/fill-demo-county.js';
import { DEFAULT_DEMO_PARCELS } from '../../src/modules/demo-county/generate-county.js';
import { createTestApp, skipDatabase, type TestApp } from '../support/test-app.js';

/** A small county keeps the suite fast; the default (20,000 parcels) takes about 20 s on PGlite. */
const PARCELS = 2000;
const AS_OF = '2025-06-30';

describe.skipIf(skipDatabase())('demo county', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sql = <R extends object>(tenantId: string, text: string, params: unknown[] = []) =>
    t.runtime.db.withTenant(tenantId, (tx) => tx.query<R>(text, params));

  /** What a filled tenant holds, in numbers that must not change between two fills with the same seed. */
  async function fingerprint(tenantId: string) {
    const [counts] = await sql<Record<string, number>>(
      tenantId,
      `select (select count(*)::int from parcels) as parcels,
              (select count(*)::int from owners) as owners,
              (select count(*)::int from parcel_owners) as links,
              (select count(*)::int from owner_phones) as phones,
              (select count(*)::int from owner_emails) as emails,
              (select count(*)::int from property_sales) as sales,
              (select sum(price)::float8 from property_sales) as sales_total,
              (select sum(market_value)::float8 from parcels) as market_total,
              (select count(*)::int from merge_candidates) as review`,
    );
    const lists = await sql<{ name: string; members: number }>(
      tenantId,
      'select l.name, count(m.parcel_id)::int as members from lists l left join list_memberships m on m.list_id = l.id group by l.name order by l.name',
    );
    const stacks = await sql<{ stack: number; parcels: number }>(
      tenantId,
      'select stack_count as stack, count(*)::int as parcels from parcels group by 1 order by 1',
    );
    return { counts, lists, stacks };
  }

  it('is a county of at least 20,000 parcels by default', () => {
    expect(DEFAULT_DEMO_PARCELS).toBeGreaterThanOrEqual(20_000);
  });

  it(
    'fills a tenant through the import pipeline: parcels, owners, five overlapping distress lists, three years of sales',
    { timeout: 120_000 },
    async () => {
      const tenant = await t.make.tenant();
      const progress: DemoFillProgress[] = [];
      const summary = await fillDemoCounty(t.runtime.db, tenant.id, { parcels: PARCELS, asOf: AS_OF, onProgress: (p) => progress.push(p) });

      // Every file went through an import, in the layout of its source, without a rejected row.
      expect(summary.lists.map((l) => [l.key, l.layout])).toEqual([
        ['roll', 'county'],
        ['taxDelinquent', 'county'],
        ['preForeclosure', 'propstream'],
        ['probate', 'batchleads'],
        ['codeViolations', 'generic'],
        ['vacant', 'dealmachine'],
      ]);
      for (const list of summary.lists) expect(list, list.listName).toMatchObject({ rejected: 0, importedNow: true });
      const imports = await sql<{ status: string }>(tenant.id, 'select status from imports');
      expect(imports.map((i) => i.status)).toEqual(Array(6).fill('completed'));
      expect(progress[0]!.stage).toBe('generating');
      expect(progress.at(-1)).toMatchObject({ stage: 'done', percent: 100 });

      // The distress lists matched the roll's parcels despite their spellings; only the hand-kept
      // sheet's typos became parcels of their own.
      const [parcels] = await sql<{ total: number; typos: number }>(
        tenant.id,
        'select count(*)::int as total, count(*) filter (where apn is null)::int as typos from parcels',
      );
      expect(parcels).toEqual({ total: PARCELS + summary.lookAlikes, typos: summary.lookAlikes });

      // Five lists with their tags, besides the roll.
      const lists = await sql<{ name: string; tags: string[]; members: number }>(
        tenant.id,
        'select l.name, l.tags, count(m.parcel_id)::int as members from lists l join list_memberships m on m.list_id = l.id group by l.id',
      );
      const tagsOf = Object.fromEntries(lists.map((l) => [l.name, l.tags]));
      expect(tagsOf).toEqual(Object.fromEntries(Object.values(DEMO_LISTS).map((l) => [l.listName, l.tags])));
      const membersOf = Object.fromEntries(lists.map((l) => [l.name, l.members / PARCELS]));
      expect(membersOf[DEMO_LISTS.roll.listName]).toBe(1);
      expect(membersOf[DEMO_LISTS.taxDelinquent.listName]).toBeGreaterThan(0.05);
      expect(membersOf[DEMO_LISTS.taxDelinquent.listName]).toBeLessThan(0.11);
      for (const key of ['probate', 'preForeclosure', 'codeViolations', 'vacant'] as const) {
        expect(membersOf[DEMO_LISTS[key].listName], key).toBeGreaterThan(0.01);
        expect(membersOf[DEMO_LISTS[key].listName], key).toBeLessThan(0.08);
      }

      // They overlap: parcels on two, three and more distress lists (the roll adds one to stackCount).
      const [stacks] = await sql<{ two: number; three: number; tags3: number }>(
        tenant.id,
        `select count(*) filter (where stack_count >= 3)::int as two, count(*) filter (where stack_count >= 4)::int as three,
              count(*) filter (where cardinality(distress_tags) >= 3)::int as tags3 from parcels`,
      );
      expect(stacks!.two).toBeGreaterThan(PARCELS * 0.02);
      expect(stacks!.three).toBeGreaterThan(0);
      expect(stacks!.tags3).toBe(stacks!.three);

      // Owners: absentee mailing addresses for about 30 % of parcels, entities, portfolios, contacts.
      const [owners] = await sql<{
        absentee: number;
        entities: number;
        llcs: number;
        trusts: number;
        estates: number;
        portfolios: number;
        phones: number;
        emails: number;
      }>(
        tenant.id,
        `select (select count(distinct p.id)::int from parcels p join parcel_owners po on po.parcel_id = p.id join owners o on o.id = po.owner_id
                where o.mailing_key is not null and o.mailing_key is distinct from p.address_key) as absentee,
              (select count(*)::int from owners where kind = 'entity') as entities,
              (select count(*)::int from owners where entity_type = 'llc') as llcs,
              (select count(*)::int from owners where entity_type = 'trust') as trusts,
              (select count(*)::int from owners where entity_type = 'estate') as estates,
              (select count(*)::int from (select owner_id from parcel_owners group by 1 having count(*) >= 3) x) as portfolios,
              (select count(*)::int from owner_phones) as phones,
              (select count(*)::int from owner_emails) as emails`,
      );
      expect(owners!.absentee / PARCELS).toBeGreaterThan(0.22);
      expect(owners!.absentee / PARCELS).toBeLessThan(0.4);
      for (const kind of ['entities', 'llcs', 'trusts', 'estates', 'portfolios', 'phones', 'emails'] as const)
        expect(owners![kind], kind).toBeGreaterThan(0);

      // Three years of sales up to the day the county is seen from, and the older last sales the lists
      // carry (recorded as they were imported); the newest one is the parcel's last sale.
      const [sales] = await sql<{ count: number; recent: number; last: string; years: number; listed: number }>(
        tenant.id,
        `select count(*)::int as count, count(*) filter (where sale_date > date '${AS_OF}' - 1096)::int as recent, max(sale_date)::text as last,
              count(distinct floor((date '${AS_OF}' - sale_date) / 365.0)) filter (where sale_date > date '${AS_OF}' - 1096)::int as years,
              count(*) filter (where source like 'import:%')::int as listed
         from property_sales`,
      );
      expect(sales!.count).toBe(summary.sales);
      expect(sales!.recent).toBeGreaterThan(PARCELS * 0.08);
      expect(sales!.count).toBeGreaterThan(sales!.recent);
      expect(sales!.last <= AS_OF).toBe(true);
      expect(sales!.years).toBe(3);
      expect(sales!.listed).toBeGreaterThan(PARCELS * 0.5);
      const [mismatch] = await sql<{ count: number }>(
        tenant.id,
        `select count(*)::int from parcels p
         join lateral (select sale_date, price from property_sales s where s.parcel_id = p.id order by sale_date desc limit 1) s on true
        where p.last_sale_date is distinct from s.sale_date or p.last_sale_price is distinct from s.price`,
      );
      expect(mismatch!.count).toBe(0);

      // What the product shows of it: stacked properties through the API, as the tenant's owner.
      const token = await t.make.bearer(tenant.owner);
      const page = await t.app.inject({
        method: 'GET',
        url: '/api/v1/properties?minStack=3&sort=stack',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json().total).toBe(stacks!.two);
      expect(page.json().items[0].distressTags.length).toBeGreaterThanOrEqual(2);
    },
  );

  it('gives the same county for the same seed, and filling again changes nothing', { timeout: 180_000 }, async () => {
    const first = await t.make.tenant();
    const second = await t.make.tenant();
    await fillDemoCounty(t.runtime.db, first.id, { parcels: PARCELS, asOf: AS_OF, seed: 7 });
    await fillDemoCounty(t.runtime.db, second.id, { parcels: PARCELS, asOf: AS_OF, seed: 7 });
    const before = await fingerprint(first.id);
    expect(await fingerprint(second.id)).toEqual(before);
    expect(await demoCountyState(t.runtime.db, first.id)).toBe('filled');

    const again = await fillDemoCounty(t.runtime.db, first.id, { parcels: PARCELS, asOf: AS_OF, seed: 7 });
    expect(again.lists.every((l) => !l.importedNow)).toBe(true);
    expect(await fingerprint(first.id)).toEqual(before);

    // An interrupted fill (here: a crash in the tax list's import, before the sales history) is finished by
    // the next run, which resumes that import instead of starting another.
    await sql(first.id, `delete from property_sales where source = 'demo county'`);
    await sql(first.id, `update imports set status = 'running', rows_done = 100 where file_name like 'treasurer-%'`);
    expect(await demoCountyState(t.runtime.db, first.id)).toBe('partial');
    const resumed = await fillDemoCounty(t.runtime.db, first.id, { parcels: PARCELS, asOf: AS_OF, seed: 7 });
    expect(resumed.lists.filter((l) => l.importedNow).map((l) => l.key)).toEqual(['taxDelinquent']);
    expect(await sql(first.id, 'select status from imports')).toEqual(Array(6).fill({ status: 'completed' }));
    expect(await fingerprint(first.id)).toEqual(before);
  });

  it('creates the demo tenant at once and fills it in the background, as `reos start` does', { timeout: 120_000 }, async () => {
    const created = await ensureDemoTenant(t.runtime, { parcels: PARCELS });
    expect(created).toMatchObject({
      created: true,
      filling: true,
      tenant: { slug: DEMO_SLUG, name: 'Demo Realty' },
      admin: { email: DEMO_EMAIL },
    });
    expect(demoBanner(created, 'http://reos.test')).toContain(created.admin!.password);
    // Asked again meanwhile (`reos demo` while the server fills): nothing new starts.
    expect(await ensureDemoTenant(t.runtime, { parcels: PARCELS, wait: true })).toEqual({
      created: false,
      tenant: created.tenant,
      filling: true,
    });
    await demoFillSettled(t.runtime.db);
    expect(await demoCountyState(t.runtime.db, created.tenant.id)).toBe('filled');
    // The fill enriched and scored the county itself: it leaves no events that would start that work again.
    const events = await t.runtime.db.asOwner((tx) =>
      tx.query<{ type: string }>('select distinct type from outbox_events where tenant_id = $1', [created.tenant.id]),
    );
    expect(events.map((e) => e.type)).not.toContain('enrichment.completed');
    expect(events.map((e) => e.type)).not.toContain('parcels.changed');

    const token = await t.make.bearer(created.admin!, DEMO_SLUG);
    const page = await t.app.inject({
      method: 'GET',
      url: '/api/v1/properties?tag=tax_delinquent',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().total).toBeGreaterThan(0);

    const before = await fingerprint(created.tenant.id);
    expect(await ensureDemoTenant(t.runtime, { parcels: PARCELS, wait: true })).toEqual({ created: false, tenant: created.tenant });
    expect(await fingerprint(created.tenant.id)).toEqual(before);
  });

  it(
    'creates and fills the demo tenant once when asked twice at the same time, as the `demo` command does',
    { timeout: 120_000 },
    async () => {
      // A fresh start: the previous test's demo tenant and its admin go.
      await t.runtime.db.asOwner(async (tx) => {
        await tx.query(`delete from tenants where slug = $1`, [DEMO_SLUG]);
        await tx.query(`delete from users where email = $1`, [DEMO_EMAIL]);
      });
      const [created, concurrent] = await Promise.all([
        ensureDemoTenant(t.runtime, { parcels: PARCELS, wait: true }),
        ensureDemoTenant(t.runtime, { parcels: PARCELS, wait: true }),
      ]);
      expect(created).toMatchObject({
        created: true,
        admin: { email: DEMO_EMAIL },
        county: { parcels: PARCELS, county: 'Ashford County', state: 'IL' },
      });
      expect(created.filling).toBeUndefined();
      expect(demoBanner(created, 'http://reos.test')).toMatch(/Ashford County, IL: 2,000 parcels, 5 distress lists, [\d,]+ sales/);
      expect(concurrent).toEqual({ created: false, tenant: created.tenant, filling: true });
      expect(await ensureDemoTenant(t.runtime, { parcels: PARCELS, wait: true })).toEqual({ created: false, tenant: created.tenant });
    },
  );
});
