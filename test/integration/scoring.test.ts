import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/app/worker.js';
import { enrichmentDepsOf } from '../../src/modules/enrichment/enrichment-deps.js';
import { ENRICHMENT_COMPLETED, SIGNALS_REDERIVED } from '../../src/modules/enrichment/enrichment-events.js';
import { rederiveOutdatedSignals } from '../../src/modules/enrichment/rederive-signals.js';
import { runEnrichment } from '../../src/modules/enrichment/run-enrichment.js';
import { systemActor } from '../../src/platform/auth/principal.js';
import { fillDemoCounty } from '../../src/modules/demo-county/fill-demo-county.js';
import { runImport } from '../../src/modules/imports/run-import.js';
import { isPositiveOutcome } from '../../src/modules/scoring/outcomes.js';
import {
  MODEL_ACTIVATED,
  TRAINING_REQUESTED,
  WEIGHTS_CHANGED,
  refitActiveModel,
  rescoreParcels,
  retrainTenant,
  trainCandidate,
} from '../../src/modules/scoring/service.js';
import type { ScoringInput } from '../../src/modules/scoring/scoring-input.js';
import { plantedParcels } from '../support/scoring-parcels.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

interface Reason {
  key: string;
  label: string;
  points: number;
  stack: number;
  model?: number;
  unknown?: boolean;
}
interface Score {
  score: number;
  stackScore: number;
  modelScore: number | null;
  modelVersion: number | null;
  reasons: Reason[];
}

const sum = (reasons: Reason[], part: 'points' | 'stack' | 'model') => reasons.reduce((total, r) => total + (r[part] ?? 0), 0);
/** The reasons that carry points, without the signals listed as unknown. */
const pointed = (score: Score) => score.reasons.filter((r) => !r.unknown);
const unknownKeys = (score: Score) => score.reasons.filter((r) => r.unknown).map((r) => r.key);

/** Every part of a score's reasons adds up to its own score. */
function expectExact(score: Score) {
  expect(sum(score.reasons, 'points')).toBe(score.score);
  expect(sum(score.reasons, 'stack')).toBe(score.stackScore);
  if (score.modelScore !== null) expect(sum(score.reasons, 'model')).toBe(score.modelScore);
}

