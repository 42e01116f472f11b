/**
 * API load benchmark: an authenticated `GET /api/v1/users` (a tenant of 20
 * members) under 50 concurrent connections, on embedded PGlite and on PostgreSQL,
 * against a bare Fastify route returning the same body as the ceiling.
 *
 * The app runs in this process on a loopback port, exactly as `reos api` wires
 * it; the load comes from autocannon in a child process, so the load generator
 * never shares the server's event loop. Prints a table and appends a dated
 * section to bench/RESULTS.md.
 *
 *   npm run bench:api
 *   BENCH_DATABASE_URL=postgres://… npm run bench:api   # a scratch database is created on that server and dropped
 *   BENCH_DURATION=10 BENCH_WARMUP=2 BENCH_CONNECTIONS=50 npm run bench:api
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { buildHttpApp } from '../src/app/http-app.js';
import { openRuntime, type Runtime } from '../src/app/runtime.js';
import { systemActor } from '../src/platform/auth/principal.js';
import { loadConfig, type Config } from '../src/platform/config/config.js';
import type { App } from '../src/platform/http/server.js';
import { createTenant } from '../src/modules/tenants/service.js';
import { addUser } from '../src/modules/users/service.js';
import { benchmarkClusterDescription, startBenchmarkCluster, type PostgresCluster } from '../test/support/postgres-cluster.js';

const ROUTE = '/api/v1/users';
const MEMBERS = 20;

interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  seconds: number;
  /** Latency percentiles in ms, nearest-rank over every measured response. */
  p50: number;
  p95: number;
  p99: number;
  /** autocannon's own histogram figures, for cross-checking (it has no p95). */
  autocannon: { p50: number; p90: number; p97_5: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

type ChildMessage =
  | { type: 'measuring' }
  | { type: 'tick'; second: number; requests: number }
  | { type: 'done'; result: LoadResult }
  | { type: 'failed'; message: string };

// ---------------------------------------------------------------------------
// Load generator (child process)

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function runCannon(
  plan: LoadPlan,
  seconds: number,
  onResponse?: (ms: number) => void,
  onTick?: (second: number, requests: number) => void,
) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: plan.url, headers: plan.headers, connections: plan.connections, duration: seconds, timeout: 10 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client, _status, _bytes, ms) => onResponse(ms));
    if (onTick) {
      let second = 0;
      instance.on('tick', ((tick: { counter: number }) => onTick(++second, tick.counter)) as () => void);
    }
  });
}

async function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  await runCannon(plan, plan.warmupSeconds);
  process.send!({ type: 'measuring' } satisfies ChildMessage);
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const result = await runCannon(
    plan,
    plan.durationSeconds,
    (ms) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = ms;
    },
    (second, requests) => process.send!({ type: 'tick', second, requests } satisfies ChildMessage),
  );
  const sorted = latencies.subarray(0, count).sort();
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    seconds: result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    autocannon: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99 },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

// ---------------------------------------------------------------------------
// Orchestration (main process)

const children = new Set<ChildProcess>();

