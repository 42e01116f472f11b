import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDealSends, readSentThisWeek } from '../../src/modules/buyer-matching/sends.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

describe.skipIf(skipDatabase())('buyer matching: weekly send cap', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let owner: string;
  const deals: string[] = [];

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  async function buyer(tenantId: string, name: string, cap: number | null = null): Promise<string> {
    return t.runtime.db.withTenant(tenantId, async (tx) => {
      const [row] = await tx.query<{ id: string }>('insert into buyers (name, weekly_send_cap) values ($1, $2) returning id', [name, cap]);
      return row!.id;
    });
  }

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant('Cap Wholesale');
    other = await t.make.tenant('Other Wholesale');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    const parcelId = await t.runtime.db.withTenant(tenant.id, async (tx) => {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ('cap-1', '1', 'OAK ST', '1 OAK ST', 'cap-1', 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
      );
      await tx.query('select refresh_parcel_search($1::uuid[])', [[parcel!.id]]);
      return parcel!.id;
    });
    for (let i = 0; i < 5; i += 1) {
      const created = await call(owner, 'POST', '/deals', { propertyId: parcelId, title: `Deal ${i}` });
      expect(created.statusCode).toBe(201);
      deals.push((created.json() as { id: string }).id);
    }
  });
  afterAll(() => t?.close());

  const send = (dealId: string, buyerIds: string[], allowOverCap = false) =>
    t.runtime.db.withTenant(tenant.id, (tx) => recordDealSends(tx, { dealId, buyerIds, channel: 'export', sentBy: null, allowOverCap }));

  it('counts a deal once per buyer and stops at the default cap of 3', async () => {
    const id = await buyer(tenant.id, 'Default Cap');
    for (const dealId of deals.slice(0, 3)) expect(await send(dealId, [id])).toEqual({ sent: [id], overCap: [] });
    // A resend of a deal already counted this week does not use the cap.
    expect(await send(deals[0]!, [id])).toEqual({ sent: [id], overCap: [] });
    expect(await send(deals[3]!, [id])).toEqual({ sent: [], overCap: [id] });
    const counts = await t.runtime.db.withTenant(tenant.id, (tx) => readSentThisWeek(tx, [id]));
    expect(counts.get(id)).toEqual({ buyerId: id, sentThisWeek: 3, weeklyCap: 3 });
    // Over the cap on purpose: the row is recorded and the buyer still reported over cap.
    expect(await send(deals[3]!, [id], true)).toEqual({ sent: [], overCap: [id] });
    const after = await t.runtime.db.withTenant(tenant.id, (tx) => readSentThisWeek(tx, [id]));
    expect(after.get(id)?.sentThisWeek).toBe(4);
  });

  it("uses the buyer's own cap, then the tenant's", async () => {
    const own = await buyer(tenant.id, 'Own Cap', 1);
    expect((await send(deals[0]!, [own])).sent).toEqual([own]);
    expect((await send(deals[1]!, [own])).overCap).toEqual([own]);
    await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query(`insert into buyer_match_settings (weights, weekly_send_cap) values ('{}'::jsonb, 0)`),
    );
    const tenantCapped = await buyer(tenant.id, 'Tenant Cap');
    expect(await send(deals[0]!, [tenantCapped])).toEqual({ sent: [], overCap: [tenantCapped] });
    await t.runtime.db.withTenant(tenant.id, (tx) => tx.query('delete from buyer_match_settings'));
  });

  it('lets concurrent sends never exceed the cap', async () => {
    const id = await buyer(tenant.id, 'Concurrent', 2);
    const results = await Promise.all(deals.map((dealId) => send(dealId, [id])));
    expect(results.filter((result) => result.sent.length === 1)).toHaveLength(2);
    const counts = await t.runtime.db.withTenant(tenant.id, (tx) => readSentThisWeek(tx, [id]));
    expect(counts.get(id)?.sentThisWeek).toBe(2);
  });

  it("ignores another tenant's buyers", async () => {
    const foreign = await buyer(other.id, 'Foreign');
    expect(await send(deals[0]!, [foreign])).toEqual({ sent: [], overCap: [] });
  });
});
