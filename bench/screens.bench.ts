/**
 * Property screen benchmark: the everyday queries of the property list and page on a
 * tenant of 1,000,000 parcels (test/support/large-tenant.ts), on PostgreSQL and on
 * embedded PGlite, over real HTTP on loopback with a signed-in user's bearer token; the
 * app runs in this process as `reos api` wires it.
 *
 * Each query runs 50 times one at a time after a warm-up (p50/p95/p99), and a few of
 * them at 50 concurrent connections on PostgreSQL (autocannon in a child process, so
 * the load never shares the server's event loop). Ceilings measured in the same run: a
 * bare `select … from parcels where tenant_id = $1 limit 50` through the same driver,
 * and a bare Fastify route returning a body of the first page's size. Prints the
 * tables and appends a dated section to bench/RESULTS.md.
 *
 *   npm run bench:screens
 *   BENCH_PARCELS=100000 npm run bench:screens       # a smaller tenant (both databases)
 *   BENCH_PGLITE_PARCELS=200000 npm run bench:screens # PGlite's tenant only (default: BENCH_PARCELS)
 *   BENCH_ONLY=postgres|pglite npm run bench:screens  # one database
 *   BENCH_VERBOSE=1 npm run bench:screens            # each query's plans (EXPLAIN ANALYZE, BUFFERS)
 *   BENCH_DATABASE_URL=postgres://… npm run bench:screens  # a scratch database on that server instead of a throwaway cluster
 *   BENCH_SAMPLES=50 BENCH_WARMUP=5 BENCH_CONNECTIONS=50 BENCH_DURATION=10 npm run bench:screens
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
import type { PGlite } from '@electric-sql/pglite';
import type { Tx } from '../src/platform/db/database.js';
import type { App } from '../src/platform/http/server.js';
import { createTenant } from '../src/modules/tenants/service.js';
import { seedLargeTenant } from '../test/support/large-tenant.js';
import { benchmarkClusterDescription, startBenchmarkCluster } from '../test/support/postgres-cluster.js';

const TARGET_ONE_AT_A_TIME = { postgres: 25, pglite: 100 } as const;
const TARGET_CONCURRENT = 100;
const CURSOR_PAGES = 40;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const PARCELS = positiveInt('BENCH_PARCELS', 1_000_000);
const PGLITE_PARCELS = positiveInt('BENCH_PGLITE_PARCELS', PARCELS);
const SAMPLES = positiveInt('BENCH_SAMPLES', 50);
const WARMUP = positiveInt('BENCH_WARMUP', 5);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 50);
const DURATION = positiveInt('BENCH_DURATION', 10);
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const ONLY = process.env.BENCH_ONLY;

// ---------------------------------------------------------------------------
// Load generator (child process)

interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

type ChildMessage = { type: 'done'; result: LoadResult } | { type: 'failed'; message: string };

/** Nearest rank over sorted values. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function cannon(plan: LoadPlan, seconds: number, onResponse?: (ms: number) => void) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: plan.url, headers: plan.headers, connections: plan.connections, duration: seconds, timeout: 10 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client, _status, _bytes, ms) => onResponse(ms));
  });
}

async function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  await cannon(plan, plan.warmupSeconds);
  const latencies: number[] = [];
  const result = await cannon(plan, plan.durationSeconds, (ms) => latencies.push(ms));
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: result.requests.average,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

// ---------------------------------------------------------------------------
// Orchestration (main process)

const children = new Set<ChildProcess>();

function concurrently(plan: LoadPlan): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--load-generator'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  return new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), (plan.warmupSeconds + plan.durationSeconds + 30) * 1000);
    child.on('message', (message: ChildMessage) =>
      message.type === 'done' ? resolve(message.result) : reject(new Error(message.message)),
    );
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`load generator exited with code ${code} before reporting`));
    });
    child.send(plan);
  });
}

interface Timing {
  p50: number;
  p95: number;
  p99: number;
}

/** `run` after `WARMUP` untimed runs, `SAMPLES` times one after another. */
async function oneAtATime(run: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const sorted = Float64Array.from(times).sort();
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** `run` from `connections` callers at once for `seconds` (after a warm-up of two): calls per second and latency. */
async function inProcessLoad(run: () => Promise<unknown>, connections: number, seconds: number): Promise<LoadResult> {
  const loop = async (until: number, latencies?: number[]) => {
    while (performance.now() < until) {
      const started = performance.now();
      await run();
      latencies?.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: connections }, () => loop(performance.now() + 2000)));
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, () => loop(started + seconds * 1000, latencies)));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: 0,
    non2xx: 0,
  };
}

