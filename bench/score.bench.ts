/**
 * Motivation score benchmark, in two parts:
 *
 * (a) Model evaluation in memory: a gradient-boosted model trained on 20,000
 *     synthetic labelled parcels (planted signal, test/support/scoring-parcels.ts)
 *     scores 1,000,000 synthetic parcels: the batch prediction alone
 *     (predictMany, target ≥ 100,000 parcels/s), the per-parcel path walk that
 *     gives the probability with its feature contributions, and the whole
 *     in-memory scoring (stack score, model, reasons with labels) the rescoring job does.
 * (b) The rescoring job end to end (read signals and facts, score, write
 *     parcel_scores), on embedded PGlite and on a throwaway PostgreSQL cluster,
 *     over generated parcels with signals; in the same run, as ceilings, a
 *     read-only pass over the same chunks and one `update parcel_scores set score = score`
 *     of every row.
 *
 * Prints a table and appends a dated section to bench/RESULTS.md.
 *
 *   npm run bench:score
 *   BENCH_PARCELS=50000 BENCH_MODEL_PARCELS=200000 npm run bench:score   # smaller
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../src/platform/auth/principal.js';
import { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { contributions, predictMany, type GbtModel } from '../src/platform/ml/gradient-boosting.js';
import { featureMatrix, MODEL_FEATURES } from '../src/modules/scoring/model-features.js';
import { listParcelIds, readInputsOf } from '../src/modules/scoring/repo.js';
import { scoreParcels, scoringModel } from '../src/modules/scoring/score-parcels.js';
import { rescoreParcels, type RescoreResult } from '../src/modules/scoring/service.js';
import { trainMotivationModel, type ModelMetrics } from '../src/modules/scoring/train-model.js';
import { effectiveWeights } from '../src/modules/scoring/weights.js';
import { createTenant } from '../src/modules/tenants/service.js';
import { benchmarkClusterDescription, startBenchmarkCluster } from '../test/support/postgres-cluster.js';
import { plantedParcels, trainingSetOf } from '../test/support/scoring-parcels.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL_PARCELS = Number(process.env.BENCH_MODEL_PARCELS ?? 1_000_000);
const DB_PARCELS = Number(process.env.BENCH_PARCELS ?? 200_000);
const TRAINING_PARCELS = 20_000;
const GENERATE_CHUNK = 100_000;
const INSERT_CHUNK = 20_000;

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (started: number) => (performance.now() - started) / 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Row {
  stage: string;
  parcels: number;
  seconds: number;
  note?: string;
}

/** (a) The model on synthetic parcels, in memory. */
function evaluateModel(): { rows: Row[]; gbt: GbtModel; metrics: ModelMetrics; params: Record<string, unknown> } {
  console.log(`(a) training on ${fmt(TRAINING_PARCELS)} synthetic labelled parcels…`);
  const training = plantedParcels(TRAINING_PARCELS, 1);
  const { model: gbt, metrics, params } = trainMotivationModel(trainingSetOf(training.inputs, training.labels));
  console.log(`    ${gbt.trees.length} trees, held-out ROC AUC ${metrics.rocAuc.toFixed(3)}`);

  console.log(`(a) generating ${fmt(MODEL_PARCELS)} synthetic parcels…`);
  const width = MODEL_FEATURES.length;
  const matrix = new Float64Array(MODEL_PARCELS * width);
  const sample = plantedParcels(Math.min(200_000, MODEL_PARCELS), 3).inputs;
  for (let from = 0; from < MODEL_PARCELS; from += GENERATE_CHUNK) {
    const { inputs } = plantedParcels(Math.min(GENERATE_CHUNK, MODEL_PARCELS - from), 100 + from);
    matrix.set(featureMatrix(inputs, scoringModel('', 0, gbt).readers), from * width);
  }
  const rows: Row[] = [];

  const out = new Float64Array(MODEL_PARCELS);
  predictMany(gbt, matrix.subarray(0, Math.min(100_000, MODEL_PARCELS) * width), width);
  const rounds = [0, 1, 2].map(() => {
    const started = performance.now();
    predictMany(gbt, matrix, width, out);
    return seconds(started);
  });
  rows.push({
    stage: 'predictMany (batch probability)',
    parcels: MODEL_PARCELS,
    seconds: median(rounds),
    note: `median of 3 rounds: ${rounds.map((s) => fmt(MODEL_PARCELS / s)).join(' / ')} parcels/s`,
  });

  let checksum = 0;
  const walk = () => {
    const started = performance.now();
    for (let i = 0; i < MODEL_PARCELS; i++) checksum += contributions(gbt, matrix.subarray(i * width, (i + 1) * width)).bias;
    return seconds(started);
  };
  walk();
  rows.push({
    stage: 'predict + contributions (path walk per parcel)',
    parcels: MODEL_PARCELS,
    seconds: walk(),
    note: 'margin and per-feature contributions of each parcel',
  });

  const weights = effectiveWeights({});
  const model = scoringModel('bench', 1, gbt);
  scoreParcels(sample.slice(0, 20_000), weights, model);
  const started = performance.now();
  for (let from = 0; from < sample.length; from += 5000)
    checksum += scoreParcels(sample.slice(from, from + 5000), weights, model)[0]!.score;
  rows.push({
    stage: 'whole in-memory scoring (stack + model + reasons, chunks of 5,000)',
    parcels: sample.length,
    seconds: seconds(started),
    note: 'what the rescoring job computes between its read and its write',
  });
  if (Number.isNaN(checksum)) throw new Error('unreachable: keeps the loops from being optimised away');
  return { rows, gbt, metrics, params: params as unknown as Record<string, unknown> };
}

