import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichmentDepsOf, type EnrichmentDeps } from '../../src/modules/enrichment/enrichment-deps.js';
import { ENRICHMENT_REQUESTED, PARCELS_CHANGED } from '../../src/modules/enrichment/enrichment-events.js';
import type { EnrichmentScope } from '../../src/modules/enrichment/enrichment-scope.js';
import { settleAbandonedCalls } from '../../src/modules/enrichment/enrich-from-provider.js';
import { enrichParcelsJob, type EnrichJobData } from '../../src/modules/enrichment/jobs.js';
import { runEnrichment, type RunOptions } from '../../src/modules/enrichment/run-enrichment.js';
import { runImport } from '../../src/modules/imports/run-import.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

const ATTOM_KEY = 'attom-key-that-must-never-leak';
const TIMEOUT_MS = 300;

type Provider = 'census' | 'attom';
/** `partial`: ATTOM answers without the lot, as it does for a property whose county records have none. */
type Behaviour = 'answer' | 'partial' | 'not_found' | 'fail' | 'stall';

/**
 * Stand-ins for the US Census Geocoder and ATTOM on 127.0.0.1, speaking their
 * documented formats, that can be told to fail, stall or fail a number of times first.
 */
async function startFakeProviders() {
  const state = {
    behaviour: { census: 'answer', attom: 'answer' } as Record<Provider, Behaviour>,
    failFirst: { census: 0, attom: 0 },
    requests: { census: 0, attom: 0 },
    /** How long each answer takes. */
    delayMs: 0,
    attomQueries: [] as { address1: string | null; address2: string | null }[],
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const provider: Provider | null =
      url.pathname === '/geocoder/locations/onelineaddress'
        ? 'census'
        : url.pathname === '/propertyapi/v1.0.0/property/detail'
          ? 'attom'
          : null;
    if (!provider) return json(res, 404, { error: 'no such path' });
    state.requests[provider]++;
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (provider === 'attom') {
      if (req.headers.apikey !== ATTOM_KEY) return json(res, 401, { status: { code: 401, msg: 'Invalid API Key' } });
      state.attomQueries.push({ address1: url.searchParams.get('address1'), address2: url.searchParams.get('address2') });
    }
    if (state.failFirst[provider] > 0) {
      state.failFirst[provider]--;
      return json(res, 503, { error: 'try again' });
    }
    const behaviour = state.behaviour[provider];
    if (behaviour === 'stall') return; // never answers
    if (behaviour === 'fail') return json(res, 500, { error: 'internal error' });
    if (provider === 'census') {
      const address = url.searchParams.get('address');
      if (url.searchParams.get('benchmark') !== 'Public_AR_Current' || url.searchParams.get('format') !== 'json')
        return json(res, 400, { errors: ['bad request'] });
      const matches =
        behaviour === 'answer'
          ? [{ matchedAddress: address, coordinates: { x: -89.6431, y: 39.7817 }, tigerLine: { side: 'L', tigerLineId: '1' } }]
          : [];
      return json(res, 200, {
        result: { input: { address: { address }, benchmark: { benchmarkName: 'Public_AR_Current' } }, addressMatches: matches },
      });
    }
    if (behaviour === 'not_found') return json(res, 400, { status: { version: '1.0.0', code: 1, msg: 'SuccessWithoutResult', total: 0 } });
    return json(res, 200, {
      status: { version: '1.0.0', code: 0, msg: 'SuccessWithResult', total: 1 },
      property: [
        {
          identifier: { attomId: 184713191, apn: '14-01-001', fips: '17167' },
          ...(behaviour === 'partial' ? {} : { lot: { lotsize1: 0.17, lotsize2: 7405 } }),
          building: { size: { livingsize: 1450, universalsize: 1500 }, rooms: { beds: 3, bathstotal: 2 } },
          summary: { yearbuilt: 1955, propclass: 'Single Family Residence / Townhouse', proptype: 'SFR' },
          location: { accuracy: 'Rooftop', latitude: '39.781500', longitude: '-89.650100' },
        },
      ],
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(skipDatabase())('enrichment', () => {
  let t: TestApp;
  let deps: EnrichmentDeps;
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-enrichment-test-'));

  beforeAll(async () => {
    fake = await startFakeProviders();
    t = await createTestApp({
      dataDir: tmp,
      censusGeocoderUrl: fake.url,
      censusGeocoderTimeoutMs: TIMEOUT_MS,
      attomUrl: fake.url,
      attomApiKey: ATTOM_KEY,
      attomTimeoutMs: TIMEOUT_MS,
      providerRetries: 2,
      providerBackoffMs: 1,
      providerBreakerFailures: 5,
      providerBreakerResetMs: 400,
      providerConcurrency: 1,
    });
    deps = enrichmentDepsOf(t.runtime);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  interface World {
    tenant: TestTenant;
    token: string;
  }

  async function world(): Promise<World> {
    const tenant = await t.make.tenant();
    return { tenant, token: await t.make.bearer(tenant.owner) };
  }

  const call = (w: World, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, token = w.token) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
  const get = async (w: World, url: string) => (await call(w, 'GET', url)).json();

  /** Imports CSV rows whose headers are import field names, as a user would with that mapping confirmed. */
  async function importRows(w: World, list: string, rows: Record<string, string>[], tags = ''): Promise<string> {
    const headers = Object.keys(rows[0]!);
    const csv = [headers.join(','), ...rows.map((row) => headers.map((h) => row[h] ?? '').join(','))].join('\n');
    const mapping = JSON.stringify({ headerRow: 1, columns: Object.fromEntries(headers.map((h) => [h, h])) });
    const upload = await uploadList(t.app, w.token, { name: `${list}.csv`, content: csv }, { list, tags, mapping });
    expect(upload.statusCode, upload.body).toBe(201);
    const importId = upload.json().import.id as string;
    await runImport(t.runtime.db, w.tenant.id, importId);
    return importId;
  }

  async function idOf(w: World, line: string): Promise<string> {
    const [row] = await t.runtime.db.withTenant(w.tenant.id, (tx) =>
      tx.query<{ id: string }>('select id from parcels where address_line1 = $1', [line]),
    );
    if (!row) throw new Error(`no parcel at ${line}`);
    return row.id;
  }

  const enrich = (w: World, scope: EnrichmentScope, options?: RunOptions) => runEnrichment(deps, w.tenant.id, scope, options);

  async function callsOf(w: World, provider: string) {
    return t.runtime.db.withTenant(w.tenant.id, (tx) =>
      tx.query<{ outcome: string; attempts: number; cost: number; duration_ms: number; error: string | null; request_key: string }>(
        'select outcome, attempts, cost::float8 as cost, duration_ms, error, request_key from provider_calls where provider = $1 order by id',
        [provider],
      ),
    );
  }

  async function setProvider(w: World, provider: string, body: object) {
    const response = await call(w, 'PUT', `/api/v1/enrichment/providers/${provider}`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const providerOf = async (w: World, propertyId: string, provider: string) =>
    (await get(w, `/api/v1/properties/${propertyId}/enrichment`)).providers.find((p: { provider: string }) => p.provider === provider);

  let geo: World;

  it('fills geography offline: ZIP centroid, time zone, city and county, never over what a list gave', async () => {
    geo = await world();
    await setProvider(geo, 'census_geocoder', { enabled: false });
    await importRows(geo, 'Geography', [
      { apn: '', situs_address: '1 Centroid Rd', situs_city: '', situs_state: '', situs_zip: '62701', latitude: '', longitude: '' },
      { apn: 'A-1', situs_address: '2 Parcel Rd', situs_city: '', situs_state: '', situs_zip: '62701', latitude: '', longitude: '' },
      {
        apn: '',
        situs_address: '3 Listed Ave',
        situs_city: 'Springfield',
        situs_state: 'IL',
        situs_zip: '62701',
        latitude: '40.7128',
        longitude: '-74.006',
      },
      {
        apn: '',
        situs_address: '4 Nowhere St',
        situs_city: 'Springfield',
        situs_state: 'IL',
        situs_zip: '99999',
        latitude: '',
        longitude: '',
      },
    ]);
    const summary = await enrich(geo, { filter: {} });
    // The one with an unknown ZIP and no coordinates gains nothing.
    expect(summary).toMatchObject({ parcels: 4, geographyChanged: 3, calls: {} });

    const centroid = await idOf(geo, '1 CENTROID RD');
    const view = await get(geo, `/api/v1/properties/${centroid}/enrichment`);
    expect(view.location).toEqual({ latitude: 39.8, longitude: -89.6495, precision: 'zip_centroid', timeZone: 'America/Chicago' });
    expect(view.provenance.latitude.source).toBe('enrichment:geography');
    expect(view.provenance.county.source).toBe('enrichment:geography');
    expect(view.providers.find((p: { provider: string }) => p.provider === 'geography')).toMatchObject({
      status: 'done',
      detail: 'ZIP 62701: SPRINGFIELD, IL',
    });
    expect(view.providers.find((p: { provider: string }) => p.provider === 'census_geocoder')).toMatchObject({
      configured: true,
      enabled: false,
      status: null,
    });
    expect((await get(geo, `/api/v1/properties/${centroid}`)).fields).toMatchObject({
      city: 'SPRINGFIELD',
      state: 'IL',
      county: 'Sangamon',
    });

    // The county is part of an APN's identity: a parcel with one keeps its county empty.
    const withApn = (await get(geo, `/api/v1/properties/${await idOf(geo, '2 PARCEL RD')}`)).fields;
    expect(withApn).toMatchObject({ city: 'SPRINGFIELD', county: null, time_zone: 'America/Chicago' });

    // Coordinates from the list stay, marked as the source, and give the time zone of where they are.
    const listed = await get(geo, `/api/v1/properties/${await idOf(geo, '3 LISTED AVE')}/enrichment`);
    expect(listed.location).toEqual({ latitude: 40.7128, longitude: -74.006, precision: 'source', timeZone: 'America/New_York' });
    expect(listed.provenance.latitude).toBeUndefined();

    expect(await providerOf(geo, await idOf(geo, '4 NOWHERE ST'), 'geography')).toMatchObject({
      status: 'not_found',
      detail: 'ZIP 99999 is not in the ZIP code table',
    });

    // A second run changes nothing and adds no history.
    const history = () => t.runtime.db.withTenant(geo.tenant.id, (tx) => tx.query('select 1 from parcel_field_values'));
    const before = (await history()).length;
    expect((await enrich(geo, { filter: {} })).geographyChanged).toBe(0);
    expect((await history()).length).toBe(before);
  });

  it('retries a flaky geocoder with backoff, counts the attempts, and keeps the replaced ZIP centroid in history', async () => {
    await setProvider(geo, 'census_geocoder', { enabled: true });
    fake.state.failFirst.census = 2;
    const before = fake.state.requests.census;
    const centroid = await idOf(geo, '1 CENTROID RD');
    const summary = await enrich(geo, { parcelIds: [centroid] });
    expect(summary.calls.census_geocoder).toEqual({ ok: 1 });
    expect(fake.state.requests.census - before).toBe(3);
    expect(await callsOf(geo, 'census_geocoder')).toEqual([
      expect.objectContaining({ outcome: 'ok', attempts: 3, cost: 0, error: null, request_key: '1 CENTROID RD, SPRINGFIELD, IL 62701' }),
    ]);
    const view = await get(geo, `/api/v1/properties/${centroid}/enrichment`);
    expect(view.location).toEqual({ latitude: 39.7817, longitude: -89.6431, precision: 'geocoded', timeZone: 'America/Chicago' });
    expect(view.provenance.latitude.source).toBe('enrichment:census_geocoder');
    expect(view.providers.find((p: { provider: string }) => p.provider === 'census_geocoder')).toMatchObject({
      status: 'done',
      detail: 'filled latitude, longitude',
    });
    const detail = await get(geo, `/api/v1/properties/${centroid}`);
    expect(detail.history).toContainEqual(expect.objectContaining({ field: 'latitude', value: '39.8', source: 'enrichment:geography' }));
  });

  it('answers a repeated question from the cache: no request, outcome cached, no cost', async () => {
    const w = await world();
    await setProvider(w, 'census_geocoder', { enabled: false });
    const attom = await setProvider(w, 'attom', { enabled: true, costPerCall: 0.25 });
    expect(attom).toMatchObject({ name: 'attom', paid: true, configured: true, enabled: true, costPerCall: 0.25, breaker: 'closed' });
    await importRows(w, 'Facts', [
      {
        situs_address: '5 Fact St',
        situs_city: 'Springfield',
        situs_state: 'IL',
        situs_zip: '62701',
        baths: '1',
        latitude: '39.79',
        longitude: '-89.64',
      },
    ]);
    const parcel = await idOf(w, '5 FACT ST');
    const before = fake.state.requests.attom;
    fake.state.behaviour.attom = 'partial';

    expect((await enrich(w, { parcelIds: [parcel] })).calls.attom).toEqual({ ok: 1 });
    expect(fake.state.attomQueries.at(-1)).toEqual({ address1: '5 FACT ST', address2: 'SPRINGFIELD, IL 62701' });
    const facts = (await get(w, `/api/v1/properties/${parcel}`)).fields;
    // Missing facts are filled; the list's baths and coordinates stay.
    expect(facts).toMatchObject({
      beds: 3,
      baths: 1,
      living_sqft: 1450,
      lot_sqft: null,
      year_built: 1955,
      latitude: 39.79,
      location_precision: 'source',
    });
    expect((await get(w, `/api/v1/properties/${parcel}/enrichment`)).provenance.beds.source).toBe('enrichment:attom');

    // Without force, a property the provider answered is not asked again, though it still lacks its lot size.
    expect((await enrich(w, { parcelIds: [parcel] })).calls.attom).toEqual({});
    expect((await enrich(w, { parcelIds: [parcel] }, { force: true })).calls.attom).toEqual({ cached: 1 });
    expect(fake.state.requests.attom - before).toBe(1);
    expect((await callsOf(w, 'attom')).map((c) => [c.outcome, c.cost, c.attempts])).toEqual([
      ['ok', 0.25, 1],
      ['cached', 0, 0],
    ]);
    expect(await providerOf(w, parcel, 'attom')).toMatchObject({ status: 'done', detail: 'matched; nothing new' });
    fake.state.behaviour.attom = 'answer';

    const providers = await call(w, 'GET', '/api/v1/enrichment/providers');
    expect(providers.body).not.toContain(ATTOM_KEY);
    expect(providers.json().items.find((p: { name: string }) => p.name === 'attom')).toMatchObject({
      spentToday: 0.25,
      spentThisMonth: 0.25,
      callsToday: 2,
    });
  });

  let spender: World;

  it('stops paid calls at the daily budget, with the status visible, and goes on when the budget grows', async () => {
    spender = await world();
    await setProvider(spender, 'census_geocoder', { enabled: false });
    expect((await call(spender, 'PUT', '/api/v1/enrichment/providers/attom', { enabled: true })).statusCode).toBe(400);
    await setProvider(spender, 'attom', { enabled: true, costPerCall: 0.4 });
    const settings = await call(spender, 'PUT', '/api/v1/enrichment/settings', { dailyBudget: 1 });
    expect(settings.json()).toEqual({ dailyBudget: 1, monthlyBudget: null, autoEnrich: true });
    const lines = ['11', '12', '13', '14', '15'].map((n) => `${n} Budget St`);
    await importRows(
      spender,
      'Budget',
      lines.map((line) => ({ situs_address: line, situs_city: 'Springfield', situs_state: 'IL', situs_zip: '62701' })),
    );
    const before = fake.state.requests.attom;

    expect((await enrich(spender, { filter: {} })).calls.attom).toEqual({ ok: 2, over_budget: 3 });
    expect(fake.state.requests.attom - before).toBe(2);
    const refused = (await callsOf(spender, 'attom')).filter((c) => c.outcome === 'over_budget');
    expect(refused).toHaveLength(3);
    expect(refused.every((c) => c.cost === 0 && c.attempts === 0)).toBe(true);
    const stopped = await t.runtime.db.withTenant(spender.tenant.id, (tx) =>
      tx.query<{ parcel_id: string }>(`select parcel_id from parcel_enrichments where provider = 'attom' and status = 'over_budget'`),
    );
    expect(stopped).toHaveLength(3);
    expect(await providerOf(spender, stopped[0]!.parcel_id, 'attom')).toMatchObject({
      status: 'over_budget',
      detail: 'the daily budget of $1.00 is spent',
    });
    const attom = (await get(spender, '/api/v1/enrichment/providers')).items.find((p: { name: string }) => p.name === 'attom');
    expect(attom).toMatchObject({ spentToday: 0.8, callsToday: 5 });

    await call(spender, 'PUT', '/api/v1/enrichment/settings', { dailyBudget: 2 });
    expect((await enrich(spender, { filter: {} })).calls.attom).toEqual({ ok: 3 });
    expect(await providerOf(spender, stopped[0]!.parcel_id, 'attom')).toMatchObject({ status: 'done' });
  });

  it('shows admins the cost per provider and per day', async () => {
    const report = await call(spender, 'GET', '/api/v1/enrichment/costs?days=7');
    expect(report.statusCode, report.body).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(report.json()).toMatchObject({
      to: today,
      totalCost: 2,
      totalCalls: 8,
      providers: [{ provider: 'attom', calls: 8, chargedCalls: 5, cost: 2, outcomes: { ok: 5, over_budget: 3 } }],
      daily: [{ day: today, provider: 'attom', calls: 8, cost: 2 }],
    });
    const member = await t.make.user(spender.tenant, 'member');
    const memberToken = await t.make.bearer(member);
    expect((await call(spender, 'GET', '/api/v1/enrichment/costs', undefined, memberToken)).statusCode).toBe(403);
    expect((await call(spender, 'GET', '/api/v1/enrichment/providers', undefined, memberToken)).statusCode).toBe(403);
    const audit = await get(spender, '/api/v1/audit-events?entityType=enrichment_provider');
    expect(audit.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toContainEqual([
      'enrichment.provider_updated',
      'attom',
    ]);
  });

  it('never lets enrichment runs at once spend past a budget together', async () => {
    const w = await world();
    await setProvider(w, 'census_geocoder', { enabled: false });
    await setProvider(w, 'attom', { enabled: true, costPerCall: 0.4 });
    await call(w, 'PUT', '/api/v1/enrichment/settings', { dailyBudget: 1 });
    const lines = ['41', '42', '43', '44', '45', '46'].map((n) => `${n} Race St`);
    await importRows(
      w,
      'Race',
      lines.map((line) => ({ situs_address: line, situs_city: 'Springfield', situs_state: 'IL', situs_zip: '62701' })),
    );
    const ids = await Promise.all(lines.map((line) => idOf(w, line.toUpperCase())));
    const before = fake.state.requests.attom;
    // Slow answers keep each run's calls in flight while the other decides what it may spend.
    fake.state.delayMs = 150;
    const runs = await Promise.all([enrich(w, { parcelIds: ids.slice(0, 3) }), enrich(w, { parcelIds: ids.slice(3) })]).finally(
      () => (fake.state.delayMs = 0),
    );
    expect(fake.state.requests.attom - before).toBe(2);
    const total = (outcome: 'ok' | 'over_budget') => runs.reduce((sum, run) => sum + (run.calls.attom?.[outcome] ?? 0), 0);
    expect([total('ok'), total('over_budget')]).toEqual([2, 4]);
    const calls = await callsOf(w, 'attom');
    expect(calls.map((c) => c.outcome).sort()).toEqual(['ok', 'ok', 'over_budget', 'over_budget', 'over_budget', 'over_budget']);
    expect(calls.reduce((sum, c) => sum + c.cost, 0)).toBeCloseTo(0.8, 6);

    // A call in flight counts against the budget. A run that stopped mid-call (a crash) leaves its
    // reservation, which once older than any run lasts is closed as an error with its cost kept.
    const reserve = (key: string, age: string) =>
      t.runtime.db.withTenant(w.tenant.id, (tx) =>
        tx.query(
          `insert into provider_calls (provider, parcel_id, request_key, outcome, cost, called_at) values ('attom', $1, $2, 'pending', 0.4, now() - $3::interval)`,
          [ids[0], key, age],
        ),
      );
    await reserve('in flight', '0 seconds');
    expect((await get(w, '/api/v1/enrichment/providers')).items.find((p: { name: string }) => p.name === 'attom')).toMatchObject({
      spentToday: 1.2,
    });
    await reserve('crashed', '7 hours');
    expect(await t.runtime.db.withTenant(w.tenant.id, settleAbandonedCalls)).toBe(1);
    const left = (await callsOf(w, 'attom')).filter((c) => c.request_key === 'crashed' || c.request_key === 'in flight');
    expect(left.map((c) => [c.request_key, c.outcome, c.cost])).toEqual([
      ['in flight', 'pending', 0.4],
      ['crashed', 'error', 0.4],
    ]);
  });

  it('gives up on a stalled provider after its timeout, and recovers when it answers', async () => {
    const w = await world();
    await importRows(w, 'Stall', [{ situs_address: '21 Stall St', situs_city: 'Springfield', situs_state: 'IL', situs_zip: '62701' }]);
    fake.state.behaviour.census = 'stall';
    const started = Date.now();
    expect((await enrich(w, { filter: {} })).calls.census_geocoder).toEqual({ timeout: 1 });
    expect(Date.now() - started).toBeLessThan(10 * TIMEOUT_MS);
    expect(await callsOf(w, 'census_geocoder')).toEqual([
      expect.objectContaining({ outcome: 'timeout', attempts: 3, error: `no answer within ${TIMEOUT_MS} ms` }),
    ]);
    const parcel = await idOf(w, '21 STALL ST');
    expect(await providerOf(w, parcel, 'census_geocoder')).toMatchObject({
      status: 'failed',
      detail: `timeout: no answer within ${TIMEOUT_MS} ms`,
    });

    fake.state.behaviour.census = 'answer';
    expect((await enrich(w, { filter: {} })).calls.census_geocoder).toEqual({ ok: 1 });
    expect(await providerOf(w, parcel, 'census_geocoder')).toMatchObject({ status: 'done' });
  });

  it('opens the circuit after repeated failures, refuses further calls, and closes it once the provider answers', async () => {
    const w = await world();
    await importRows(
      w,
      'Breaker',
      ['31', '32', '33', '34'].map((n) => ({
        situs_address: `${n} Breaker St`,
        situs_city: 'Springfield',
        situs_state: 'IL',
        situs_zip: '62701',
      })),
    );
    fake.state.behaviour.census = 'fail';
    const before = fake.state.requests.census;
    // One call at a time: 3 attempts fail, then 2 more open the circuit (5 in a row); the rest are refused without a request.
    expect((await enrich(w, { filter: {} })).calls.census_geocoder).toEqual({ error: 1, circuit_open: 3 });
    expect(fake.state.requests.census - before).toBe(5);
    expect((await callsOf(w, 'census_geocoder')).map((c) => [c.outcome, c.attempts])).toEqual([
      ['error', 3],
      ['circuit_open', 2],
      ['circuit_open', 0],
      ['circuit_open', 0],
    ]);
    const census = (await get(w, '/api/v1/enrichment/providers')).items.find((p: { name: string }) => p.name === 'census_geocoder');
    expect(census).toMatchObject({ breaker: 'open', configured: true, enabled: true });

    fake.state.behaviour.census = 'answer';
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await enrich(w, { filter: {} })).calls.census_geocoder).toEqual({ ok: 4 });
    expect((await get(w, '/api/v1/enrichment/providers')).items.find((p: { name: string }) => p.name === 'census_geocoder').breaker).toBe(
      'closed',
    );
  });

  it('derives signals from a crafted list', async () => {
    const w = await world();
    await setProvider(w, 'census_geocoder', { enabled: false });
    const owner = (name: string, line: string, city: string, state: string, zip: string) => ({
      owner_name: name,
      mailing_address: line,
      mailing_city: city,
      mailing_state: state,
      mailing_zip: zip,
    });
    const row = (line: string, extra: Record<string, string>) => ({
      situs_address: line,
      situs_city: 'Springfield',
      situs_state: 'IL',
      situs_zip: '62701',
      owner_name: '',
      mailing_address: '',
      mailing_city: '',
      mailing_state: '',
      mailing_zip: '',
      market_value: '',
      assessed_value: '',
      mortgage_balance: '',
      tax_owed: '',
      occupancy: '',
      last_sale_date: '',
      ...extra,
    });
    await importRows(w, 'Signals', [
      row('10 Home St', {
        ...owner('SMITH JOHN', '10 Home St', 'Springfield', 'IL', '62701'),
        market_value: '200000',
        mortgage_balance: '50000',
        tax_owed: '0',
        occupancy: 'Owner Occupied',
        last_sale_date: '2015-06-01',
      }),
      row('20 Rental Rd', {
        ...owner('ACME HOLDINGS LLC', '500 Corporate Dr', 'Dallas', 'TX', '75201'),
        market_value: '100000',
        tax_owed: '1200',
        occupancy: 'Vacant',
      }),
      row('22 Rental Rd', {
        ...owner('ACME HOLDINGS LLC', '500 Corporate Dr', 'Dallas', 'TX', '75201'),
        assessed_value: '80000',
        mortgage_balance: '0',
      }),
      row('30 Trust Ln', owner('DOE FAMILY TRUST', '30 Trust Ln', 'Springfield', 'IL', '62701')),
      row('40 Bare St', {}),
      // The owner's mailing address has no ZIP: whether it is the property cannot be told.
      row('50 Unclear Ave', { ...owner('BROWN ANN', '50 Unclear Ave', 'Springfield', 'IL', ''), occupancy: 'See notes' }),
    ]);
    await importRows(
      w,
      'Probate',
      [{ situs_address: '40 Bare St', situs_city: 'Springfield', situs_state: 'IL', situs_zip: '62701' }],
      'probate',
    );
    await enrich(w, { filter: {} });
    const signals = async (line: string) => (await get(w, `/api/v1/properties/${await idOf(w, line)}/enrichment`)).signals;

    const home = await signals('10 HOME ST');
    expect(home).toMatchObject({
      absentee: false,
      outOfState: false,
      equity: 150000,
      equityPercent: 75,
      freeAndClear: false,
      taxDelinquent: false,
      vacant: false,
      entityOwned: false,
      trustOrEstate: false,
      ownerParcelCount: 1,
      distressListCount: 0,
      distressTags: [],
    });
    const years = (Date.now() - Date.parse('2015-06-01')) / (365.25 * 86_400_000);
    expect(home.yearsOwned).toBeCloseTo(years, 1);
    // A value without a mortgage balance says nothing of the equity: unknown, not all of the value.
    expect(await signals('20 RENTAL RD')).toMatchObject({
      absentee: true,
      outOfState: true,
      yearsOwned: null,
      equity: null,
      equityPercent: null,
      freeAndClear: null,
      taxDelinquent: true,
      vacant: true,
      entityOwned: true,
      trustOrEstate: false,
      ownerParcelCount: 2,
    });
    // A balance of 0 given in the list is known: free and clear.
    expect(await signals('22 RENTAL RD')).toMatchObject({
      equity: 80000,
      equityPercent: 100,
      freeAndClear: true,
      taxDelinquent: null,
      vacant: null,
      ownerParcelCount: 2,
    });
    expect(await signals('30 TRUST LN')).toMatchObject({
      absentee: false,
      entityOwned: true,
      trustOrEstate: true,
      equity: null,
      freeAndClear: null,
    });
    expect(await signals('40 BARE ST')).toMatchObject({
      absentee: null,
      outOfState: null,
      entityOwned: null,
      trustOrEstate: true,
      ownerParcelCount: null,
      distressListCount: 1,
      distressTags: ['probate'],
    });
    expect(await signals('50 UNCLEAR AVE')).toMatchObject({
      absentee: null,
      outOfState: false,
      vacant: null,
      entityOwned: false,
      equity: null,
      freeAndClear: null,
      taxDelinquent: null,
    });
    const view = await get(w, `/api/v1/properties/${await idOf(w, '40 BARE ST')}/enrichment`);
    expect(view.providers.find((p: { provider: string }) => p.provider === 'signals')).toMatchObject({
      status: 'done',
      updatedAt: view.signals.computedAt,
    });
  });

  it('queues runs through the API and runs them as the worker does; enriches after imports only when asked to', async () => {
    const w = await world();
    await setProvider(w, 'census_geocoder', { enabled: false });
    const importId = await importRows(w, 'Queued', [
      { situs_address: '50 Queue St', situs_city: 'Springfield', situs_state: 'IL', situs_zip: '62701' },
    ]);
    const listId = (await get(w, '/api/v1/lists')).items[0].id as string;
    const parcel = await idOf(w, '50 QUEUE ST');
    const job = enrichParcelsJob(deps);
    const runJob = (data: EnrichJobData) =>
      job.handler({ tenantId: w.tenant.id, requestId: null, data }, { jobId: 'job-1', log: t.runtime.log });

    expect((await call(w, 'POST', '/api/v1/enrichment/runs', { listId, propertyIds: [parcel] })).statusCode).toBe(400);
    expect((await call(w, 'POST', '/api/v1/enrichment/runs', {})).statusCode).toBe(400);
    expect((await call(w, 'POST', '/api/v1/enrichment/runs', { listId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    const unknown = await call(w, 'POST', '/api/v1/enrichment/runs', { propertyIds: [parcel, '00000000-0000-4000-8000-000000000000'] });
    expect(unknown.json().error).toMatchObject({ code: 'not_found', message: '1 of the 2 properties do not exist' });
    const accepted = await call(w, 'POST', '/api/v1/enrichment/runs', { listId });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json()).toMatchObject({ parcels: 1, status: 'queued' });
    const [event] = await t.runtime.db.asOwner((tx) =>
      tx.query<{ payload: EnrichJobData }>(`select payload from outbox_events where type = $1 and payload ->> 'runId' = $2`, [
        ENRICHMENT_REQUESTED,
        accepted.json().runId,
      ]),
    );
    expect(event!.payload).toEqual({ runId: accepted.json().runId, scope: { listId }, force: false });
    await runJob({ ...event!.payload, eventType: ENRICHMENT_REQUESTED });
    expect((await get(w, `/api/v1/properties/${parcel}/enrichment`)).location.precision).toBe('zip_centroid');

    const signalsAt = async () => (await get(w, `/api/v1/properties/${parcel}/enrichment`)).signals.computedAt as string;
    const first = await signalsAt();
    await call(w, 'PUT', '/api/v1/enrichment/settings', { autoEnrich: false });
    await runJob({ importId, eventType: PARCELS_CHANGED });
    expect(await signalsAt()).toBe(first);
    await call(w, 'PUT', '/api/v1/enrichment/settings', { autoEnrich: true });
    await runJob({ importId, eventType: PARCELS_CHANGED });
    expect(await signalsAt()).not.toBe(first);
    await expect(runJob({ eventType: PARCELS_CHANGED })).rejects.toThrow(/needs importId/);

    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const route of [
      '/api/v1/properties/{id}/enrichment',
      '/api/v1/enrichment/runs',
      '/api/v1/enrichment/providers/{provider}',
      '/api/v1/enrichment/settings',
      '/api/v1/enrichment/costs',
    ]) {
      expect(doc.paths[route], route).toBeDefined();
    }

    const audit = await get(w, '/api/v1/audit-events?action=enrichment.requested');
    expect(audit.items[0]).toMatchObject({ entityType: 'enrichment_run', entityId: accepted.json().runId });
  });

  it('keeps every enrichment table to its tenant, the cache included', async () => {
    const a = spender;
    const b = await world();
    await setProvider(b, 'census_geocoder', { enabled: false });
    await setProvider(b, 'attom', { enabled: true, costPerCall: 0.1 });
    // The same address A paid for: B's answer is its own, not A's cache.
    await importRows(b, 'Same address', [
      { situs_address: '11 Budget St', situs_city: 'Springfield', situs_state: 'IL', situs_zip: '62701' },
    ]);
    const before = fake.state.requests.attom;
    expect((await enrich(b, { filter: {} })).calls.attom).toEqual({ ok: 1 });
    expect(fake.state.requests.attom - before).toBe(1);

    const aParcel = await idOf(a, '11 BUDGET ST');
    expect((await call(b, 'GET', `/api/v1/properties/${aParcel}/enrichment`)).statusCode).toBe(404);
    const costs = (await get(b, '/api/v1/enrichment/costs')).providers;
    expect(costs).toEqual([expect.objectContaining({ provider: 'attom', calls: 1, cost: 0.1 })]);
    for (const table of [
      'provider_calls',
      'provider_cache',
      'parcel_enrichments',
      'parcel_signals',
      'provider_settings',
      'enrichment_settings',
    ]) {
      const [counts] = await t.runtime.db.withTenant(b.tenant.id, (tx) =>
        tx.query<{ theirs: number }>(`select count(*) filter (where tenant_id = $1)::int as theirs from ${table}`, [a.tenant.id]),
      );
      expect(counts!.theirs, table).toBe(0);
    }
    await expect(
      t.runtime.db.withTenant(b.tenant.id, (tx) => tx.query(`insert into parcel_signals (parcel_id) values ($1)`, [aParcel])),
    ).rejects.toThrow(/foreign key/);
  });
});
