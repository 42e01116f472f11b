import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchFormFor } from '../../src/modules/properties/search.js';
import type { Tx } from '../../src/platform/db/database.js';
import { countRows, type CountOptions } from '../../src/platform/db/list-count.js';
import { refreshParcelSearch } from '../../src/modules/properties/service.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

/**
 * The property list at scale, on a tenant filled with SQL: cursor pages walk every
 * sort without a gap or a repeat and agree with offset pages, unknown values come
 * last, the count is exact up to a thousand and estimated past it, the search reads
 * the maintained search column, and the export streams every row in order.
 */

const PARCELS = 1500;

let t: TestApp;
let tenant: TestTenant;
let bearer: string;

interface Page {
  items: { id: string; score: number | null; marketValue: number | null; ownerNames: string | null; address: string | null }[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

async function get(url: string): Promise<Page> {
  const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Page;
}

/** Every page of a query by cursor, as ids in order. */
async function walk(query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await get(`/api/v1/properties?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe.skipIf(skipDatabase())('property list at scale', () => {
  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant();
    bearer = await t.make.bearer(tenant.owner, tenant.slug);
    await t.runtime.db.withTenant(tenant.id, async (tx) => {
      // Every seventh parcel has no market value, every fifth no mortgage data (unknown
      // equity), every eleventh no street; every fourth is on a probate list; scores for
      // two thirds, many of them tied.
      await tx.query(
        `insert into parcels (apn, address_number, address_street, address_suffix, address_line1, address_key, city, state, zip,
                              market_value, mortgage_balance, year_built, stack_count, distress_tags, source)
         select 'APN-' || n, n::text, case when n % 11 <> 0 then 'STREET ' || (n % 37) end, 'ST',
                case when n % 11 <> 0 then n || ' STREET ' || (n % 37) || ' ST' end, 'key-' || n, 'SPRINGFIELD', 'IL',
                (62700 + n % 9)::text, case when n % 7 <> 0 then 50000 + (n % 50) * 1000 end,
                case when n % 5 <> 0 then (n % 4) * 10000 end, case when n % 3 <> 0 then 1900 + n % 120 end,
                n % 4, case when n % 4 = 1 then array['probate'] else '{}' end, 'test'
           from generate_series(1, $1) n`,
        [PARCELS],
      );
      await tx.query(
        `insert into parcel_scores (parcel_id, score, stack_score, reasons)
         select id, (substr(apn, 5)::int % 10) * 10, 0, '[]' from parcels where substr(apn, 5)::int % 3 <> 0`,
      );
      await tx.query(`insert into owners (kind, display_name, name_key, mailing_line1, mailing_key)
                      values ('person', 'Zoë Quartermain', 'quartermain zoe', '1 Far Away', 'far-away'),
                             ('entity', 'Acme Holdings LLC', 'acme holdings', null, null)`);
      await tx.query(
        `insert into parcel_owners (parcel_id, owner_id, source)
         select p.id, o.id, 'test' from parcels p, owners o where p.apn in ('APN-42', 'APN-43') and o.display_name like 'Zo%'`,
      );
      await tx.query(
        `insert into owner_phones (owner_id, e164, source) select id, '+13125550142', 'test' from owners where kind = 'person'`,
      );
      await tx.query(
        `insert into owner_emails (owner_id, email, source) select id, 'zoe@example.com', 'test' from owners where kind = 'person'`,
      );
      const [ids] = await tx.query<{ ids: string[] }>('select array_agg(id) as ids from parcels');
      await refreshParcelSearch(tx, ids!.ids);
    });
    await t.runtime.db.refreshStatistics(['parcels', 'parcel_scores']);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('walks every sort by cursor: each property once, in the order of offset pages, unknown values last', async () => {
    for (const sort of ['stack', 'value', 'equity', 'year_built', 'address', 'updated', 'score']) {
      const byCursor = await walk(`sort=${sort}`, 97);
      expect(byCursor, sort).toHaveLength(PARCELS);
      expect(new Set(byCursor).size, sort).toBe(PARCELS);
      const byOffset: string[] = [];
      for (let offset = 0; offset < PARCELS; offset += 400) {
        byOffset.push(...(await get(`/api/v1/properties?sort=${sort}&limit=400&offset=${offset}`)).items.map((item) => item.id));
      }
      expect(byOffset, sort).toEqual(byCursor);
    }
    const byScore = (await get('/api/v1/properties?sort=score&limit=500&offset=900')).items;
    const scores = byScore.map((item) => item.score);
    // Offset 900 of 1,000 scored parcels: the last scored ones, then the unscored.
    expect(scores.slice(0, 100).every((score) => score === 0)).toBe(true);
    expect(scores.slice(100).every((score) => score === null)).toBe(true);
    const byValue = (await get('/api/v1/properties?sort=value&limit=500&offset=1200')).items.map((item) => item.marketValue);
    expect(byValue.filter((value) => value === null)).toHaveLength(Math.floor(PARCELS / 7));
    expect(byValue.slice(-Math.floor(PARCELS / 7)).every((value) => value === null)).toBe(true);
  });

  it('keeps filters across cursor pages', async () => {
    const probate = await walk('tag=probate&minScore=30&sort=value', 20);
    const all = (await get('/api/v1/properties?tag=probate&minScore=30&sort=value&limit=500')).items.map((item) => item.id);
    expect(probate).toEqual(all);
    expect(probate.length).toBeGreaterThan(50);
  });

  it('counts exactly up to a thousand and estimates past it', async () => {
    const small = await get('/api/v1/properties?tag=probate&limit=1');
    expect(small).toMatchObject({ total: PARCELS / 4, totalExact: true });
    const large = await get('/api/v1/properties?limit=1');
    expect(large.totalExact).toBe(false);
    expect(large.total).toBeGreaterThan(1000);
    expect(Math.abs(large.total - PARCELS) / PARCELS).toBeLessThan(0.2);
  });

  it('counts past a thousand only where the planner expects the count to be cheap and to stop at the limit', async () => {
    // The transaction, noting each statement it runs.
    const noting = (tx: Tx, statements: string[]): Tx => ({
      ...tx,
      query: (text, params) => {
        statements.push(text);
        return tx.query(text, params);
      },
    });
    const count = (fromWhere: string, options: CountOptions, setup?: string) =>
      t.runtime.db.withTenant(tenant.id, async (tx) => {
        if (setup) await tx.exec(setup);
        const statements: string[] = [];
        const result = await countRows(noting(tx, statements), tenant.id, fromWhere, ['62700'], options);
        return { ...result, counted: statements.some((text) => text.startsWith('select count(*)')) };
      });
    // Every parcel but a ninth: about 1,333 expected, 1,334 there.
    const cheap = await count('from parcels p where p.zip <> $1', {});
    expect(cheap).toMatchObject({ counted: true, totalExact: false, total: 1334 });
    // The same rows where each one costs a thousand times more to read: the estimate stands.
    const dear = await count('from parcels p where p.zip <> $1 and true', {}, 'set local cpu_tuple_cost = 10');
    expect(dear).toMatchObject({ counted: false, totalExact: false });
    expect(Math.abs(dear.total - 1334)).toBeLessThan(200);
    // A search's function reads every match whatever the limit.
    const search = await count('from parcels p where p.zip <> $1 and 1 = 1', { readsEveryMatch: true });
    expect(search).toMatchObject({ counted: false, totalExact: false });
    // Few expected: counted exactly, even through a function.
    expect(await count('from parcels p where p.zip = $1', { readsEveryMatch: true })).toMatchObject({
      counted: true,
      totalExact: true,
      total: 166,
    });
  });

  it('refuses a tampered cursor, a cursor of another sort and a cursor with an offset with a 400', async () => {
    const { nextCursor } = await get('/api/v1/properties?sort=value&limit=5');
    const tampered = Buffer.from(
      JSON.stringify({ s: 'value', p: 0, k: ['true', 'lots', '00000000-0000-0000-0000-000000000000'] }),
    ).toString('base64url');
    for (const url of [
      `/api/v1/properties?sort=stack&cursor=${nextCursor}`,
      `/api/v1/properties?sort=value&cursor=${tampered}`,
      '/api/v1/properties?cursor=not-a-cursor',
      '/api/v1/properties.csv?cursor=%5C',
      `/api/v1/properties?sort=value&offset=5&cursor=${nextCursor}`,
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe('bad_request');
    }
  });

  it('searches owners, phones in any punctuation, e-mails, APNs and addresses through the search column', async () => {
    const owners = async (q: string) => (await get(`/api/v1/properties?q=${encodeURIComponent(q)}`)).items;
    for (const q of ['quartermain', 'zoe quarter', 'Zoë', '(312) 555-0142', '312.555.0142', '5550142', 'zoe@example.com']) {
      expect(
        (await owners(q)).map((item) => item.ownerNames),
        q,
      ).toEqual(['Zoë Quartermain', 'Zoë Quartermain']);
    }
    expect((await owners('APN-42')).map((item) => item.address)).toEqual(['42 STREET 5 ST']);
    expect((await owners('42 street 5 street')).map((item) => item.address)).toEqual(['42 STREET 5 ST']);
    expect(await owners('nobody-by-this-name')).toEqual([]);
    expect(await owners('!!!')).toEqual([]);
  });

  it('reads a common word in the sort order and a rare one through the index, with the same rows either way', async () => {
    // The planner's estimates choose the form: "st" is on most parcels, the others on few.
    expect(searchFormFor(51, { withSearch: 1300, withoutSearch: PARCELS })).toBe('inOrder');
    expect(searchFormFor(51, { withSearch: 40, withoutSearch: PARCELS })).toBe('indexed');
    expect(searchFormFor(51, { withSearch: 4000, withoutSearch: 1_000_000 })).toBe('inOrder');
    expect(searchFormFor(51, { withSearch: 400, withoutSearch: 1_000_000 })).toBe('indexed');
    for (const [q, words] of [
      ['st', 'st'],
      ['street 5', 'street:* & 5'],
      ['quartermain', 'quartermain:*'],
    ] as const) {
      const [expected] = await t.runtime.db.withTenant(tenant.id, (tx) =>
        tx.query<{ ids: string[] }>(
          `select coalesce(array_agg(id::text order by id), '{}') as ids from parcels where search_vector @@ to_tsquery('simple', $1)`,
          [words],
        ),
      );
      expect(expected!.ids.length, q).toBeGreaterThan(1);
      const byCursor = await walk(`q=${encodeURIComponent(q)}&sort=value`, 40);
      expect([...byCursor].sort(), q).toEqual(expected!.ids);
      const byOffset: string[] = [];
      for (let offset = 0; offset < byCursor.length; offset += 300) {
        const page = await get(`/api/v1/properties?q=${encodeURIComponent(q)}&sort=value&limit=300&offset=${offset}`);
        byOffset.push(...page.items.map((item) => item.id));
      }
      expect(byOffset, q).toEqual(byCursor);
    }
    // A common word is counted from the planner's estimate of the plain match, not by reading every match.
    const common = await get('/api/v1/properties?q=st&limit=1');
    expect(common.totalExact).toBe(false);
    expect(Math.abs(common.total - PARCELS) / PARCELS).toBeLessThan(0.2);
  });

  it('keeps the absentee flag on write: an owner with a mailing address elsewhere makes the property absentee', async () => {
    const absentee = await get('/api/v1/properties?absentee=true');
    expect(absentee.items.map((item) => item.ownerNames)).toEqual(['Zoë Quartermain', 'Zoë Quartermain']);
    expect((await get('/api/v1/properties?absentee=false&limit=1')).total).toBeGreaterThan(1000);
  });

  it('exports every property of the filter in the list order, page by page', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/properties.csv?sort=equity',
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(response.statusCode).toBe(200);
    const lines = response.body.trim().split('\n');
    expect(lines).toHaveLength(PARCELS + 1);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(await walk('sort=equity', 500));
  });
});