/** Generated parcels with signals: distress lists, absentee owners, tenure and equity in realistic shares. */
async function fillParcels(db: Database, tenantId: string): Promise<void> {
  for (let from = 1; from <= DB_PARCELS; from += INSERT_CHUNK) {
    const to = Math.min(DB_PARCELS, from + INSERT_CHUNK - 1);
    await db.withTenant(tenantId, (tx) =>
      tx.query(
        `with generated as (
           select n, array_remove(array[case when random() < 0.08 then 'tax_delinquent' end, case when random() < 0.04 then 'probate' end,
                                        case when random() < 0.03 then 'vacant' end, case when random() < 0.03 then 'pre_foreclosure' end], null) as tags
             from generate_series($1::int, $2::int) as n),
         parcel as (
           insert into parcels (address_line1, source, year_built, living_sqft, market_value, stack_count, distress_tags)
           select 'BENCH ' || n, 'bench', 1900 + (random() * 124)::int, 700 + (random() * 2500)::int, 60000 + (random() * 400000)::int,
                  1 + cardinality(tags), tags
             from generated
           returning id, distress_tags)
         insert into parcel_signals (parcel_id, absentee, out_of_state, years_owned, equity_percent, free_and_clear, tax_delinquent, vacant,
                                     entity_owned, trust_or_estate, owner_parcel_count, distress_list_count, distress_tags)
         select id, a, a and random() < 0.3, round((random() * 40)::numeric, 2), round((random() * 130 - 20)::numeric, 2), random() < 0.25,
                'tax_delinquent' = any(distress_tags), 'vacant' = any(distress_tags), random() < 0.08, random() < 0.05,
                1 + floor(random() * random() * 8)::int, cardinality(distress_tags), distress_tags
           from (select id, distress_tags, random() < 0.32 as a from parcel) p`,
        [from, to],
      ),
    );
    process.stdout.write(`\r    ${fmt(to)} parcels`);
  }
  process.stdout.write('\n');
}

/** The reads of a rescoring alone: the id list, then chunks of 5,000 with their signals and stored scores. */
async function readOnlyPass(db: Database, tenantId: string): Promise<number> {
  const started = performance.now();
  const ids = await db.withTenant(tenantId, listParcelIds);
  for (let from = 0; from < ids.length; from += 5000) await db.withTenant(tenantId, (tx) => readInputsOf(tx, ids.slice(from, from + 5000)));
  return seconds(started);
}

