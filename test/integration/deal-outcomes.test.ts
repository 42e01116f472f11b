import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDealOutcomesJob } from '../../src/modules/deals/outcomes.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

interface Stage {
  id: string;
  name: string;
}

describe.skipIf(skipDatabase())('outcomes of closed deals', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;
  let stages: Map<string, string>;

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  const property = (street: string) =>
    t.runtime.db.withTenant(tenant.id, async (tx) => {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ($1, '7', $2, $3, $1, 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
        [`outcome-${street}`, street, `7 ${street}`],
      );
      return parcel!.id;
    });

  /** Moves a deal and runs the job its event starts, as the worker would. */
  async function move(dealId: string, stage: string, extra: object = {}) {
    const moved = await call('PATCH', `/deals/${dealId}`, { stageId: stages.get(stage), ...extra });
    expect(moved.statusCode).toBe(200);
    await recordDealOutcomesJob(t.runtime.db).handler({ tenantId: tenant.id, requestId: null, data: { dealId } }, {} as never);
  }

  const outcomeOf = (parcelId: string) =>
    t.runtime.db.withTenant(tenant.id, async (tx) => {
      const [row] = await tx.query<{ outcome: string; source: string }>(
        'select outcome, source from parcel_outcomes where parcel_id = $1',
        [parcelId],
      );
      return row ?? null;
    });

  const openDeal = async (propertyId: string): Promise<string> => (await call('POST', '/deals', { propertyId })).json().id;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant('Outcome Realty');
    token = await t.make.bearer(tenant.owner, tenant.slug);
    const pipelines = (await call('GET', '/pipelines')).json().items as { name: string; stages: Stage[] }[];
    stages = new Map(pipelines.find((p) => p.name === 'Acquisitions')!.stages.map((s) => [s.name, s.id]));
  });
  afterAll(() => t?.close());

  it('marks the property won when its deal closes, and takes it back when the deal reopens', async () => {
    const parcelId = await property('OAK ST');
    const dealId = await openDeal(parcelId);
    await move(dealId, 'Under contract');
    expect(await outcomeOf(parcelId)).toBeNull();
    await move(dealId, 'Closed won');
    expect(await outcomeOf(parcelId)).toEqual({ outcome: 'won', source: `deal:${dealId}` });
    await move(dealId, 'Under contract');
    expect(await outcomeOf(parcelId)).toBeNull();
  });

  it('marks a lost deal dead only when nothing else is being worked on the property', async () => {
    const parcelId = await property('ASH ST');
    const first = await openDeal(parcelId);
    const second = await openDeal(parcelId);
    await move(first, 'Dead', { lostReason: 'Sold to someone else' });
    expect(await outcomeOf(parcelId)).toBeNull();
    await move(second, 'Dead', { lostReason: 'Not motivated' });
    expect(await outcomeOf(parcelId)).toEqual({ outcome: 'dead', source: `deal:${second}` });
  });

  it('keeps a property won when a later deal on it is lost', async () => {
    const parcelId = await property('PINE ST');
    const won = await openDeal(parcelId);
    await move(won, 'Closed won');
    const later = await openDeal(parcelId);
    await move(later, 'Dead', { lostReason: 'Second try failed' });
    expect((await outcomeOf(parcelId))?.outcome).toBe('won');
  });
});
