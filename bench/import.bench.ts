/**
 * List import benchmark: generates a list CSV (1,000,000 rows by default; a quarter
 * repeat earlier properties spelled differently), imports it with `reos import` on
 * PostgreSQL and on embedded PGlite, imports it again (the re-import), and measures
 * in the same run PostgreSQL `COPY` of the same file into an unindexed table as the
 * ceiling. Reports rows/s and the import process's peak RSS, prints a table and
 * appends a dated section to bench/RESULTS.md.
 *
 *   npm run bench:import
 *   BENCH_ROWS=200000 npm run bench:import       # a smaller file
 *   BENCH_PGLITE_ROWS=100000 npm run bench:import  # PGlite on the first rows only (default: all)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchmarkClusterDescription, startBenchmarkCluster } from '../test/support/postgres-cluster.js';
import { HEADER, generateList } from './generate-list.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? ROWS);

interface ImportRun {
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  result: { rows: number; inserted: number; merged: number; unchanged: number; rejected: number; review: number };
}

/** Runs `reos import` in its own process, sampling its resident memory until it exits. */
async function reosImport(file: string, env: Record<string, string>, label: string): Promise<ImportRun> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['bin/reos.js', 'import', file, '--tenant', 'bench', '--list', 'Bench list', '--tag', 'tax_delinquent', '--json'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, REOS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    const line = String(chunk).trim().split('\n').at(-1);
    if (line) process.stdout.write(`\r  ${label}: ${line.slice(0, 110).padEnd(110)}`);
  });
  let peak = 0;
  // `reos import` runs the import in a child process of its own (bin/reos.js): the peak
  // is the largest of the process and its children.
  const sampler = setInterval(() => {
    for (const pid of [child.pid!, ...childrenOf(child.pid!)]) peak = Math.max(peak, highWaterKbOf(pid));
  }, 200);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  process.stdout.write('\n');
  if (code !== 0) throw new Error(`reos import failed (${code}): ${stderr.slice(-2000)}`);
  const result = JSON.parse(stdout) as ImportRun['result'];
  const seconds = (Date.now() - started) / 1000;
  return { seconds, rowsPerSecond: Math.round(result.rows / seconds), peakRssMb: Math.round(peak / 1024), result };
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // the process has just exited
  }
}

/** The process's peak resident memory (VmHWM) in kB; 0 once it has exited. */
function highWaterKbOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function reos(args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['bin/reos.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, REOS_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`reos ${args.join(' ')} failed`);
}

interface Stages {
  readRowsPerSecond: number;
  normalizeRowsPerSecond: number;
  copyRowsPerSecond: number;
  mergeRowsPerSecond: number;
  /** The merge's statements by the tables they write, slowest first. */
  mergeStatements: { statement: string; calls: number; seconds: number }[];
}

/** Rows/s of each stage of the import on the same file (read, normalize, COPY, merge), from bench/import-stages.ts in its own process. */
async function stageCeilings(file: string, database: string): Promise<Stages> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/import-stages.ts', file, database], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error('bench/import-stages.ts failed');
  return JSON.parse(stdout);
}