function benchConfig(env: Record<string, string>): Readonly<Config> {
  return Object.freeze({
    ...loadConfig({ REOS_LOG_LEVEL: 'silent', REOS_DEMO: 'false', ...env }),
    // Far above any rate this machine can reach: the benchmark measures work, not throttling.
    rateLimitPerIpPerMinute: 1_000_000_000,
    rateLimitPerTenantPerMinute: 1_000_000_000,
  });
}

interface Statement {
  text: string;
  params: readonly unknown[];
}

interface Target {
  kind: 'postgres' | 'pglite';
  runtime: Runtime;
  app: App;
  base: string;
  headers: Record<string, string>;
  tenantId: string;
  seeding: { seconds: number; detail: string };
  /** The statements tenant transactions ran while recording. */
  recorded: Statement[] | null;
  close(): Promise<void>;
}

/** Records the statements of every tenant transaction while `target.recorded` is set, for EXPLAIN. */
function recordTenantStatements(target: Target): void {
  const db = target.runtime.db;
  const withTenant = db.withTenant.bind(db);
  db.withTenant = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) =>
    withTenant(tenantId, (tx) =>
      fn({
        ...tx,
        query: (text, params) => {
          target.recorded?.push({ text, params: params ?? [] });
          return tx.query(text, params);
        },
      }),
    );
}