/** Runs the load generator in a child process and waits for its result, within a hard time limit. */
function measure(label: string, plan: LoadPlan): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--load-generator'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const limitMs = (plan.warmupSeconds + plan.durationSeconds + 30) * 1000;
  return new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label}: load generator did not finish within ${limitMs / 1000} s`));
    }, limitMs);
    const interactive = process.stdout.isTTY;
    progress(`  ${label}: warm-up ${plan.warmupSeconds} s`);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'measuring') progress(`  ${label}: measuring ${plan.durationSeconds} s`);
      else if (message.type === 'tick' && interactive) {
        process.stdout.write(`\r  ${label}: ${message.second}/${plan.durationSeconds} s, ${message.requests} req in the last second   `);
        if (message.second >= plan.durationSeconds) process.stdout.write('\n');
      } else if (message.type === 'done') resolve(message.result);
      else if (message.type === 'failed') reject(new Error(`${label}: ${message.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${label}: load generator exited with code ${code} before reporting`));
    });
    child.send(plan);
  });
}

function progress(line: string): void {
  process.stdout.write(`${line}\n`);
}

function benchConfig(env: Record<string, string>): Readonly<Config> {
  return Object.freeze({
    ...loadConfig({ REOS_LOG_LEVEL: 'silent', REOS_DEMO: 'false', ...env }),
    // Far above any rate this machine can reach: the benchmark measures work, not throttling.
    rateLimitPerIpPerMinute: 1_000_000_000,
    rateLimitPerTenantPerMinute: 1_000_000_000,
  });
}

interface Target {
  runtime: Runtime;
  app: App;
  url: string;
  token: string;
  close(): Promise<void>;
}

/** The real app on a loopback port, with a tenant of MEMBERS members and a signed-in owner. */
async function startTarget(config: Readonly<Config>): Promise<Target> {
  const runtime = await openRuntime(config, { logger: pino({ level: 'silent' }) });
  const app = await buildHttpApp(runtime, { publicUrl: 'http://bench.invalid' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const owner = `owner@bench.invalid`;
  const { tenant } = await createTenant(runtime.db, systemActor('bench'), {
    name: 'Bench Realty',
    adminEmail: owner,
    adminPassword: password,
  });
  await Promise.all(
    Array.from({ length: MEMBERS - 1 }, (_, i) =>
      addUser(runtime.db, systemActor('bench'), tenant.id, {
        email: `member-${String(i + 1).padStart(2, '0')}@bench.invalid`,
        password,
        role: 'member',
      }),
    ),
  );
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: owner, password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return {
    runtime,
    app,
    url: `${base}${ROUTE}`,
    token: accessToken,
    async close() {
      await app.close();
      await runtime.db.close();
    },
  };
}

/** One authenticated request outside the load, to check the route answers what we think it does. */
async function fetchBody(target: Target): Promise<unknown> {
  const response = await fetch(target.url, { headers: { authorization: `Bearer ${target.token}` } });
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200 || body.items?.length !== MEMBERS) {
    throw new Error(`expected 200 with ${MEMBERS} members, got ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body;
}

/**
 * Database round trips of one request, counted on the pg client during a few
 * sequential requests after the load (the counter is off while measuring).
 */
async function roundTripsPerRequest(target: Target, samples = 50): Promise<{ roundTrips: number; transactions: number }> {
  // Requests the load generator left in flight would be counted too: wait until the pool is idle.
  for (let quiet = 0; quiet < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pool = target.runtime.db.poolStats();
    quiet = pool.waiting === 0 && pool.idle === pool.total ? quiet + 1 : 0;
  }
  const original = pg.Client.prototype.query;
  let calls = 0;
  let transactions = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    calls++;
    if (typeof args[0] === 'string' && /^begin\b/i.test(args[0])) transactions++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    for (let i = 0; i < samples; i++) await fetchBody(target);
  } finally {
    pg.Client.prototype.query = original;
  }
  return { roundTrips: calls / samples, transactions: transactions / samples };
}

async function startCeiling(body: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get(ROUTE, async () => body);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}${ROUTE}`, close: () => app.close() };
}

async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `reos_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