/** (b) The rescoring job on one database. */
async function rescoreOn(
  label: string,
  db: Database,
  gbt: GbtModel,
  metrics: ModelMetrics,
  params: Record<string, unknown>,
): Promise<Row[]> {
  await migrate(db);
  const { tenant } = await createTenant(db, systemActor('bench'), {
    name: 'Bench Realty',
    adminEmail: 'bench@example.test',
    adminPassword: 'bench-password-1',
  });
  console.log(`(b) ${label}: generating ${fmt(DB_PARCELS)} parcels with signals…`);
  await fillParcels(db, tenant.id);
  const rows: Row[] = [];
  const run = async (stage: string, work: () => Promise<RescoreResult>) => {
    const result = await work();
    console.log(
      `    ${stage}: ${result.seconds.toFixed(1)} s, ${fmt(result.parcels / result.seconds)} parcels/s, ${fmt(result.written)} written`,
    );
    rows.push({
      stage: `${label}: ${stage}`,
      parcels: result.parcels,
      seconds: result.seconds,
      note: `${fmt(result.written)} rows written, ${fmt(result.unchanged)} found unchanged`,
    });
  };
  await run('rescore, stack score only, first', () => rescoreParcels(db, tenant.id, 'all'));
  await db.withTenant(tenant.id, (tx) =>
    tx.query(
      `insert into models (kind, version, status, algorithm, features, params, artifact, metrics, training_rows, activated_at)
       values ('motivation', 1, 'active', 'gbt', $1, $2, $3, $4, $5, now())`,
      [gbt.features, JSON.stringify(params), JSON.stringify(gbt), JSON.stringify(metrics), metrics.trainRows],
    ),
  );
  await run('rescore with the model, every score changes', () => rescoreParcels(db, tenant.id, 'all'));
  await run('rescore with the model again, nothing changes', () => rescoreParcels(db, tenant.id, 'all'));
  rows.push({
    stage: `${label}: ceiling: the same reads only (ids, then chunks with signals and stored scores)`,
    parcels: DB_PARCELS,
    seconds: await readOnlyPass(db, tenant.id),
  });
  const started = performance.now();
  await db.withTenant(tenant.id, (tx) => tx.query('update parcel_scores set score = score'));
  rows.push({
    stage: `${label}: ceiling: one \`update parcel_scores set score = score\` of every row`,
    parcels: DB_PARCELS,
    seconds: seconds(started),
  });
  return rows;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const evaluation = evaluateModel();
  const rows = [...evaluation.rows];

  const pglite = await Database.open({});
  try {
    rows.push(...(await rescoreOn('PGlite', pglite, evaluation.gbt, evaluation.metrics, evaluation.params)));
  } finally {
    await pglite.close();
  }
  const cluster = await startBenchmarkCluster();
  const postgres = await Database.open({ databaseUrl: cluster.url, poolMax: 4 });
  try {
    rows.push(...(await rescoreOn('PostgreSQL', postgres, evaluation.gbt, evaluation.metrics, evaluation.params)));
  } finally {
    await postgres.close();
    cluster.stop();
  }

  const table = [
    '| stage | parcels | seconds | parcels/s | note |',
    '|---|--:|--:|--:|---|',
    ...rows.map(
      (row) => `| ${row.stage} | ${fmt(row.parcels)} | ${row.seconds.toFixed(2)} | ${fmt(row.parcels / row.seconds)} | ${row.note ?? ''} |`,
    ),
  ].join('\n');
  console.log('\n' + table);

  const rate = (prefix: string) => {
    const row = rows.find((r) => r.stage.startsWith(prefix))!;
    return row.parcels / row.seconds;
  };
  const depth = evaluation.gbt.trees.reduce((max, tree) => Math.max(max, tree.left.length), 0);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const section = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — motivation score`,
    '',
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}; 1-minute load average ${loadBefore.toFixed(2)} before the run`,
    '- Command: `npm run bench:score`' +
      (process.env.BENCH_PARCELS || process.env.BENCH_MODEL_PARCELS
        ? ` with BENCH_PARCELS=${DB_PARCELS} BENCH_MODEL_PARCELS=${MODEL_PARCELS}`
        : ''),
    `- Model: gradient-boosted trees (src/platform/ml), ${MODEL_FEATURES.length} features, trained as the product trains (src/modules/scoring/train-model.ts, early stopping) on ${fmt(TRAINING_PARCELS)} synthetic labelled parcels with a planted signal: ${evaluation.gbt.trees.length} trees of at most ${depth} nodes, held-out ROC AUC ${evaluation.metrics.rocAuc.toFixed(3)}.`,
    `- (a) ${fmt(MODEL_PARCELS)} synthetic parcels as one row-major Float64Array, one thread, after a warm-up. (b) ${fmt(DB_PARCELS)} generated parcels with signals in one tenant; \`rescoreParcels\` as the rescore-parcels job runs it: chunks of 5,000 read with their signals, scored in memory, written with one insert … on conflict do update per chunk (rows whose score and reasons did not change are not rewritten), one transaction per chunk. PostgreSQL: ${benchmarkClusterDescription()} sharing the 2 cores.`,
    '',
    table,
    '',
    `Reading: the batch prediction runs at ${fmt(rate('predictMany'))} parcels/s (target 100,000); with the per-parcel contributions the reasons need, ${fmt(rate('predict + contributions'))} parcels/s; the whole in-memory scoring (stack, model, reasons) ${fmt(rate('whole in-memory'))} parcels/s. End to end, rescoring every parcel with the model runs at ${fmt(rate('PGlite: rescore with the model, every'))} parcels/s on PGlite and ${fmt(rate('PostgreSQL: rescore with the model, every'))} on PostgreSQL; when nothing changed it reads, scores and compares without writing (${fmt(rate('PGlite: rescore with the model again'))} and ${fmt(rate('PostgreSQL: rescore with the model again'))} parcels/s), against ${fmt(rate('PGlite: ceiling: the same reads'))} and ${fmt(rate('PostgreSQL: ceiling: the same reads'))} for the reads alone. One bare update of every row runs at ${fmt(rate('PGlite: ceiling: one'))} and ${fmt(rate('PostgreSQL: ceiling: one'))} parcels/s.`,
  ].join('\n');
  fs.appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), section + '\n');
  console.log('\nAppended to bench/RESULTS.md');
}

await main();