describe.skipIf(skipDatabase())('motivation score', () => {
  let t: TestApp;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-scoring-test-'));

  beforeAll(async () => {
    t = await createTestApp({ dataDir: tmp });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const sql = <R extends object>(tenantId: string, text: string, params: unknown[] = []) =>
    t.runtime.db.withTenant(tenantId, (tx) => tx.query<R>(text, params));
  const call = async (tenant: TestTenant, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object, token?: string) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token ?? (await t.make.bearer(tenant.owner))}` }, payload });
  const events = (tenantId: string, type: string) =>
    t.runtime.db.asPlatformWorker((tx) =>
      tx.query<{ payload: Record<string, unknown> }>('select payload from outbox_events where tenant_id = $1 and type = $2', [
        tenantId,
        type,
      ]),
    );

  /** Uploads a list, confirms the proposed mapping and runs the import as the worker would. */
  async function importCsv(tenant: TestTenant, content: string, list: string) {
    const token = await t.make.bearer(tenant.owner);
    const upload = await uploadList(t.app, token, { name: `${list}.csv`, content }, { list });
    expect(upload.statusCode, upload.body).toBe(201);
    const { import: created, preview } = upload.json();
    const confirmed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: { authorization: `Bearer ${token}` },
      payload: preview.proposal.mapping,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await runImport(t.runtime.db, tenant.id, created.id);
    return { id: created.id as string, mapping: preview.proposal.mapping.columns as Record<string, string> };
  }

  /** Signals as the enrichment would write them. */
  async function setSignals(tenantId: string, parcelId: string, signals: Record<string, unknown>) {
    const columns = Object.keys(signals);
    await sql(
      tenantId,
      `insert into parcel_signals (parcel_id, ${columns.join(', ')}) values ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
       on conflict (tenant_id, parcel_id) do update set ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
      [parcelId, ...Object.values(signals)],
    );
  }

  /** Inserts parcels with their signals and outcomes set-based; a label of 1 becomes an appointment or better. */
  async function insertLabelled(tenantId: string, inputs: ScoringInput[], labels: Uint8Array): Promise<string[]> {
    const ids = inputs.map(() => randomUUID());
    const column = <K extends keyof ScoringInput>(key: K) => inputs.map((input) => input[key]);
    await sql(
      tenantId,
      `insert into parcels (id, address_line1, source, year_built, living_sqft, market_value, stack_count, distress_tags)
       select id, 'PARCEL ' || n, 'test', year_built, living_sqft, market_value, stack_count, translate(tags, '[]', '{}')::text[]
         from unnest($1::uuid[], $2::int[], $3::int[], $4::numeric[], $5::int[], $6::text[]) with ordinality as x(id, year_built, living_sqft, market_value, stack_count, tags, n)`,
      [
        ids,
        column('yearBuilt'),
        column('livingSqft'),
        column('marketValue'),
        column('stackCount'),
        inputs.map((i) => JSON.stringify(i.distressTags)),
      ],
    );
    await sql(
      tenantId,
      `insert into parcel_signals (parcel_id, absentee, out_of_state, years_owned, equity_percent, free_and_clear, tax_delinquent, vacant,
                                   entity_owned, trust_or_estate, owner_parcel_count, distress_list_count, distress_tags)
       select id, a, o, y, e, f, t, v, en, tr, c, d, translate(tags, '[]', '{}')::text[]
         from unnest($1::uuid[], $2::bool[], $3::bool[], $4::numeric[], $5::numeric[], $6::bool[], $7::bool[], $8::bool[], $9::bool[], $10::bool[], $11::int[], $12::int[], $13::text[])
           as x(id, a, o, y, e, f, t, v, en, tr, c, d, tags)`,
      [
        ids,
        column('absentee'),
        column('outOfState'),
        column('yearsOwned'),
        column('equityPercent'),
        column('freeAndClear'),
        column('taxDelinquent'),
        column('vacant'),
        column('entityOwned'),
        column('trustOrEstate'),
        column('ownerParcelCount'),
        column('distressListCount'),
        inputs.map((i) => JSON.stringify(i.distressTags)),
      ],
    );
    const outcomes = Array.from(labels, (label, i) => (label ? (i % 3 === 0 ? 'won' : 'appointment') : i % 2 === 0 ? 'dead' : 'contacted'));
    await sql(tenantId, `insert into parcel_outcomes (parcel_id, outcome, source) select unnest($1::uuid[]), unnest($2::text[]), 'test'`, [
      ids,
      outcomes,
    ]);
    return ids;
  }

  it('scores the distress signals with reasons that add up exactly, also when clamped, and rescores when weights change', async () => {
    const tenant = await t.make.tenant();
    await importCsv(
      tenant,
      'Address,City,State,Zip\n1 Quiet Ln,Springfield,IL,62701\n2 Busy St,Springfield,IL,62701\n3 Every Rd,Springfield,IL,62701\n',
      'Roll',
    );
    const ids = Object.fromEntries(
      (await sql<{ id: string; address_line1: string }>(tenant.id, 'select id, address_line1 from parcels')).map((p) => [
        p.address_line1,
        p.id,
      ]),
    );
    await setSignals(tenant.id, ids['2 BUSY ST']!, { absentee: true, tax_delinquent: true, years_owned: 22.5, equity_percent: 64 });
    await setSignals(tenant.id, ids['3 EVERY RD']!, {
      absentee: true,
      out_of_state: true,
      tax_delinquent: true,
      vacant: true,
      trust_or_estate: true,
      free_and_clear: true,
      entity_owned: true,
      owner_parcel_count: 6,
      years_owned: 31,
      equity_percent: 100,
      distress_list_count: 3,
      distress_tags: ['pre_foreclosure', 'probate', 'code_violation'],
    });
    expect(await rescoreParcels(t.runtime.db, tenant.id, 'all')).toMatchObject({ parcels: 3, written: 3, unchanged: 0 });

    const detail = async (id: string) => (await call(tenant, 'GET', `/api/v1/properties/${id}`)).json() as { score: Score | null };
    // Enrichment has not run for it: every signal is unknown, none is read as absent.
    const quiet = (await detail(ids['1 QUIET LN']!)).score!;
    expect(quiet).toMatchObject({ score: 0, stackScore: 0, modelScore: null, modelVersion: null });
    expect(pointed(quiet)).toEqual([]);
    expect(unknownKeys(quiet)).toEqual(expect.arrayContaining(['absentee', 'equityPercent', 'freeAndClear', 'yearsOwned']));
    const busy = (await detail(ids['2 BUSY ST']!)).score!;
    expect(busy.score).toBe(12 + 15 + 9 + 10);
    expect(pointed(busy).map((r) => `${r.label} ${r.points > 0 ? '+' : ''}${r.points}`)).toEqual([
      'tax delinquent +15',
      'absentee owner +12',
      '64 % equity +10',
      '22 years owned +9',
    ]);
    // The signals it was not given follow, unknown and without points.
    expect(busy.reasons.slice(4).every((r) => r.unknown && r.points === 0 && r.stack === 0)).toBe(true);
    expect(busy.reasons.find((r) => r.key === 'freeAndClear')).toEqual({
      key: 'freeAndClear',
      label: 'free and clear: unknown',
      points: 0,
      stack: 0,
      unknown: true,
    });
    expect(unknownKeys(busy)).not.toContain('equityPercent');
    expectExact(busy);
    const every = (await detail(ids['3 EVERY RD']!)).score!;
    expect(every.score).toBe(100);
    // Eight reasons one by one, the rest summed.
    expect(every.reasons).toHaveLength(9);
    expect(every.reasons.at(-1)).toMatchObject({ key: 'other', label: 'other factors' });
    expectExact(every);

    // Nothing changed: the stored score is recognised and nothing is sent back.
    expect(await rescoreParcels(t.runtime.db, tenant.id, 'all')).toMatchObject({ parcels: 3, written: 0, unchanged: 3 });

    const weights = await call(tenant, 'GET', '/api/v1/scoring/weights');
    expect(weights.json()).toMatchObject({ weights: { absentee: 12, taxDelinquent: 15 }, overrides: {}, updatedAt: null });
    const changed = await call(tenant, 'PUT', '/api/v1/scoring/weights', { absentee: 30, yearsOwned: [{ min: 20, points: 20 }] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      weights: { absentee: 30, taxDelinquent: 15, yearsOwned: [{ min: 20, points: 20 }] },
      defaults: { absentee: 12 },
      overrides: { absentee: 30 },
    });
    expect(await events(tenant.id, WEIGHTS_CHANGED)).toHaveLength(1);
    const [audit] = await sql<{ diff: Record<string, unknown> }>(
      tenant.id,
      `select diff from audit_events where action = 'scoring.weights_changed'`,
    );
    expect(audit!.diff).toHaveProperty('absentee');
    await rescoreParcels(t.runtime.db, tenant.id, 'all');
    const reweighted = (await detail(ids['2 BUSY ST']!)).score!;
    expect(reweighted.score).toBe(30 + 15 + 20 + 10);
    expectExact(reweighted);

    const overlapping = await call(tenant, 'PUT', '/api/v1/scoring/weights', {
      distressLists: [
        { min: 2, points: 5 },
        { min: 3, points: 10 },
      ],
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().error.message).toMatch(/overlaps/);
    expect((await call(tenant, 'PUT', '/api/v1/scoring/weights', { absentee: 500 })).statusCode).toBe(400);
    expect((await call(tenant, 'PUT', '/api/v1/scoring/weights', { nonsense: 1 })).statusCode).toBe(400);
    const member = await t.make.user(tenant, 'member');
    expect((await call(tenant, 'PUT', '/api/v1/scoring/weights', {}, await t.make.bearer(member))).statusCode).toBe(403);
    expect((await call(tenant, 'GET', '/api/v1/scoring/weights', undefined, await t.make.bearer(member))).statusCode).toBe(200);
  });

  it('sorts and filters the property list by score; unscored properties come last', async () => {
    const tenant = await t.make.tenant();
    await importCsv(
      tenant,
      'Address,City,State,Zip\n10 A St,Springfield,IL,62701\n11 B St,Springfield,IL,62701\n12 C St,Springfield,IL,62701\n13 D St,Springfield,IL,62701\n',
      'Roll',
    );
    const ids = Object.fromEntries(
      (await sql<{ id: string; address_line1: string }>(tenant.id, 'select id, address_line1 from parcels')).map((p) => [
        p.address_line1,
        p.id,
      ]),
    );
    await setSignals(tenant.id, ids['10 A ST']!, { absentee: true });
    await setSignals(tenant.id, ids['11 B ST']!, { absentee: true, tax_delinquent: true });
    await setSignals(tenant.id, ids['12 C ST']!, { vacant: true, tax_delinquent: true, absentee: true });
    await rescoreParcels(t.runtime.db, tenant.id, [ids['10 A ST']!, ids['11 B ST']!, ids['12 C ST']!]);

    const page = (await call(tenant, 'GET', '/api/v1/properties?sort=score')).json();
    expect(page.items.map((p: { address: string; score: number | null }) => [p.address, p.score])).toEqual([
      ['12 C ST', 39],
      ['11 B ST', 27],
      ['10 A ST', 12],
      ['13 D ST', null],
    ]);
    const filtered = (await call(tenant, 'GET', '/api/v1/properties?minScore=20&maxScore=30')).json();
    expect(filtered.total).toBe(1);
    expect(filtered.items[0]).toMatchObject({ address: '11 B ST', score: 27 });
    expect((await call(tenant, 'GET', '/api/v1/properties?minScore=101')).statusCode).toBe(400);
    const csv = await call(tenant, 'GET', '/api/v1/properties.csv?sort=score');
    expect(csv.body.split('\n')[0]).toMatch(/,score$/);
    expect(csv.body.split('\n')[1]).toMatch(/,39$/);
  });

  it("sets and clears a property's outcome through the API, audited", async () => {
    const tenant = await t.make.tenant();
    await importCsv(tenant, 'Address,City,State,Zip\n20 Outcome Way,Springfield,IL,62701\n', 'Roll');
    const [parcel] = await sql<{ id: string }>(tenant.id, 'select id from parcels');
    const url = `/api/v1/properties/${parcel!.id}/outcome`;
    const set = await call(tenant, 'PUT', url, { outcome: 'appointment' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ propertyId: parcel!.id, outcome: 'appointment', source: `user:${tenant.owner.id}` });
    expect((await call(tenant, 'GET', `/api/v1/properties/${parcel!.id}`)).json().outcome).toMatchObject({ outcome: 'appointment' });
    expect((await call(tenant, 'PUT', url, { outcome: 'maybe' })).statusCode).toBe(400);
    expect((await call(tenant, 'PUT', `/api/v1/properties/${randomUUID()}/outcome`, { outcome: 'won' })).statusCode).toBe(404);
    const viewer = await t.make.user(tenant, 'viewer');
    expect((await call(tenant, 'PUT', url, { outcome: 'won' }, await t.make.bearer(viewer))).statusCode).toBe(403);
    expect((await call(tenant, 'PUT', url, { outcome: 'won' })).json().outcome).toBe('won');
    expect((await call(tenant, 'DELETE', url)).statusCode).toBe(204);
    expect((await call(tenant, 'GET', `/api/v1/properties/${parcel!.id}`)).json().outcome).toBeNull();
    const audit = await sql<{ action: string; diff: Record<string, unknown> }>(
      tenant.id,
      `select action, diff from audit_events where entity_id = $1 order by id`,
      [parcel!.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['property.outcome_set', 'property.outcome_set', 'property.outcome_cleared']);
    expect(audit[1]!.diff).toEqual({ outcome: ['appointment', 'won'] });
  });

  it('takes outcomes from a list column, under the import as source', async () => {
    const tenant = await t.make.tenant();
    const csv = (statuses: string[]) =>
      ['Address,City,State,Zip,Lead Status', ...statuses.map((status, i) => `${30 + i} Status St,Springfield,IL,62701,${status}`)].join(
        '\n',
      );
    const first = await importCsv(tenant, csv(['Appointment Set', 'New Lead', 'Hot', '', 'Dead Deal']), 'CRM export');
    expect(first.mapping['Lead Status']).toBe('outcome');
    const view = (await call(tenant, 'GET', `/api/v1/imports/${first.id}`)).json();
    // An outcome it cannot read is left out of its row, with a warning; the property is imported.
    expect(view).toMatchObject({ inserted: 5, rejected: 0, warnings: 1 });
    const warnings = await call(tenant, 'GET', `/api/v1/imports/${first.id}/warnings.csv`);
    expect(warnings.body).toContain('unknown outcome ""Hot""');
    const outcomes = async () =>
      Object.fromEntries(
        (
          await sql<{ address_line1: string; outcome: string; source: string }>(
            tenant.id,
            'select p.address_line1, o.outcome, o.source from parcel_outcomes o join parcels p on p.id = o.parcel_id',
          )
        ).map((o) => [o.address_line1, [o.outcome, o.source]]),
      );
    expect(await outcomes()).toEqual({
      '30 STATUS ST': ['appointment', `import:${first.id}`],
      '34 STATUS ST': ['dead', `import:${first.id}`],
    });
    // The next export says the deal was won: the newest outcome wins.
    const second = await importCsv(tenant, csv(['Won Deal', 'New Lead']), 'CRM export');
    expect(await outcomes()).toMatchObject({ '30 STATUS ST': ['won', `import:${second.id}`] });
  });

  it('trains a model on the outcomes, activates it, blends it into the score and rolls back', { timeout: 120_000 }, async () => {
    const tenant = await t.make.tenant();
    const empty = await call(tenant, 'POST', '/api/v1/scoring/models/train');
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.message).toMatch(/at least 200 parcels with an outcome/);

    const { inputs, labels } = plantedParcels(800, 3);
    const ids = await insertLabelled(tenant.id, inputs, labels);
    const queued = await call(tenant, 'POST', '/api/v1/scoring/models/train');
    expect(queued.statusCode, queued.body).toBe(202);
    expect(queued.json()).toEqual({ status: 'queued', labelled: 800, positives: labels.reduce((a, b) => a + b, 0) });
    expect(await events(tenant.id, TRAINING_REQUESTED)).toHaveLength(1);
    const member = await t.make.user(tenant, 'member');
    expect((await call(tenant, 'POST', '/api/v1/scoring/models/train', undefined, await t.make.bearer(member))).statusCode).toBe(403);

    // What the job does.
    const v1 = await trainCandidate(t.runtime.db, tenant.id, systemActor('test'));
    const models = (await call(tenant, 'GET', '/api/v1/scoring/models')).json().items;
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ id: v1.id, version: 1, status: 'candidate', algorithm: 'gbt', activatedAt: null });
    const metrics = models[0].metrics;
    expect(metrics.trainRows + metrics.testRows).toBe(800);
    expect(Math.abs(metrics.testRows - 200)).toBeLessThanOrEqual(1);
    expect(metrics.rocAuc).toBeGreaterThan(0.7);
    expect(metrics.rocAuc).toBeLessThan(1);
    expect(metrics.precisionAt5).toBeGreaterThan(metrics.baseRate);
    expect(metrics.brier).toBeLessThan(0.25);
    expect(metrics.calibration.length).toBeGreaterThan(2);
    expect(metrics.stackRocAuc).toBeGreaterThan(0.5);
    expect(models[0].features).toContain('absentee');

    // A candidate scores nothing.
    await rescoreParcels(t.runtime.db, tenant.id, 'all');
    const [unblended] = await sql<{ model: number }>(
      tenant.id,
      'select count(*)::int as model from parcel_scores where model_score is not null',
    );
    expect(unblended!.model).toBe(0);

    const activated = await call(tenant, 'POST', `/api/v1/scoring/models/${v1.id}/activate`);
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json()).toMatchObject({ version: 1, status: 'active' });
    expect((await events(tenant.id, MODEL_ACTIVATED))[0]!.payload).toEqual({ modelId: v1.id, version: 1 });
    expect(await rescoreParcels(t.runtime.db, tenant.id, 'all')).toMatchObject({ parcels: 800, written: 800 });
    expect(await rescoreParcels(t.runtime.db, tenant.id, ids)).toMatchObject({ parcels: 800, written: 0, unchanged: 800 });
    for (const id of ids.slice(0, 25)) {
      const { score } = (await call(tenant, 'GET', `/api/v1/properties/${id}`)).json() as { score: Score };
      expect(score.modelVersion).toBe(1);
      expect(score.modelScore).not.toBeNull();
      expect(score.score).toBe(Math.round((score.modelScore! + score.stackScore) / 2));
      expectExact(score);
      expect(pointed(score).length).toBeLessThanOrEqual(9);
    }
    // The model ranks the labelled parcels better than chance.
    const scored = await sql<{ score: number; outcome: string }>(
      tenant.id,
      'select s.model_score as score, o.outcome from parcel_scores s join parcel_outcomes o using (tenant_id, parcel_id)',
    );
    const mean = (positive: boolean) => {
      const group = scored.filter((s) => isPositiveOutcome(s.outcome as never) === positive);
      return group.reduce((total, s) => total + s.score, 0) / group.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false) + 10);

    const v2 = await trainCandidate(t.runtime.db, tenant.id, systemActor('test'));
    expect(v2.version).toBe(2);
    await call(tenant, 'POST', `/api/v1/scoring/models/${v2.id}/activate`);
    const status = async () =>
      Object.fromEntries(
        (await call(tenant, 'GET', '/api/v1/scoring/models'))
          .json()
          .items.map((m: { version: number; status: string }) => [m.version, m.status]),
      );
    expect(await status()).toEqual({ 1: 'retired', 2: 'active' });
    const rolledBack = await call(tenant, 'POST', '/api/v1/scoring/models/rollback');
    expect(rolledBack.statusCode, rolledBack.body).toBe(200);
    expect(rolledBack.json()).toMatchObject({ version: 1, status: 'active' });
    expect(await status()).toEqual({ 1: 'active', 2: 'retired' });
    const again = await call(tenant, 'POST', '/api/v1/scoring/models/rollback');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/No version before 1/);
    const actions = await sql<{ action: string }>(tenant.id, `select action from audit_events where entity_type = 'model' order by id`);
    expect(actions.map((a) => a.action)).toEqual([
      'scoring.training_requested',
      'scoring.model_trained',
      'scoring.model_activated',
      'scoring.model_trained',
      'scoring.model_activated',
      'scoring.model_rolled_back',
    ]);
    expect((await call(tenant, 'POST', `/api/v1/scoring/models/${randomUUID()}/activate`)).statusCode).toBe(404);

    // Scheduled retraining: outcomes that no longer say anything give a worse model, which is kept a candidate.
    expect(await retrainTenant(t.runtime.db, tenant.id)).toMatchObject({
      candidate: null,
      activated: false,
      reason: expect.stringMatching(/no outcome changed/),
    });
    await sql(
      tenant.id,
      `update parcel_outcomes set outcome = case when random() < 0.35 then 'appointment' else 'contacted' end, set_at = now()`,
    );
    const refused = await retrainTenant(t.runtime.db, tenant.id);
    expect(refused).toMatchObject({
      activated: false,
      candidate: { version: 3, status: 'candidate' },
      reason: expect.stringMatching(/below the active version 1/),
    });
    expect(await status()).toEqual({ 1: 'active', 2: 'retired', 3: 'candidate' });
  });

  it('retrains on schedule and activates a model that is not worse', { timeout: 120_000 }, async () => {
    const tenant = await t.make.tenant();
    const { inputs, labels } = plantedParcels(600, 8);
    await insertLabelled(tenant.id, inputs, labels);
    // The active model learnt from shuffled outcomes.
    const truth = await sql<{ parcel_id: string; outcome: string }>(tenant.id, 'select parcel_id, outcome from parcel_outcomes');
    await sql(tenant.id, `update parcel_outcomes set outcome = case when random() < 0.35 then 'won' else 'dead' end`);
    const weak = await trainCandidate(t.runtime.db, tenant.id, systemActor('test'));
    await call(tenant, 'POST', `/api/v1/scoring/models/${weak.id}/activate`);
    await sql(
      tenant.id,
      `update parcel_outcomes o set outcome = x.outcome, set_at = now() from unnest($1::uuid[], $2::text[]) as x(parcel_id, outcome) where o.parcel_id = x.parcel_id`,
      [truth.map((r) => r.parcel_id), truth.map((r) => r.outcome)],
    );
    const result = await retrainTenant(t.runtime.db, tenant.id);
    expect(result).toMatchObject({ activated: true, candidate: { version: 2, status: 'active' } });
    expect(result.candidate!.metrics.rocAuc).toBeGreaterThan(weak.metrics.rocAuc);
  });

  it('rescores when signals change, the weights change or a model is activated', () => {
    const queue = createJobQueue(t.runtime);
    for (const event of [ENRICHMENT_COMPLETED, WEIGHTS_CHANGED, MODEL_ACTIVATED])
      expect(queue.subscribersOf(event), event).toContain('rescore-parcels');
    expect(queue.subscribersOf(TRAINING_REQUESTED)).toEqual(['train-motivation-model']);
    expect(queue.subscribersOf(SIGNALS_REDERIVED)).toEqual(['refit-motivation-model']);
  });

  /** A county roll without mortgage data, and a lender's list that has it, imported, enriched and scored. */
  async function rollAndLoans(tenant: TestTenant) {
    await importCsv(
      tenant,
      [
        'Address,City,State,Zip,Owner Name,Mailing Address,Mailing City,Mailing State,Mailing Zip,Market Value,Last Sale Date',
        '1 Roll St,Springfield,IL,62701,SMITH JOHN,900 Far Ave,Chicago,IL,60601,200000,2001-05-01',
        '2 Roll St,Springfield,IL,62701,JONES MARY,2 Roll St,Springfield,IL,62701,150000,',
        '3 Roll St,Springfield,IL,62701,,,,,,90000,',
      ].join('\n'),
      'County roll',
    );
    await importCsv(
      tenant,
      [
        'Address,City,State,Zip,Market Value,Open Mortgage Balance',
        '10 Loan St,Springfield,IL,62701,200000,0',
        '11 Loan St,Springfield,IL,62701,100000,40000',
        '12 Loan St,Springfield,IL,62701,100000,90000',
      ].join('\n'),
      'Loans',
    );
    await runEnrichment(enrichmentDepsOf(t.runtime), tenant.id, { filter: {} }, { announce: false });
    await rescoreParcels(t.runtime.db, tenant.id, 'all');
    return Object.fromEntries(
      (await sql<{ id: string; address_line1: string }>(tenant.id, 'select id, address_line1 from parcels')).map((p) => [
        p.address_line1,
        p.id,
      ]),
    );
  }

  const ROLL = ['1 ROLL ST', '2 ROLL ST', '3 ROLL ST'];

  it('gives no equity or free-and-clear points to a list without mortgage data: unknown in the reasons, on the page and in the list', async () => {
    const tenant = await t.make.tenant();
    const ids = await rollAndLoans(tenant);
    const detail = async (line: string) =>
      (await call(tenant, 'GET', `/api/v1/properties/${ids[line]}`)).json() as {
        score: Score;
        equity: number | null;
        equityPercent: number | null;
      };

    for (const line of ROLL) {
      const property = await detail(line);
      const { score } = property;
      for (const key of ['equityPercent', 'freeAndClear']) {
        expect(
          score.reasons.find((r) => r.key === key),
          `${line} ${key}`,
        ).toMatchObject({ points: 0, stack: 0, unknown: true });
      }
      expect(score.reasons.find((r) => r.key === 'equityPercent')!.label).toBe('equity: unknown');
      expect(score.reasons.find((r) => r.key === 'freeAndClear')!.label).toBe('free and clear: unknown');
      expectExact(score);
      // The page and the signals say the same: unknown, not the whole value.
      expect(property).toMatchObject({ equity: null, equityPercent: null });
      const enrichment = (await call(tenant, 'GET', `/api/v1/properties/${ids[line]}/enrichment`)).json();
      expect(enrichment.signals).toMatchObject({ equity: null, equityPercent: null, freeAndClear: null });
    }
    // Absentee and owned since 2001 count; the equity it was never told about does not.
    expect((await detail('1 ROLL ST')).score.score).toBe(12 + 9);

    // Known equity scores as before: a balance of 0 is free and clear.
    const freeAndClear = await detail('10 LOAN ST');
    expect(freeAndClear).toMatchObject({ equity: 200000, equityPercent: 100 });
    expect(pointed(freeAndClear.score).map((r) => `${r.label} ${r.points}`)).toEqual(['100 % equity 10', 'free and clear 6']);
    const mortgaged = await detail('11 LOAN ST');
    expect(mortgaged).toMatchObject({ equity: 60000, equityPercent: 60 });
    expect(pointed(mortgaged.score).map((r) => `${r.label} ${r.points}`)).toEqual(['60 % equity 10']);
    expect(unknownKeys(mortgaged.score)).not.toContain('freeAndClear');
    expect(unknownKeys(mortgaged.score)).not.toContain('equityPercent');

    // The list: unknown equity is shown as such and sorts last; ranges leave it out.
    const list = async (query: string) =>
      (await call(tenant, 'GET', `/api/v1/properties?${query}`)).json().items as { address: string; equity: number | null }[];
    const byEquity = await list('sort=equity');
    expect(byEquity.slice(0, 3).map((p) => [p.address, p.equity])).toEqual([
      ['10 LOAN ST', 200000],
      ['11 LOAN ST', 60000],
      ['12 LOAN ST', 10000],
    ]);
    expect(
      byEquity
        .slice(3)
        .map((p) => p.address)
        .sort(),
    ).toEqual(ROLL);
    expect(byEquity.slice(3).every((p) => p.equity === null)).toBe(true);
    const addresses = async (query: string) => (await list(query)).map((p) => p.address).sort();
    expect(await addresses('minEquityPercent=50')).toEqual(['10 LOAN ST', '11 LOAN ST']);
    expect(await addresses('maxEquityPercent=50')).toEqual(['12 LOAN ST']);
    expect(await addresses('minEquity=0')).toEqual(['10 LOAN ST', '11 LOAN ST', '12 LOAN ST']);
    expect(await addresses('maxEquity=1000000')).toEqual(['10 LOAN ST', '11 LOAN ST', '12 LOAN ST']);
    const csv = (await call(tenant, 'GET', '/api/v1/properties.csv?sort=equity')).body.split('\n');
    expect(csv.at(-2)).toMatch(/ROLL ST/);
  });

  it("counts a list's free-and-clear flag: yes is free and clear with all of the value as equity, no is mortgaged", async () => {
    const tenant = await t.make.tenant();
    const flagged = await importCsv(
      tenant,
      [
        'Address,City,State,Zip,Market Value,Free and Clear',
        '20 Flag St,Springfield,IL,62701,150000,Yes',
        '21 Flag St,Springfield,IL,62701,150000,N',
        '22 Flag St,Springfield,IL,62701,150000,',
        '23 Flag St,Springfield,IL,62701,150000,maybe',
      ].join('\n'),
      'Equity list',
    );
    expect(flagged.mapping['Free and Clear']).toBe('free_and_clear');
    expect((await call(tenant, 'GET', `/api/v1/imports/${flagged.id}`)).json()).toMatchObject({ inserted: 4, warnings: 1 });
    await runEnrichment(enrichmentDepsOf(t.runtime), tenant.id, { filter: {} }, { announce: false });
    await rescoreParcels(t.runtime.db, tenant.id, 'all');
    const [yes, no, blank, unreadable] = await Promise.all(
      ['20 FLAG ST', '21 FLAG ST', '22 FLAG ST', '23 FLAG ST'].map(async (line) => {
        const [{ id }] = (await sql<{ id: string }>(tenant.id, 'select id from parcels where address_line1 = $1', [line])) as [
          { id: string },
        ];
        return (await call(tenant, 'GET', `/api/v1/properties/${id}`)).json() as {
          fields: Record<string, unknown>;
          equity: number | null;
          score: Score;
        };
      }),
    );
    expect(yes).toMatchObject({ fields: { free_and_clear: true, mortgage_balance: null }, equity: 150000 });
    expect(pointed(yes!.score).map((r) => `${r.label} ${r.points}`)).toEqual(['100 % equity 10', 'free and clear 6']);
    // Mortgaged, balance not given: no free-and-clear points, and the equity is unknown.
    expect(no).toMatchObject({ fields: { free_and_clear: false }, equity: null });
    expect(unknownKeys(no!.score)).toContain('equityPercent');
    expect(unknownKeys(no!.score)).not.toContain('freeAndClear');
    expect(pointed(no!.score)).toEqual([]);
    for (const property of [blank!, unreadable!]) {
      expect(property).toMatchObject({ fields: { free_and_clear: null }, equity: null });
      expect(unknownKeys(property.score)).toEqual(expect.arrayContaining(['equityPercent', 'freeAndClear']));
    }
  });

  it("derives an existing tenant's wrongly derived signals again after the upgrade, batch by batch and once, and rescores them", async () => {
    const tenant = await t.make.tenant();
    const ids = await rollAndLoans(tenant);
    // As the rules before the upgrade left them: the roll's values read as free and clear, 100 % equity.
    await sql(
      tenant.id,
      `update parcel_signals s set rules = 1, equity = p.market_value, equity_percent = 100, free_and_clear = true
         from parcels p where p.id = s.parcel_id and p.mortgage_balance is null`,
    );
    await rescoreParcels(t.runtime.db, tenant.id, 'all');
    const points = async (line: string, key: string) =>
      ((await call(tenant, 'GET', `/api/v1/properties/${ids[line]}`)).json().score as Score).reasons.find((r) => r.key === key)?.points;
    expect(await points('1 ROLL ST', 'equityPercent')).toBe(10);
    expect(await points('1 ROLL ST', 'freeAndClear')).toBe(6);
    // One of them was enriched again since: it already has the current rules and is left alone.
    await runEnrichment(enrichmentDepsOf(t.runtime), tenant.id, { parcelIds: [ids['3 ROLL ST']!] }, { announce: false });
    const eventsBefore = (await events(tenant.id, ENRICHMENT_COMPLETED)).length;

    expect(await rederiveOutdatedSignals(t.runtime.db, tenant.id, 1)).toEqual({ parcels: 2 });
    const [signals] = await sql<{ outdated: number; wrong: number }>(
      tenant.id,
      `select count(*) filter (where s.rules < 2)::int as outdated,
              count(*) filter (where p.mortgage_balance is null and (s.equity is not null or s.free_and_clear is not null))::int as wrong
         from parcel_signals s join parcels p on p.id = s.parcel_id`,
    );
    expect(signals).toEqual({ outdated: 0, wrong: 0 });
    // A batch at a time, each published as enriched (which rescores it); the last one says the tenant is done.
    const completed = (await events(tenant.id, ENRICHMENT_COMPLETED)).slice(eventsBefore);
    expect(completed.map((e) => (e.payload.parcelIds as string[]).length)).toEqual([1, 1]);
    expect(completed.flatMap((e) => e.payload.parcelIds as string[]).sort()).toEqual([ids['1 ROLL ST'], ids['2 ROLL ST']].sort());
    expect((await events(tenant.id, SIGNALS_REDERIVED)).map((e) => e.payload)).toEqual([{ rules: 2 }]);
    for (const event of completed) await rescoreParcels(t.runtime.db, tenant.id, event.payload.parcelIds as string[]);
    expect(await points('1 ROLL ST', 'equityPercent')).toBe(0);
    expect(await points('1 ROLL ST', 'freeAndClear')).toBe(0);
    expect(await points('10 LOAN ST', 'freeAndClear')).toBe(6);

    // Done once: a second run finds nothing and publishes nothing.
    expect(await rederiveOutdatedSignals(t.runtime.db, tenant.id)).toEqual({ parcels: 0 });
    expect((await events(tenant.id, ENRICHMENT_COMPLETED)).length).toBe(eventsBefore + 2);
    expect(await events(tenant.id, SIGNALS_REDERIVED)).toHaveLength(1);
  });

  it('refits the active model on the signals as derived again, and leaves a tenant without one alone', { timeout: 120_000 }, async () => {
    const without = await t.make.tenant();
    expect(await refitActiveModel(t.runtime.db, without.id, systemActor('test'))).toEqual({ model: null, reason: 'no model is active' });

    const tenant = await t.make.tenant();
    const { inputs, labels } = plantedParcels(400, 5);
    await insertLabelled(tenant.id, inputs, labels);
    const v1 = await trainCandidate(t.runtime.db, tenant.id, systemActor('test'));
    expect((await call(tenant, 'POST', `/api/v1/scoring/models/${v1.id}/activate`)).statusCode).toBe(200);
    const refit = await refitActiveModel(t.runtime.db, tenant.id, systemActor('signals derived again'));
    expect(refit.model).toMatchObject({ version: 2, status: 'active' });
    expect(refit.reason).toMatch(/replaces version 1/);
    expect(await events(tenant.id, MODEL_ACTIVATED)).toHaveLength(2);
  });

  it("learns from the demo county's outcomes", { timeout: 180_000 }, async () => {
    const tenant = await t.make.tenant();
    const summary = await fillDemoCounty(t.runtime.db, tenant.id, { parcels: 2000, asOf: '2025-06-30' });
    expect(summary.outcomes).toBeGreaterThan(200);
    const [counts] = await sql<{ total: number; imported: number; positive: number }>(
      tenant.id,
      `select count(*)::int as total, count(*) filter (where source like 'import:%')::int as imported,
              count(*) filter (where outcome in ('appointment', 'under_contract', 'won'))::int as positive from parcel_outcomes`,
    );
    expect(counts!.total).toBe(summary.outcomes);
    // The driving-for-dollars list brought its lead statuses in through the import.
    expect(counts!.imported).toBeGreaterThan(0);
    expect(counts!.positive / counts!.total).toBeGreaterThan(0.1);
    // Signals as the enrichment derives them from the imported lists.
    await sql(
      tenant.id,
      `insert into parcel_signals (parcel_id, absentee, out_of_state, years_owned, equity_percent, free_and_clear, tax_delinquent, vacant,
                                   entity_owned, trust_or_estate, owner_parcel_count, distress_list_count, distress_tags)
       select p.id,
              coalesce(bool_or(o.mailing_key is not null and o.mailing_key is distinct from p.address_key), false),
              coalesce(bool_or(o.mailing_state is distinct from p.state), false),
              (date '2025-06-30' - p.last_sale_date) / 365.25,
              case when p.market_value > 0 then 100 * (p.market_value - coalesce(p.mortgage_balance, 0)) / p.market_value end,
              coalesce(p.mortgage_balance, 0) = 0,
              'tax_delinquent' = any(p.distress_tags), 'vacant' = any(p.distress_tags),
              coalesce(bool_or(o.kind = 'entity'), false), coalesce(bool_or(o.entity_type in ('trust', 'estate')), false),
              max((select count(*) from parcel_owners x where x.owner_id = o.id))::int,
              cardinality(p.distress_tags), p.distress_tags
         from parcels p left join parcel_owners po on po.parcel_id = p.id left join owners o on o.id = po.owner_id
        group by p.id`,
    );
    const model = await trainCandidate(t.runtime.db, tenant.id, systemActor('test'));
    expect(model.metrics.rocAuc).toBeGreaterThan(0.6);
    expect(model.metrics.rocAuc).toBeLessThan(0.97);
  });
});