interface Row {
  target: string;
  result: LoadResult;
  note?: string;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

function table(rows: Row[], ceiling: number): string {
  const lines = [
    '| target | req/s | p50 ms | p95 ms | p99 ms | errors / timeouts / non-2xx | req/s vs ceiling |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { target, result, note } of rows) {
    lines.push(
      `| ${target}${note ? ` (${note})` : ''} | ${fmtInt(result.requestsPerSecond)} | ${fmt(result.p50)} | ${fmt(result.p95)} | ${fmt(result.p99)} | ` +
        `${result.errors} / ${result.timeouts} / ${result.non2xx} | ${(result.requestsPerSecond / ceiling).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** CPU in use just before the run (Linux: sampled over 1 s; elsewhere the 1-minute load average). */
async function machineBusy(): Promise<{ share: number; text: string }> {
  const sample = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3]! + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  };
  if (!fs.existsSync('/proc/stat')) {
    const load = os.loadavg()[0]!;
    return { share: load / os.cpus().length, text: `1-minute load average ${load.toFixed(2)}` };
  }
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = sample();
  const share = 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total);
  return { share, text: `${Math.round(share * 100)} % of all cores busy in the second before the first phase` };
}

function command(): string {
  const env = [
    process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=<set>' : '',
    ...['BENCH_DURATION', 'BENCH_WARMUP', 'BENCH_CONNECTIONS'].filter((n) => process.env[n]).map((n) => `${n}=${process.env[n]}`),
  ].filter(Boolean);
  const base = process.env.npm_lifecycle_event === 'bench:api' ? 'npm run bench:api' : 'npx tsx bench/api.bench.ts';
  return [...env, base].join(' ');
}

function appendResults(section: string): string {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      '# API benchmark results\n\n' +
        'Appended by `npm run bench:api` (bench/api.bench.ts), newest last. Each section is one run on one machine; ' +
        'compare runs only on the same machine. The ceiling is a bare Fastify route returning the same JSON body ' +
        'without authentication or database, so "vs ceiling" is the share of raw HTTP throughput the real route keeps.\n',
    );
  }
  fs.appendFileSync(file, `\n${section}\n`);
  return file;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

async function main(): Promise<number> {
  const connections = positiveInt('BENCH_CONNECTIONS', 50);
  const warmupSeconds = positiveInt('BENCH_WARMUP', 2);
  const durationSeconds = positiveInt('BENCH_DURATION', 10);
  const plan = (url: string, token?: string): LoadPlan => ({
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    connections,
    warmupSeconds,
    durationSeconds,
  });

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const child of children) child.kill('SIGKILL');
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!();
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
  };
  // Bounded: whatever hangs, the run ends and the cluster is removed.
  const deadlineMs = (3 * (warmupSeconds + durationSeconds) + 240) * 1000;
  const deadline = setTimeout(() => {
    console.error(`bench: still running after ${deadlineMs / 1000} s; giving up`);
    void cleanup().finally(() => process.exit(2));
  }, deadlineMs);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }

  try {
    console.log(
      `GET ${ROUTE} (${MEMBERS} members), ${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s measured per target`,
    );
    console.log(machine());
    // Other work on the machine skews every number: say so rather than hide it.
    const busyBefore = await machineBusy();
    if (busyBefore.share > 0.15) console.warn(`warning: the machine is not idle before the run (${busyBefore.text})`);
    const rows: Row[] = [];

    console.log("setup: the app on embedded PGlite, with a tenant of 20 members (its response is also the ceiling's body)");
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const pglite = await startTarget(benchConfig({ REOS_DATA_DIR: dataDir }));
    cleanups.push(() => pglite.close());
    const body = await fetchBody(pglite);

    console.log('[1/3] ceiling: bare Fastify route, same body, no auth, no database');
    const ceilingServer = await startCeiling(body);
    const ceiling = await measure('ceiling', plan(ceilingServer.url));
    await ceilingServer.close();

    console.log('[2/3] PGlite: the real route on the embedded database');
    rows.push({ target: 'PGlite (embedded)', result: await measure('PGlite', plan(pglite.url, pglite.token)) });
    await cleanups.pop()!();

    console.log(
      `[3/3] PostgreSQL: the real route on ${process.env.BENCH_DATABASE_URL ? 'a scratch database on BENCH_DATABASE_URL' : 'a throwaway local cluster'}`,
    );
    let serverUrl = process.env.BENCH_DATABASE_URL;
    if (!serverUrl) {
      const cluster: PostgresCluster = await startBenchmarkCluster();
      cleanups.push(() => cluster.stop());
      serverUrl = cluster.url;
    }
    const scratch = await createScratchDatabase(serverUrl);
    cleanups.push(() => scratch.drop());
    const config = benchConfig({ DATABASE_URL: scratch.url, REOS_DATA_DIR: dataDir });
    const postgres = await startTarget(config);
    cleanups.push(() => postgres.close());
    await fetchBody(postgres);
    rows.push({
      target: 'PostgreSQL',
      note: `pool ${config.dbPoolMax}`,
      result: await measure('PostgreSQL', plan(postgres.url, postgres.token)),
    });
    const perRequest = await roundTripsPerRequest(postgres);

    rows.unshift({ target: 'ceiling: bare Fastify', result: ceiling });
    const rendered = table(rows, ceiling.requestsPerSecond);
    console.log(`\n${rendered}\n`);
    console.log(
      `PostgreSQL: ${perRequest.roundTrips} database round trips in ${perRequest.transactions} transactions per request (counted on 50 sequential requests after the load).`,
    );
    for (const row of rows) {
      const a = row.result.autocannon;
      console.log(`  ${row.target}: autocannon's own histogram p50 ${a.p50} / p90 ${a.p90} / p97.5 ${a.p97_5} / p99 ${a.p99} ms`);
    }

    const failed = rows.filter((r) => r.result.errors + r.result.timeouts + r.result.non2xx > 0);
    if (failed.length > 0) {
      console.error(`\nbench: ${failed.map((r) => r.target).join(', ')} had errors or non-2xx responses; results not recorded`);
      return 1;
    }

    const pgRow = rows.find((r) => r.target === 'PostgreSQL')!;
    const pgliteRow = rows.find((r) => r.target.startsWith('PGlite'))!;
    const share = (r: Row) => `${Math.round((r.result.requestsPerSecond / ceiling.requestsPerSecond) * 100)} %`;
    const reading =
      `The authenticated route keeps ${share(pgRow)} of the bare-Fastify ceiling on PostgreSQL and ${share(pgliteRow)} on PGlite; ` +
      `each request makes ${perRequest.roundTrips} database round trips in ${perRequest.transactions} transaction${perRequest.transactions === 1 ? '' : 's'}` +
      `${perRequest.transactions === 1 ? ' (the session check travels with BEGIN of the listing)' : ''}.`;
    const section = [
      `## ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC — GET ${ROUTE}`,
      '',
      `- Machine: ${machine()}`,
      `- Command: \`${command()}\``,
      `- Other activity before the run: ${busyBefore.text}`,
      `- Load: autocannon in a separate process, ${connections} connections, ${warmupSeconds} s warm-up then ${durationSeconds} s measured per target, ` +
        `loopback; app in-process as \`reos api\` wires it (logger silent, rate limits out of reach, PostgreSQL pool ${config.dbPoolMax}); ` +
        `${MEMBERS} members per response. PostgreSQL: ${process.env.BENCH_DATABASE_URL ? 'given server' : benchmarkClusterDescription()}; load generator, app and database share the machine.`,
      '- Latency: p50/p95/p99 are nearest-rank over every measured response time reported by autocannon (its own summary has p90 and p97.5 but no p95).',
      '',
      rendered,
      '',
      `Reading: ${reading}`,
    ].join('\n');
    const file = appendResults(section);
    console.log(`\nReading: ${reading}\nAppended to ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
    clearTimeout(deadline);
    await cleanup();
  }
}

if (process.argv.includes('--load-generator')) {
  process.once('message', (plan: LoadPlan) => {
    generateLoad(plan).then(
      (result) => process.send!({ type: 'done', result } satisfies ChildMessage, () => process.exit(0)),
      (error: unknown) => process.send!({ type: 'failed', message: String(error) } satisfies ChildMessage, () => process.exit(1)),
    );
  });
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('bench failed:', error);
      process.exit(1);
    },
  );
}
