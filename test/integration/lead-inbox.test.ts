import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker, type Worker } from '../../src/app/worker.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';

interface LeadView {
  id: string;
  propertyId: string;
  status: string;
  assigneeId: string | null;
  source: string;
  firstAttemptAt: string | null;
  firstContactAt: string | null;
  name: string | null;
}

/** The outbox dispatcher and the job worker poll: well under this on an idle machine. */
const WAIT = { timeout: 20_000, interval: 100 };

describe.skipIf(skipDatabase())('the leads inbox', () => {
  let t: TestApp;
  let worker: Worker;
  let tenant: TestTenant;
  let owner: string;
  let first: TestUser;
  let second: TestUser;
  let secondToken: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  let serial = 0;
  const capture = async (source: string) =>
    (
      await call(owner, 'POST', '/leads', {
        source,
        name: `Seller ${++serial}`,
        email: `seller${serial}@example.test`,
        address: `${100 + serial} Maple Ave`,
        zip: '62704',
      })
    ).json() as { id: string; propertyId: string };
  const lead = async (id: string) => (await call(owner, 'GET', `/leads/${id}`)).json() as LeadView;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker(t.runtime);
    tenant = await t.make.tenant('Inbox Realty');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    first = await t.make.user(tenant, 'member');
    second = await t.make.user(tenant, 'member');
    secondToken = await t.make.bearer(second, tenant.slug);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('assigns new leads round-robin per source, with a rotation for every other source', async () => {
    const routing = await call(owner, 'PUT', '/lead-routing', {
      items: [
        { source: 'zillow', memberIds: [first.id, second.id] },
        { source: '*', memberIds: [tenant.owner.id] },
      ],
    });
    expect(routing.statusCode).toBe(200);
    const zillow = [await capture('zillow'), await capture('zillow'), await capture('zillow')];
    expect(await Promise.all(zillow.map(async (l) => (await lead(l.id)).assigneeId))).toEqual([first.id, second.id, first.id]);
    const other = await lead((await capture('facebook')).id);
    expect(other).toMatchObject({ assigneeId: tenant.owner.id, status: 'new', source: 'facebook' });
    expect((await call(owner, 'PUT', '/lead-routing', { items: [{ source: 'x', memberIds: [tenant.id] }] })).statusCode).toBe(400);
    expect((await call(secondToken, 'PUT', '/lead-routing', { items: [] })).statusCode).toBe(403);
    await call(owner, 'PUT', '/lead-routing', { items: [] });
  });

  it('filters the inbox, pages it by cursor, and assigns or kills leads in bulk, all or none', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await capture('bulk-source')).id);
    const page = (await call(owner, 'GET', '/leads?source=bulk-source&limit=3')).json();
    expect(page.items).toHaveLength(3);
    const rest = (await call(owner, 'GET', `/leads?source=bulk-source&limit=3&cursor=${page.nextCursor}`)).json();
    expect([...page.items, ...rest.items].map((l: LeadView) => l.id).sort()).toEqual([...ids].sort());
    expect(rest.nextCursor).toBeNull();

    const unassigned = (await call(owner, 'GET', '/leads?source=bulk-source&unassigned=true')).json().items;
    expect(unassigned).toHaveLength(5);
    const assigned = await call(owner, 'POST', '/leads/bulk', { ids: ids.slice(0, 3), assigneeId: second.id });
    expect(assigned.json().items.every((l: LeadView) => l.assigneeId === second.id)).toBe(true);
    expect((await call(owner, 'GET', `/leads?assigneeId=${second.id}&source=bulk-source`)).json().items).toHaveLength(3);

    const noReason = await call(owner, 'POST', '/leads/bulk', { ids, status: 'dead' });
    expect(noReason.statusCode).toBe(400);
    expect((await call(owner, 'GET', '/leads?source=bulk-source&status=dead')).json().items).toEqual([]);
    const dead = await call(owner, 'POST', '/leads/bulk', { ids: ids.slice(3), status: 'dead', deadReason: 'Not the owner' });
    expect(dead.json().items.map((l: LeadView & { deadReason: string }) => l.deadReason)).toEqual(['Not the owner', 'Not the owner']);
    const missing = await call(owner, 'POST', '/leads/bulk', {
      ids: [ids[0], '00000000-0000-4000-8000-000000000000'],
      status: 'qualified',
    });
    expect(missing.statusCode).toBe(404);
    expect((await lead(ids[0]!)).status).toBe('new');
  });

  it('stamps speed to lead from logged calls, moves the status along, and converts a lead when a deal opens', async () => {
    const captured = await capture('speed');
    await call(owner, 'POST', '/calls', { leadId: captured.id, direction: 'outbound', outcome: 'no_answer', phone: '2175550123' });
    const attempted = await vi.waitUntil(async () => {
      const view = await lead(captured.id);
      return view.firstAttemptAt ? view : undefined;
    }, WAIT);
    expect(attempted).toMatchObject({ status: 'attempting', firstContactAt: null });
    await call(owner, 'POST', '/calls', { leadId: captured.id, direction: 'outbound', outcome: 'interested', phone: '2175550123' });
    const contacted = await vi.waitUntil(async () => {
      const view = await lead(captured.id);
      return view.firstContactAt ? view : undefined;
    }, WAIT);
    expect(contacted.status).toBe('contacted');
    expect(contacted.firstAttemptAt).toBe(attempted.firstAttemptAt);
    expect(new Date(contacted.firstContactAt!).getTime()).toBeGreaterThanOrEqual(new Date(attempted.firstAttemptAt!).getTime());

    const deal = await call(owner, 'POST', '/deals', { propertyId: captured.propertyId, leadId: captured.id });
    expect(deal.json()).toMatchObject({ leadId: captured.id, source: 'speed' });
    expect((await lead(captured.id)).status).toBe('converted');
    const other = await capture('speed');
    expect((await call(owner, 'POST', '/deals', { propertyId: other.propertyId, leadId: captured.id })).statusCode).toBe(400);
  });

  it('makes a lead of a property, its owner as the person to reach', async () => {
    const property = (await capture('source-a')).propertyId;
    const marked = await call(owner, 'POST', `/properties/${property}/lead`, { source: 'driving-for-dollars' });
    expect(marked.statusCode).toBe(201);
    expect(marked.json()).toMatchObject({
      propertyId: property,
      source: 'driving-for-dollars',
      assigneeId: tenant.owner.id,
      status: 'new',
    });
    expect(marked.json().name).toMatch(/^Seller/);
    expect((await call(owner, 'POST', '/properties/00000000-0000-4000-8000-000000000000/lead', {})).statusCode).toBe(404);
  });

  it('shows an "assigned only" member their own leads alone', async () => {
    const mine = await capture('visibility');
    const theirs = await capture('visibility');
    await call(owner, 'POST', '/leads/bulk', { ids: [mine.id], assigneeId: second.id });
    await call(owner, 'POST', '/leads/bulk', { ids: [theirs.id], assigneeId: first.id });
    await call(owner, 'PATCH', `/users/${second.id}`, { visibility: 'assigned' });
    expect((await call(secondToken, 'GET', `/leads/${theirs.id}`)).statusCode).toBe(404);
    expect((await call(secondToken, 'PATCH', `/leads/${theirs.id}`, { status: 'qualified' })).statusCode).toBe(404);
    expect((await call(secondToken, 'POST', '/leads/bulk', { ids: [theirs.id], status: 'qualified' })).statusCode).toBe(404);
    const listed = (await call(secondToken, 'GET', '/leads?limit=200')).json().items as LeadView[];
    expect(listed.map((l) => l.id)).toContain(mine.id);
    expect(listed.every((l) => l.assigneeId === second.id)).toBe(true);
    expect((await call(secondToken, 'PATCH', `/leads/${mine.id}`, { assigneeId: first.id })).statusCode).toBe(403);
    await call(owner, 'PATCH', `/users/${second.id}`, { visibility: 'all' });
  });
});