async function startTarget(kind: 'postgres' | 'pglite', config: Readonly<Config>, parcels: number): Promise<Target> {
  const runtime = await openRuntime(config, { logger: pino({ level: 'silent' }) });
  const app = await buildHttpApp(runtime, { publicUrl: 'http://bench.invalid' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const { tenant } = await createTenant(runtime.db, systemActor('bench'), {
    name: 'Bench County Realty',
    adminEmail: 'owner@bench.invalid',
    adminPassword: password,
  });
  let lastShown = 0;
  const seeded = await seedLargeTenant(runtime.db, tenant.id, {
    parcels,
    onProgress: (done, total) => {
      if (done === total || performance.now() - lastShown > 10_000) {
        lastShown = performance.now();
        progress(`  ${kind}: seeded ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} parcels`);
      }
    },
  });
  const s = seeded.seconds;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@bench.invalid', password }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const target: Target = {
    kind,
    runtime,
    app,
    base,
    headers: { authorization: `Bearer ${accessToken}` },
    tenantId: tenant.id,
    seeding: {
      seconds: s.rows + s.search + s.statistics,
      detail: `rows ${s.rows.toFixed(0)} s, search check ${s.search.toFixed(1)} s, statistics ${s.statistics.toFixed(0)} s`,
    },
    recorded: null,
    async close() {
      await app.close();
      await runtime.db.close();
    },
  };
  recordTenantStatements(target);
  return target;
}

interface Page {
  items: { id: string }[];
  total: number;
  totalExact?: boolean;
  nextCursor?: string | null;
}

async function get(target: Target, url: string): Promise<{ body: unknown; bytes: number }> {
  const response = await fetch(`${target.base}${url}`, { headers: target.headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return { body: JSON.parse(text) as unknown, bytes: Buffer.byteLength(text) };
}

interface Query {
  name: string;
  url: string;
  /** Also measured at CONNECTIONS connections (PostgreSQL). */
  concurrent?: boolean;
  note?: string;
}

/** Values for the queries, read from the tenant: a ZIP, a surname a few hundred owners have, a full name, a house on Main St. */
async function queriesOf(target: Target): Promise<Query[]> {
  const [facts] = await target.runtime.db.withTenant(target.tenantId, (tx) =>
    tx.query<{ zip: string; surname: string; full_name: string; house: string; property: string }>(
      `select (select zip from parcels group by zip order by count(*) desc, zip limit 1) as zip,
              s.surname,
              (select o.display_name from owners o where o.kind = 'person' and jsonb_array_length(o.people) = 1
                  and o.people -> 0 ->> 'last' = s.surname order by o.id limit 1) as full_name,
              (select address_number || ' ' || address_street || ' ' || address_suffix from parcels
                where address_street = 'MAIN' and address_suffix = 'ST' and address_unit_number is null order by id limit 1) as house,
              (select id::text from parcels order by id limit 1) as property
         from (select people -> 0 ->> 'last' as surname, count(*) as n from owners where kind = 'person'
                group by 1 order by abs(count(*) - 300), 1 limit 1) s`,
    ),
  );
  const q = (text: string) => `/api/v1/properties?q=${encodeURIComponent(text)}`;
  const first = (await get(target, '/api/v1/properties')).body as Page;
  const queries: Query[] = [
    { name: 'first page', url: '/api/v1/properties', concurrent: true },
    { name: 'sort by score', url: '/api/v1/properties?sort=score', concurrent: true },
    { name: 'sort by equity', url: '/api/v1/properties?sort=equity' },
    { name: 'sort by value', url: '/api/v1/properties?sort=value' },
    { name: 'tag + minimum score', url: '/api/v1/properties?tag=tax_delinquent&minScore=40&sort=score' },
    { name: 'ZIP + value', url: `/api/v1/properties?zip=${facts!.zip}&minValue=250000&sort=value` },
    { name: 'absentee + equity', url: '/api/v1/properties?absentee=true&minEquityPercent=40&sort=equity' },
    { name: `search owner surname "${facts!.surname}"`, url: q(facts!.surname), concurrent: true },
    { name: `search owner "${facts!.full_name}"`, url: q(facts!.full_name) },
    { name: 'search street "main st"', url: q('main st') },
    // One word on most parcels' addresses, as a search typed word by word starts.
    { name: 'search a common word "ave"', url: q('ave') },
    { name: `search "${facts!.house.toLowerCase()}"`, url: q(facts!.house.toLowerCase()) },
  ];
  if (first.nextCursor === undefined) {
    queries.push({ name: `page ${CURSOR_PAGES} by cursor`, url: '', note: 'skipped: this version of the list has no cursor' });
  } else {
    // The cursor of page 40, followed from the first page; the 40th page is what is timed.
    let cursor = first.nextCursor;
    for (let page = 2; page < CURSOR_PAGES && cursor; page++) {
      cursor = ((await get(target, `/api/v1/properties?cursor=${encodeURIComponent(cursor)}`)).body as Page).nextCursor ?? null;
    }
    if (!cursor) throw new Error(`the list ended before page ${CURSOR_PAGES}`);
    queries.push({ name: `page ${CURSOR_PAGES} by cursor`, url: `/api/v1/properties?cursor=${encodeURIComponent(cursor)}` });
  }
  queries.push({ name: 'page 41 by offset (offset=2000)', url: '/api/v1/properties?offset=2000' });
  queries.push({ name: 'property page', url: `/api/v1/properties/${facts!.property}`, concurrent: true });
  return queries;
}

/** The statements one request runs, each with EXPLAIN (ANALYZE, BUFFERS): its top plan node and times; the whole plan with `full`. */
async function explain(target: Target, url: string, full: boolean): Promise<string[]> {
  target.recorded = [];
  await get(target, url);
  // Reads only: EXPLAIN ANALYZE runs the statement.
  const statements = target.recorded.filter((s) => /^\s*(select|with)\b/i.test(s.text) && !/\b(insert|update|delete)\b/i.test(s.text));
  target.recorded = null;
  const lines: string[] = [];
  for (const statement of statements) {
    const plan = await target.runtime.db.withTenant(target.tenantId, (tx) =>
      tx.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${statement.text}`, statement.params),
    );
    const text = plan.map((row) => row['QUERY PLAN']);
    const time = text.find((line) => line.startsWith('Execution Time'));
    lines.push(`    ${text[0]!.trim().slice(0, 160)} — ${time ?? ''}`);
    if (full) lines.push(...text.map((line) => `      ${line}`), `      -- ${statement.text.replace(/\s+/g, ' ').slice(0, 400)}`);
  }
  return lines;
}

/**
 * The database work of one request without HTTP, authentication or JSON: its recorded
 * statements, replayed in one tenant transaction. At 50 callers this is the stage
 * ceiling of that request on this machine.
 */
async function statementsOf(target: Target, url: string): Promise<() => Promise<unknown>> {
  target.recorded = [];
  await get(target, url);
  const statements = target.recorded;
  target.recorded = null;
  return () =>
    target.runtime.db.withTenant(target.tenantId, async (tx) => {
      for (const statement of statements) await tx.query(statement.text, statement.params);
    });
}

/**
 * Waits until the app's database pool has been idle for half a second (at most two
 * minutes): requests a slow load left behind would otherwise be measured with the next one.
 */
async function quiet(target: Target): Promise<void> {
  const until = performance.now() + 120_000;
  for (let calm = 0; calm < 5 && performance.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pool = target.runtime.db.poolStats();
    calm = pool.waiting === 0 && pool.idle === pool.total ? calm + 1 : 0;
  }
}

/** A bare `select … limit 50` on the same table through the same driver: the database's floor. */
function bareSelect(target: Target): () => Promise<unknown> {
  const sql = `select id, apn, address_line1, city, state, zip, property_type, beds, baths, living_sqft, year_built, market_value,
                      tax_owed, stack_count, distress_tags, updated_at from parcels where tenant_id = $1 limit 50`;
  const raw = target.runtime.db.raw;
  return target.kind === 'pglite'
    ? () => (raw as PGlite).query(sql, [target.tenantId])
    : () => (raw as pg.Pool).query(sql, [target.tenantId]);
}

async function bareFastify(bytes: number): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  const body = { items: [], padding: 'x'.repeat(Math.max(0, bytes - 26)) };
  app.get('/bare', async () => body);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/bare`, close: () => app.close() };
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
  database: 'postgres' | 'pglite';
  query: Query;
  timing?: Timing;
  matches?: string;
  plans: string[];
}

interface ConcurrentRow {
  name: string;
  result: LoadResult;
  /** The request's statements alone, from as many callers (statementsOf). */
  statements: LoadResult;
}

interface Ceiling {
  sql: Timing;
  http: Timing;
  sqlLoad?: LoadResult;
  httpLoad?: LoadResult;
}

const fmt = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '–');
const verdict = (value: number, target: number) => (value <= target ? 'pass' : '**fail**');

function oneAtATimeTable(rows: Row[], ceilings: Partial<Record<'postgres' | 'pglite', Ceiling>>): string {
  const lines = [
    '| database | query | matches | p50 ms | p95 ms | p99 ms | target p95 | result | p50 ÷ floor |',
    '|---|---|--:|--:|--:|--:|--:|---|--:|',
  ];
  for (const row of rows) {
    const target = TARGET_ONE_AT_A_TIME[row.database];
    const name = row.database === 'postgres' ? 'PostgreSQL' : 'PGlite';
    if (!row.timing) {
      lines.push(`| ${name} | ${row.query.name} | | | | | ${target} ms | ${row.query.note ?? 'skipped'} | |`);
      continue;
    }
    const ceiling = ceilings[row.database]!;
    const floor = ceiling.sql.p50 + ceiling.http.p50;
    const t = row.timing;
    lines.push(
      `| ${name} | ${row.query.name} | ${row.matches ?? ''} | ${fmt(t.p50)} | ${fmt(t.p95)} | ${fmt(t.p99)} | ${target} ms | ${verdict(t.p95, target)} | ${(t.p50 / floor).toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

function concurrentTable(rows: ConcurrentRow[], ceiling: Ceiling): string {
  const lines = [
    `| query (${CONNECTIONS} connections, PostgreSQL) | req/s | p50 ms | p95 ms | p99 ms | target p95 | result | req/s ÷ bare Fastify | req/s ÷ bare SQL | its statements alone: req/s, p95 ms | req/s ÷ statements alone |`,
    '|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|',
  ];
  for (const { name, result, statements } of rows) {
    const failed = result.errors + result.non2xx > 0 ? ` (${result.errors} errors, ${result.non2xx} non-2xx)` : '';
    lines.push(
      `| ${name} | ${Math.round(result.requestsPerSecond)} | ${fmt(result.p50)} | ${fmt(result.p95)} | ${fmt(result.p99)} | ${TARGET_CONCURRENT} ms | ` +
        `${failed ? `**fail**${failed}` : verdict(result.p95, TARGET_CONCURRENT)} | ${(result.requestsPerSecond / ceiling.httpLoad!.requestsPerSecond).toFixed(2)} | ` +
        `${(result.requestsPerSecond / ceiling.sqlLoad!.requestsPerSecond).toFixed(2)} | ${Math.round(statements.requestsPerSecond)}, ${fmt(statements.p95)} | ` +
        `${(result.requestsPerSecond / statements.requestsPerSecond).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

function ceilingLines(ceilings: Partial<Record<'postgres' | 'pglite', Ceiling>>): string[] {
  return Object.entries(ceilings).map(([kind, c]) => {
    const name = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    const load = c.sqlLoad
      ? `; at ${CONNECTIONS} callers ${Math.round(c.sqlLoad.requestsPerSecond)} queries/s, p95 ${fmt(c.sqlLoad.p95)} ms; ` +
        `bare Fastify at ${CONNECTIONS} connections ${Math.round(c.httpLoad!.requestsPerSecond)} req/s, p95 ${fmt(c.httpLoad!.p95)} ms`
      : '';
    return (
      `- Ceilings, ${name}: bare \`select … from parcels where tenant_id = $1 limit 50\` p50 ${fmt(c.sql.p50)} / p95 ${fmt(c.sql.p95)} ms one at a time; ` +
      `bare Fastify route (same body size) p50 ${fmt(c.http.p50)} / p95 ${fmt(c.http.p95)} ms${load}. "p50 ÷ floor" divides a query's p50 by the sum of the two p50s.`
    );
  });
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function command(): string {
  const env = [
    'BENCH_PARCELS',
    'BENCH_PGLITE_PARCELS',
    'BENCH_ONLY',
    'BENCH_SAMPLES',
    'BENCH_WARMUP',
    'BENCH_CONNECTIONS',
    'BENCH_DURATION',
  ]
    .filter((n) => process.env[n])
    .map((n) => `${n}=${process.env[n]}`);
  if (process.env.BENCH_DATABASE_URL) env.unshift('BENCH_DATABASE_URL=<set>');
  return [...env, process.env.npm_lifecycle_event === 'bench:screens' ? 'npm run bench:screens' : 'npx tsx bench/screens.bench.ts'].join(
    ' ',
  );
}

function progress(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Measures one database: seeding, the ceilings, each query one at a time, and (PostgreSQL) a few at 50 connections. */
async function measureDatabase(
  target: Target,
  rows: Row[],
  concurrentRows: ConcurrentRow[],
  ceilings: Partial<Record<'postgres' | 'pglite', Ceiling>>,
): Promise<void> {
  const queries = await queriesOf(target);
  const firstPage = await get(target, '/api/v1/properties');
  const bare = await bareFastify(firstPage.bytes);
  try {
    const select = bareSelect(target);
    const ceiling: Ceiling = { sql: await oneAtATime(select), http: await oneAtATime(() => fetch(bare.url).then((r) => r.text())) };
    ceilings[target.kind] = ceiling;
    for (const query of queries) {
      if (!query.url) {
        rows.push({ database: target.kind, query, plans: [] });
        continue;
      }
      const { body } = await get(target, query.url);
      const page = body as Page;
      const matches = 'items' in page ? `${page.totalExact === false ? '~' : ''}${page.total.toLocaleString('en-US')}` : undefined;
      if ('items' in page && page.items.length === 0 && !query.name.startsWith('page')) throw new Error(`${query.name}: no properties`);
      const timing = await oneAtATime(() => get(target, query.url));
      const missed = timing.p95 > TARGET_ONE_AT_A_TIME[target.kind];
      const plans = VERBOSE || missed ? await explain(target, query.url, missed) : [];
      rows.push({ database: target.kind, query, timing, matches, plans });
      progress(
        `  ${target.kind}: ${query.name}: p50 ${fmt(timing.p50)} / p95 ${fmt(timing.p95)} / p99 ${fmt(timing.p99)} ms (${matches ?? 'one property'})`,
      );
      if (VERBOSE) for (const line of plans) progress(line);
    }
    if (target.kind !== 'postgres') return;
    ceiling.sqlLoad = await inProcessLoad(select, CONNECTIONS, DURATION);
    ceiling.httpLoad = await concurrently({
      url: bare.url,
      headers: {},
      connections: CONNECTIONS,
      warmupSeconds: 2,
      durationSeconds: DURATION,
    });
    for (const query of queries.filter((q) => q.concurrent)) {
      await quiet(target);
      progress(`  ${target.kind}: ${query.name} at ${CONNECTIONS} connections for ${DURATION} s`);
      const result = await concurrently({
        url: `${target.base}${query.url}`,
        headers: target.headers,
        connections: CONNECTIONS,
        warmupSeconds: 2,
        durationSeconds: DURATION,
      });
      await quiet(target);
      progress(`  ${target.kind}: ${query.name}: its statements alone from ${CONNECTIONS} callers for ${DURATION} s`);
      const statements = await inProcessLoad(await statementsOf(target, query.url), CONNECTIONS, DURATION);
      concurrentRows.push({ name: query.name, result, statements });
    }
  } finally {
    await bare.close();
  }
}

async function main(): Promise<number> {
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

  const rows: Row[] = [];
  const concurrentRows: ConcurrentRow[] = [];
  const ceilings: Partial<Record<'postgres' | 'pglite', Ceiling>> = {};
  const seeding: string[] = [];
  const load = os.loadavg()[0]!;
  console.log(`${machine()}; 1-minute load average ${load.toFixed(2)}`);
  if (load > 1.5)
    console.warn(`warning: the machine is busy (load average ${load.toFixed(2)}); numbers will be worse than on an idle machine`);
  try {
    if (ONLY !== 'pglite') {
      let serverUrl = process.env.BENCH_DATABASE_URL;
      if (!serverUrl) {
        const cluster = await startBenchmarkCluster();
        cleanups.push(() => cluster.stop());
        serverUrl = cluster.url;
      }
      const scratch = await createScratchDatabase(serverUrl);
      cleanups.push(() => scratch.drop());
      progress(`PostgreSQL: seeding ${PARCELS.toLocaleString('en-US')} parcels`);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-screens-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const postgres = await startTarget('postgres', benchConfig({ DATABASE_URL: scratch.url, REOS_DATA_DIR: dataDir }), PARCELS);
      cleanups.push(() => postgres.close());
      seeding.push(
        `PostgreSQL ${PARCELS.toLocaleString('en-US')} parcels in ${postgres.seeding.seconds.toFixed(0)} s (${postgres.seeding.detail})`,
      );
      progress(`  ${seeding.at(-1)}`);
      await measureDatabase(postgres, rows, concurrentRows, ceilings);
      // Shown now, so a failure on the other database does not lose them.
      console.log(`\n${oneAtATimeTable(rows, ceilings)}\n\n${concurrentTable(concurrentRows, ceilings.postgres!)}\n`);
      await cleanups.pop()!();
    }
    if (ONLY !== 'postgres') {
      progress(`PGlite: seeding ${PGLITE_PARCELS.toLocaleString('en-US')} parcels`);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-screens-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const pglite = await startTarget('pglite', benchConfig({ REOS_DATA_DIR: dataDir }), PGLITE_PARCELS);
      cleanups.push(() => pglite.close());
      seeding.push(
        `PGlite ${PGLITE_PARCELS.toLocaleString('en-US')} parcels in ${pglite.seeding.seconds.toFixed(0)} s (${pglite.seeding.detail})`,
      );
      progress(`  ${seeding.at(-1)}`);
      await measureDatabase(pglite, rows, concurrentRows, ceilings);
    }

    const single = oneAtATimeTable(rows, ceilings);
    const concurrent = ceilings.postgres?.httpLoad ? concurrentTable(concurrentRows, ceilings.postgres) : '';
    const timed = rows.filter((r) => r.timing);
    const missed = timed.filter((r) => r.timing!.p95 > TARGET_ONE_AT_A_TIME[r.database]);
    const missedConcurrent = concurrentRows.filter((r) => r.result.p95 > TARGET_CONCURRENT || r.result.errors + r.result.non2xx > 0);
    const reading =
      `${timed.length - missed.length} of ${timed.length} queries meet their one-at-a-time target` +
      (missed.length > 0
        ? ` (missed: ${missed.map((r) => `${r.database} ${r.query.name} p95 ${fmt(r.timing!.p95)} ms`).join('; ')})`
        : '') +
      (concurrentRows.length > 0
        ? `; ${concurrentRows.length - missedConcurrent.length} of ${concurrentRows.length} at ${CONNECTIONS} connections` +
          (missedConcurrent.length > 0
            ? ` (missed: ${missedConcurrent.map((r) => `${r.name} p95 ${fmt(r.result.p95)} ms`).join('; ')})`
            : '')
        : '') +
      '.';
    console.log(`\n${single}\n\n${concurrent}\n\nReading: ${reading}`);
    const slowPlans = rows.filter((r) => r.plans.length > 0 && r.timing && r.timing.p95 > TARGET_ONE_AT_A_TIME[r.database]);
    for (const row of slowPlans) console.log(`\nPlans of ${row.database} ${row.query.name} (${row.query.url}):\n${row.plans.join('\n')}`);

    const section = [
      `## ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC — property screens (bench:screens)`,
      '',
      `- Machine: ${machine()}; 1-minute load average ${load.toFixed(2)} before the run`,
      `- Command: \`${command()}\``,
      `- Tenant: test/support/large-tenant.ts (set-based seed, 40 ZIPs × 300 streets, ~0.92 owners per parcel, 30 % absentee, 25 % with distress tags, 95 % scored). Seeding: ${seeding.join('; ')}.`,
      `- Requests: real HTTP on loopback with a bearer token, app in-process as \`reos api\` wires it (logger silent, rate limits out of reach); ` +
        `${SAMPLES} requests one at a time after ${WARMUP} warm-up requests per query; at ${CONNECTIONS} connections: autocannon in a child process, 2 s warm-up then ${DURATION} s measured. ` +
        `PostgreSQL: ${process.env.BENCH_DATABASE_URL ? 'given server' : benchmarkClusterDescription()}; load generator, app and database share the machine.`,
      ...ceilingLines(ceilings),
      '',
      single,
      '',
      concurrent,
      '',
      `Reading: ${reading}`,
    ].join('\n');
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
    fs.appendFileSync(file, `\n${section}\n`);
    console.log(`Appended to ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
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
