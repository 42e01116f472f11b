/**
 * Enrichment benchmark: fills the demo county (20,000 parcels, as `reos demo`
 * does, through the import pipeline) on embedded PGlite and on a throwaway
 * PostgreSQL cluster, then runs the offline providers (ZIP geography and derived
 * signals) over every parcel, twice: the first run writes coordinates' precision,
 * time zones and signals; the second finds nothing to change. The ceiling,
 * measured in the same run on the same table, is one bare statement updating
 * every parcel (`update parcels set time_zone = …`). Reports parcels/s, prints a
 * table and appends a dated section to bench/RESULTS.md.
 *
 *   npm run bench:enrich
 *   BENCH_PARCELS=5000 npm run bench:enrich     # a smaller county
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../src/platform/auth/principal.js';
import { loadConfig } from '../src/platform/config/config.js';
import { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { fillDemoCounty } from '../src/modules/demo-county/fill-demo-county.js';
import { enrichmentDepsOf } from '../src/modules/enrichment/enrichment-deps.js';
import { DEFAULT_CHUNK, runEnrichment, type RunSummary } from '../src/modules/enrichment/run-enrichment.js';
import { createTenant } from '../src/modules/tenants/service.js';
import { benchmarkClusterDescription, startBenchmarkCluster } from '../test/support/postgres-cluster.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PARCELS = Number(process.env.BENCH_PARCELS ?? 20_000);

interface Measured {
  database: 'PGlite' | 'PostgreSQL';
  parcels: number;
  fillSeconds: number;
  ceilingSeconds: number;
  first: RunSummary & { elapsed: number };
  again: RunSummary & { elapsed: number };
}

async function measure(database: Measured['database'], db: Database, workDir: string): Promise<Measured> {
  await migrate(db);
  const { tenant } = await createTenant(db, systemActor('bench'), {
    name: 'Bench Realty',
    adminEmail: 'bench@example.test',
    adminPassword: 'bench-password-1',
  });
  console.log(`  ${database}: filling the demo county (${PARCELS.toLocaleString('en-US')} parcels)…`);
  const fillStarted = Date.now();
  await fillDemoCounty(db, tenant.id, { parcels: PARCELS, workDir });
  const fillSeconds = (Date.now() - fillStarted) / 1000;
  // No external provider is configured: the offline ones run alone.
  const deps = enrichmentDepsOf({ db, config: loadConfig({ REOS_LOG_LEVEL: 'silent', REOS_DATA_DIR: workDir }) });
  const run = async (label: string) => {
    const started = performance.now();
    const summary = await runEnrichment(
      deps,
      tenant.id,
      { filter: {} },
      { onProgress: (done) => process.stdout.write(`\r  ${database}: ${label} ${done.toLocaleString('en-US')} parcels`) },
    );
    process.stdout.write('\n');
    return { ...summary, elapsed: (performance.now() - started) / 1000 };
  };
  const first = await run('first enrichment');
  const again = await run('second enrichment');
  const ceilingStarted = performance.now();
  await db.withTenant(tenant.id, (tx) => tx.query(`update parcels set time_zone = 'America/Chicago'`));
  const ceilingSeconds = (performance.now() - ceilingStarted) / 1000;
  // The county's parcels plus the look-alikes its hand-kept list adds.
  return { database, parcels: first.parcels, fillSeconds, ceilingSeconds, first, again };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-enrich-'));
  const results: Measured[] = [];
  try {
    console.log('[1/2] PGlite (embedded, data folder on disk)');
    const pglite = await Database.open({ dataDir: path.join(dir, 'pglite') });
    try {
      results.push(await measure('PGlite', pglite, path.join(dir, 'work-pglite')));
    } finally {
      await pglite.close();
    }
    console.log(`[2/2] PostgreSQL (${benchmarkClusterDescription()})`);
    const cluster = await startBenchmarkCluster();
    const postgres = await Database.open({ databaseUrl: cluster.url, poolMax: 4 });
    try {
      results.push(await measure('PostgreSQL', postgres, path.join(dir, 'work-postgres')));
    } finally {
      await postgres.close();
      cluster.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const rate = (parcels: number, seconds: number) => Math.round(parcels / seconds);
  const lines = results.flatMap((r) => {
    const ceiling = rate(r.parcels, r.ceilingSeconds);
    const row = (name: string, seconds: number, changed: string) =>
      `| ${r.database} | ${name} | ${r.parcels.toLocaleString('en-US')} | ${seconds.toFixed(2)} | ${rate(r.parcels, seconds).toLocaleString('en-US')} | ${(rate(r.parcels, seconds) / ceiling).toFixed(2)} | ${changed} |`;
    return [
      row('ceiling: `update parcels set time_zone = …`, one statement', r.ceilingSeconds, '—'),
      row('offline enrichment, first run', r.first.elapsed, r.first.geographyChanged.toLocaleString('en-US')),
      row('offline enrichment, second run (nothing new)', r.again.elapsed, r.again.geographyChanged.toLocaleString('en-US')),
    ];
  });
  const table = [
    '| database | run | parcels | seconds | parcels/s | vs ceiling | parcels whose fields changed |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...lines,
  ].join('\n');
  console.log('\n' + table);

  const [pglite, postgres] = results as [Measured, Measured];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const section = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — enrichment (offline providers)`,
    '',
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}`,
    '- Command: `npm run bench:enrich`' + (process.env.BENCH_PARCELS ? ` with BENCH_PARCELS=${PARCELS}` : ''),
    `- Data: the demo county (\`reos demo\`: ${pglite.parcels.toLocaleString('en-US')} parcels with owners, five distress lists and three years of sales), filled through the import pipeline in ${pglite.fillSeconds.toFixed(0)} s on PGlite and ${postgres.fillSeconds.toFixed(0)} s on PostgreSQL (not part of the figures).`,
    `- Run: \`runEnrichment\` in this process over every parcel (\`{filter: {}}\`), in batches of ${DEFAULT_CHUNK.toLocaleString('en-US')}, with no external provider configured: ZIP geography (precision of the roll's coordinates, time zone at each point, missing city/state/county) and derived signals, each batch one transaction of five statements plus the id page and an outbox event. PGlite: data folder on disk. PostgreSQL: ${benchmarkClusterDescription()}, pool of 4, sharing the 2 cores with this process.`,
    "- Ceiling: one `update parcels set time_zone = 'America/Chicago'` over the same tenant's parcels, measured right after the runs on the same database.",
    '',
    table,
    '',
    `Reading: the first run enriches ${rate(postgres.parcels, postgres.first.elapsed).toLocaleString('en-US')} parcels/s on PostgreSQL (${(postgres.ceilingSeconds / postgres.first.elapsed).toFixed(2)} of the bare update) and ${rate(pglite.parcels, pglite.first.elapsed).toLocaleString('en-US')} parcels/s on PGlite (${(pglite.ceilingSeconds / pglite.first.elapsed).toFixed(2)}); the whole county takes ${postgres.first.elapsed.toFixed(1)} s and ${pglite.first.elapsed.toFixed(1)} s. A second run, which changes no field, still rewrites every signal and status row: ${postgres.again.elapsed.toFixed(1)} s and ${pglite.again.elapsed.toFixed(1)} s.`,
  ].join('\n');
  fs.appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), section + '\n');
  console.log('\nAppended to bench/RESULTS.md');
}

await main();