async function copyCeiling(url: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table copy_ceiling (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
    const started = Date.now();
    await client.query(`copy copy_ceiling from '${file}' with (format csv, header true)`);
    return (Date.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

function headRows(source: string, target: string, rows: number): void {
  const lines = fs.readFileSync(source, 'utf8').split('\n');
  fs.writeFileSync(target, lines.slice(0, rows + 1).join('\n') + '\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/app/main.js'))) throw new Error('build first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-import-'));
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, 'list.csv');
  const cluster = await startBenchmarkCluster();
  try {
    console.log(`generating ${ROWS.toLocaleString('en-US')} rows…`);
    await generateList(file, ROWS);
    fs.chmodSync(file, 0o644);
    const megabytes = Math.round(fs.statSync(file).size / 1024 / 1024);

    console.log('[1/5] ceilings: PostgreSQL COPY into an unindexed table; reading and normalizing without a database');
    const copySeconds = await copyCeiling(cluster.url, file);
    const stages = await stageCeilings(file, cluster.url);

    const pgEnv = { DATABASE_URL: cluster.url };
    await reos(
      [
        'tenant',
        'create',
        '--name',
        'Bench',
        '--slug',
        'bench',
        '--admin-email',
        'bench@example.test',
        '--admin-password',
        'bench-password',
      ],
      pgEnv,
    );
    console.log('[2/5] PostgreSQL: first import');
    const pgFirst = await reosImport(file, pgEnv, 'PostgreSQL');
    console.log('[3/5] PostgreSQL: the same file again');
    const pgAgain = await reosImport(file, pgEnv, 'PostgreSQL re-import');

    const pgliteEnv = { REOS_DATA_DIR: path.join(dir, 'pglite'), REOS_DEMO: 'false' };
    const pgliteFile = PGLITE_ROWS < ROWS ? path.join(dir, 'list-head.csv') : file;
    if (pgliteFile !== file) headRows(file, pgliteFile, PGLITE_ROWS);
    await reos(
      [
        'tenant',
        'create',
        '--name',
        'Bench',
        '--slug',
        'bench',
        '--admin-email',
        'bench@example.test',
        '--admin-password',
        'bench-password',
      ],
      pgliteEnv,
    );
    const pgliteStages = await stageCeilings(pgliteFile, `pglite:${path.join(dir, 'pglite-stages')}`);
    console.log(`[4/5] PGlite: first import (${PGLITE_ROWS.toLocaleString('en-US')} rows)`);
    const pgliteFirst = await reosImport(pgliteFile, pgliteEnv, 'PGlite');
    console.log('[5/5] PGlite: the same file again');
    const pgliteAgain = await reosImport(pgliteFile, pgliteEnv, 'PGlite re-import');

    const copyRate = Math.round(ROWS / copySeconds);
    const rowsOf = (run: ImportRun) => run.result.rows.toLocaleString('en-US');
    const line = (name: string, run: ImportRun, vsFirst?: ImportRun) =>
      `| ${name} | ${rowsOf(run)} | ${run.seconds.toFixed(1)} | ${run.rowsPerSecond.toLocaleString('en-US')} | ${(run.rowsPerSecond / copyRate).toFixed(4)} | ${run.peakRssMb} | ${run.result.inserted.toLocaleString('en-US')} / ${run.result.merged.toLocaleString('en-US')} / ${run.result.unchanged.toLocaleString('en-US')} / ${run.result.rejected.toLocaleString('en-US')} / ${run.result.review.toLocaleString('en-US')} | ${vsFirst ? `${(vsFirst.seconds / run.seconds).toFixed(1)}× faster` : ''} |`;
    const stageLine = (name: string, rate: number, rows = ROWS) =>
      `| ${name} | ${rows.toLocaleString('en-US')} | ${(rows / rate).toFixed(1)} | ${rate.toLocaleString('en-US')} | ${(rate / copyRate).toFixed(4)} | — | — | |`;
    const table = [
      '| run | rows | seconds | rows/s | vs COPY | peak RSS MB | inserted / merged / unchanged / rejected / review | re-import |',
      '|---|--:|--:|--:|--:|--:|---|---|',
      `| ceiling: PostgreSQL COPY, unindexed table | ${ROWS.toLocaleString('en-US')} | ${copySeconds.toFixed(1)} | ${copyRate.toLocaleString('en-US')} | 1.00 | — | — | |`,
      stageLine('stage: read CSV records only (one core, no database)', stages.readRowsPerSecond),
      stageLine('stage: read + validate + normalize (one core, no database)', stages.normalizeRowsPerSecond),
      stageLine('stage: COPY into the staging tables, PostgreSQL', stages.copyRowsPerSecond),
      stageLine('stage: set-based merge statements, PostgreSQL', stages.mergeRowsPerSecond),
      stageLine('stage: COPY into the staging tables, PGlite', pgliteStages.copyRowsPerSecond, PGLITE_ROWS),
      stageLine('stage: set-based merge statements, PGlite', pgliteStages.mergeRowsPerSecond, PGLITE_ROWS),
      line('PostgreSQL, first import', pgFirst),
      line('PostgreSQL, same file again', pgAgain, pgFirst),
      line('PGlite, first import', pgliteFirst),
      line('PGlite, same file again', pgliteAgain, pgliteFirst),
    ].join('\n');
    console.log('\n' + table);

    // The stages run one after another in one import; the slowest bounds it. Normalizing is the one stage
    // that spreads over cores (worker threads), so with more cores the bound is the slower of it and the rest.
    const cores = os.cpus().length;
    const bound = (s: Stages) => {
      const stage = (
        [
          ['read', s.readRowsPerSecond],
          ['normalize', s.normalizeRowsPerSecond],
          ['COPY', s.copyRowsPerSecond],
          ['merge', s.mergeRowsPerSecond],
        ] as const
      ).reduce((a, b) => (b[1] < a[1] ? b : a));
      // Reading runs beside the database's work; COPY and merge share one transaction per batch.
      const serial = Math.min(s.readRowsPerSecond, 1 / (1 / s.copyRowsPerSecond + 1 / s.mergeRowsPerSecond));
      return `${stage[0]} holds it (${stage[1].toLocaleString('en-US')} rows/s); with normalizing spread over 4 cores beside the database the stages would allow ${Math.round(Math.min(4 * s.normalizeRowsPerSecond, serial)).toLocaleString('en-US')} rows/s, over 8 cores ${Math.round(Math.min(8 * s.normalizeRowsPerSecond, serial)).toLocaleString('en-US')}`;
    };
    // Which of the merge's statements hold it: seconds and share of the merge stage, the six slowest.
    const statementsOf = (s: Stages) => {
      const total = s.mergeStatements.reduce((sum, statement) => sum + statement.seconds, 0);
      return s.mergeStatements
        .slice(0, 6)
        .map((m) => `${m.statement} ${m.seconds.toFixed(1)} s (${Math.round((100 * m.seconds) / total)} %, ${m.calls} calls)`)
        .join('; ');
    };
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const section = [
      '',
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — list import`,
      '',
      `- Machine: ${cpu}, ${cores} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}`,
      '- Command: `npm run bench:import`' +
        (process.env.BENCH_ROWS || process.env.BENCH_PGLITE_ROWS ? ` with BENCH_ROWS=${ROWS} BENCH_PGLITE_ROWS=${PGLITE_ROWS}` : ''),
      `- File: ${ROWS.toLocaleString('en-US')} rows, ${megabytes} MB, 20 columns, a quarter repeating earlier properties spelled differently (half without APN), about 1 % bad rows. Generated by bench/generate-list.ts (seeded).`,
      `- Each import is \`reos import … --json\` in its own process (parse, validate, normalize addresses, names, phones and emails, deduplicate, merge, stack, write), peak RSS read from that process. PostgreSQL: ${benchmarkClusterDescription()}, sharing the 2 cores with the importer.`,
      '',
      table,
      '',
      `Reading: end to end the import keeps ${(pgFirst.rowsPerSecond / copyRate).toFixed(4)} of the COPY rate on PostgreSQL (${pgFirst.rowsPerSecond.toLocaleString('en-US')} rows/s); the re-import is ${(pgFirst.seconds / pgAgain.seconds).toFixed(1)}× faster than the first import. Peak RSS ${pgFirst.peakRssMb} MB on PostgreSQL, ${pgliteFirst.peakRssMb} MB on PGlite (which runs the database inside the importing process). Without any database, reading and normalizing alone runs at ${stages.normalizeRowsPerSecond.toLocaleString('en-US')} rows/s on one core (${(stages.normalizeRowsPerSecond / copyRate).toFixed(4)} of COPY); the import keeps ${(pgFirst.rowsPerSecond / stages.normalizeRowsPerSecond).toFixed(2)} of that. Stages (each measured alone, one thread): on PostgreSQL ${bound(stages)}; on PGlite ${bound(pgliteStages)}. COPY into the staging tables runs at ${(stages.copyRowsPerSecond / copyRate).toFixed(2)} of plain COPY of the file.`,
      '',
      `Merge statements, slowest first, on PostgreSQL: ${statementsOf(stages)}. On PGlite: ${statementsOf(pgliteStages)}.`,
    ].join('\n');
    fs.appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), section + '\n');
    console.log('\nAppended to bench/RESULTS.md');
  } finally {
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
