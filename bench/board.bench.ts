/**
 * Deal board benchmark: loading the Acquisitions board, moving cards, a busy property's
 * timeline, the search box and the live stream, on a tenant of 10,000 deals over 7
 * stages and 1,000,000 parcels (test/support/large-tenant.ts, bench/seed-deals.ts), on
 * PostgreSQL and on embedded PGlite, over real HTTP on loopback with a signed-in user's
 * bearer token; the app runs in this process as `reos api` wires it.
 *
 * Each request runs 50 times one at a time after a warm-up (p50/p95/p99); every move
 * moves another card. The live row is the time from sending a move until a second
 * client's `GET /api/v1/stream` delivers its `deal.stage_changed` event. Ceilings
 * measured in the same run: a bare `select … from deals where tenant_id = $1 limit 50`
 * through the same driver, and a bare Fastify route returning a body of the board's
 * size. Prints the table and appends a dated section to bench/RESULTS.md.
 *
 *   npm run bench:board
 *   BENCH_PARCELS=20000 BENCH_DEALS=2000 npm run bench:board   # a smaller tenant (both databases)
 *   BENCH_PGLITE_PARCELS=200000 npm run bench:board          # PGlite's parcels only (default: BENCH_PARCELS)
 *   BENCH_EVENTS=200000 npm run bench:board                  # timeline events on other parcels
 *   BENCH_ONLY=postgres|pglite npm run bench:board           # one database
 *   BENCH_VERBOSE=1 npm run bench:board                      # each request's plans (EXPLAIN ANALYZE, BUFFERS)
 *   BENCH_DATABASE_URL=postgres://… npm run bench:board       # a scratch database on that server instead of a throwaway cluster
 *   BENCH_SAMPLES=50 BENCH_WARMUP=5 npm run bench:board
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import type { PGlite } from '@electric-sql/pglite';
import { buildHttpApp } from '../src/app/http-app.js';
import { openRuntime, type Runtime } from '../src/app/runtime.js';
import { systemActor } from '../src/platform/auth/principal.js';
import { loadConfig, type Config } from '../src/platform/config/config.js';
import type { Tx } from '../src/platform/db/database.js';
import type { App } from '../src/platform/http/server.js';
import { createTenant } from '../src/modules/tenants/service.js';
import { seedLargeTenant } from '../test/support/large-tenant.js';
import { benchmarkClusterDescription, startBenchmarkCluster } from '../test/support/postgres-cluster.js';
import { DONE_TASK_SHARE, OPEN_TASK_SHARE, STAGE_SHARES, seedDeals, type SeededDeals } from './seed-deals.js';

/** p95 targets of the issue, in ms; the live stream has none. */
const TARGETS = { board: 50, move: 20, timeline: 30, search: 50 } as const;

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

const PARCELS = wholeNumber('BENCH_PARCELS', 1_000_000);
const PGLITE_PARCELS = wholeNumber('BENCH_PGLITE_PARCELS', PARCELS);
const DEALS = wholeNumber('BENCH_DEALS', 10_000);
const EVENTS = wholeNumber('BENCH_EVENTS', 200_000);
const BUSY_EVENTS = 1000;
const SAMPLES = wholeNumber('BENCH_SAMPLES', 50);
const WARMUP = wholeNumber('BENCH_WARMUP', 5);
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const ONLY = process.env.BENCH_ONLY;
/** A move whose event has not arrived by then is lost, and the run fails. */
const LIVE_TIMEOUT_MS = 5000;

type Kind = 'postgres' | 'pglite';

interface Timing {
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest rank over sorted values. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `measure(i)` for i = 0 … WARMUP + SAMPLES − 1, one after another; the first WARMUP results are dropped. */
async function sampled(measure: (i: number) => Promise<number>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const ms = await measure(i);
    if (i >= WARMUP) times.push(ms);
  }
  const sorted = Float64Array.from(times).sort();
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** The time `run(i)` takes, sampled. */
const oneAtATime = (run: (i: number) => Promise<unknown>) =>
  sampled(async (i) => {
    const started = performance.now();
    await run(i);
    return performance.now() - started;
  });

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
  kind: Kind;
  runtime: Runtime;
  base: string;
  token: string;
  tenantId: string;
  deals: SeededDeals;
  seeding: string;
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

function progress(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function startTarget(kind: Kind, config: Readonly<Config>, parcels: number): Promise<Target> {
  const runtime = await openRuntime(config, { logger: pino({ level: 'silent' }) });
  const app: App = await buildHttpApp(runtime, { publicUrl: 'http://bench.invalid' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const password = `bench-${randomBytes(8).toString('hex')}`;
  const { tenant, user } = await createTenant(runtime.db, systemActor('bench'), {
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
  const deals = await seedDeals(runtime.db, tenant.id, { deals: DEALS, userId: user.id, busyEvents: BUSY_EVENTS, otherEvents: EVENTS });
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
    base,
    token: accessToken,
    tenantId: tenant.id,
    deals,
    seeding:
      `${parcels.toLocaleString('en-US')} parcels in ${(s.rows + s.search + s.statistics).toFixed(0)} s, ` +
      `${DEALS.toLocaleString('en-US')} deals with their tasks and ${(BUSY_EVENTS + deals.otherEvents).toLocaleString('en-US')} timeline events in ${deals.seconds.toFixed(0)} s`,
    recorded: null,
    async close() {
      await app.close();
      await runtime.db.close();
    },
  };
  recordTenantStatements(target);
  return target;
}

async function call(target: Target, method: 'GET' | 'PATCH', url: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${target.base}${url}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

async function ok(target: Target, method: 'GET' | 'PATCH', url: string, body?: unknown): Promise<string> {
  const { status, text } = await call(target, method, url, body);
  if (status !== 200) throw new Error(`${method} ${url}: ${status} ${text.slice(0, 300)}`);
  return text;
}

/** A second client's live stream, read as a browser's EventSource would. */
interface LiveStream {
  /** When the `deal.stage_changed` event of `dealId` arrives (performance.now()); register before moving. */
  arrival(dealId: string): Promise<number>;
  close(): void;
}

async function openLiveStream(target: Target): Promise<LiveStream> {
  const waiting = new Map<string, (at: number) => void>();
  const request = http.get(`${target.base}/api/v1/stream?access_token=${encodeURIComponent(target.token)}`);
  // Headers come once the route has subscribed to the hub: from then on no event is missed.
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  if (response.statusCode !== 200) throw new Error(`GET /api/v1/stream: ${response.statusCode}`);
  response.setEncoding('utf8');
  let buffer = '';
  response.on('data', (chunk: string) => {
    const at = performance.now();
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const fields = new Map(
        buffer
          .slice(0, end)
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()] as const),
      );
      buffer = buffer.slice(end + 2);
      if (fields.get('event') !== 'deal.stage_changed') continue;
      const { dealId } = JSON.parse(fields.get('data') ?? '{}') as { dealId?: string };
      const resolve = dealId === undefined ? undefined : waiting.get(dealId);
      waiting.delete(dealId ?? '');
      resolve?.(at);
    }
  });
  return {
    arrival: (dealId) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no deal.stage_changed event for ${dealId} within ${LIVE_TIMEOUT_MS} ms`)),
          LIVE_TIMEOUT_MS,
        );
        waiting.set(dealId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: () => request.destroy(),
  };
}

const ROLLED_BACK = new Error('rolled back');

/**
 * The statements one request runs, replayed with EXPLAIN (ANALYZE, BUFFERS) in one tenant
 * transaction that is then rolled back (so a move's writes are explained too, and undone):
 * each statement's top plan node and time; the whole plans with `full`.
 */
async function explain(target: Target, request: () => Promise<unknown>, full: boolean): Promise<string[]> {
  target.recorded = [];
  await request();
  const statements = target.recorded;
  target.recorded = null;
  const lines: string[] = [];
  const totals = { planning: 0, execution: 0 };
  const msOf = (plan: string[], label: string) => Number(plan.find((line) => line.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? 0);
  await target.runtime.db
    .withTenant(target.tenantId, async (tx) => {
      for (const statement of statements) {
        const plan = await tx.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${statement.text}`, statement.params);
        const text = plan.map((row) => row['QUERY PLAN']);
        const [planning, execution] = [msOf(text, 'Planning Time'), msOf(text, 'Execution Time')];
        totals.planning += planning;
        totals.execution += execution;
        lines.push(`    ${text[0]!.trim().slice(0, 160)} — planning ${planning} ms, execution ${execution} ms`);
        if (full) lines.push(...text.map((line) => `      ${line}`), `      -- ${statement.text.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
      throw ROLLED_BACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLED_BACK) throw error;
    });
  lines.unshift(
    `    ${statements.length} statements in the request's tenant transaction: planning ${totals.planning.toFixed(1)} ms, execution ${totals.execution.toFixed(1)} ms in all`,
  );
  return lines;
}

/** A bare `select … limit 50` on the deals through the same driver: the database's floor. */
function bareSelect(target: Target): () => Promise<unknown> {
  const sql = `select id, parcel_id, stage_id, position, stage_entered_at, title, contract_price, expected_profit, tags, updated_at
                 from deals where tenant_id = $1 limit 50`;
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
  database: Kind;
  name: string;
  target?: number;
  timing?: Timing;
  /** Why it was not measured. */
  note?: string;
  plans: string[];
}

interface Ceiling {
  sql: Timing;
  http: Timing;
}

/** One request to time: `run(i)` is its i-th call (a move moves the i-th card of its pool). */
interface Measured {
  name: string;
  target?: number;
  run: (i: number) => Promise<unknown>;
}

/** The cards a move takes, one per call, past the column's top card (the anchor cards are placed below). */
function pool(stage: SeededDeals['stages'][number]): string[] {
  const cards = stage.dealIds.slice(1);
  // One more than the samples: the plans of a miss replay one more move.
  if (cards.length < WARMUP + SAMPLES + 1) {
    throw new Error(`stage ${stage.name} has ${stage.dealIds.length} deals; raise BENCH_DEALS for ${WARMUP + SAMPLES + 2} per stage`);
  }
  return cards;
}

/** The search route is another change's: measured only where it answers. */
async function searchRequests(target: Target): Promise<Measured[] | string> {
  const [facts] = await target.runtime.db.withTenant(target.tenantId, (tx) =>
    tx.query<{ surname: string; address: string }>(
      `select (select people -> 0 ->> 'last' from owners where kind = 'person' group by 1 order by abs(count(*) - 300), 1 limit 1) as surname,
              (select lower(address_number || ' ' || address_street) from parcels where id = $1) as address`,
      [target.deals.busyPropertyId],
    ),
  );
  const url = (q: string) => `/api/v1/search?q=${encodeURIComponent(q)}`;
  const probe = await call(target, 'GET', url(facts!.surname));
  if (probe.status === 404) return 'not measured: route missing';
  if (probe.status !== 200) return `not measured: answered ${probe.status}`;
  const body = JSON.parse(probe.text) as { items?: { type?: unknown; id?: unknown; title?: unknown }[] };
  if (!Array.isArray(body.items) || body.items.some((item) => !item.type || !item.id || typeof item.title !== 'string')) {
    return 'not measured: the answer is not {"items": [{"type","id","title"}]}';
  }
  return [
    { name: `search owner surname "${facts!.surname}"`, target: TARGETS.search, run: () => ok(target, 'GET', url(facts!.surname)) },
    {
      name: `search the busy property's address "${facts!.address}"`,
      target: TARGETS.search,
      run: () => ok(target, 'GET', url(facts!.address)),
    },
  ];
}

const fmt = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '–');
const missed = (row: Row) => row.timing !== undefined && row.target !== undefined && row.timing.p95 > row.target;
const nameOf = (kind: Kind) => (kind === 'postgres' ? 'PostgreSQL' : 'PGlite');

/** Measures one database: the ceilings, then each request one at a time, then the live stream. */
async function measureDatabase(target: Target, rows: Row[], ceilings: Partial<Record<Kind, Ceiling>>): Promise<void> {
  const { pipelineId, stages, busyPropertyId } = target.deals;
  const boardUrl = `/api/v1/pipelines/${pipelineId}/board`;
  const board = await ok(target, 'GET', boardUrl);
  const bare = await bareFastify(Buffer.byteLength(board));
  try {
    ceilings[target.kind] = {
      sql: await oneAtATime(bareSelect(target)),
      http: await oneAtATime(() => fetch(bare.url).then((r) => r.text())),
    };
  } finally {
    await bare.close();
  }
  const [across, within, live] = [pool(stages[0]!), pool(stages[2]!), pool(stages[3]!)];
  const timelineUrl = `/api/v1/timeline?propertyId=${busyPropertyId}`;
  const timeline = JSON.parse(await ok(target, 'GET', timelineUrl)) as { items: unknown[] };
  if (timeline.items.length === 0) throw new Error('the busy property has an empty timeline');
  const requests: Measured[] = [
    { name: 'load the board (7 columns, 25 cards each)', target: TARGETS.board, run: () => ok(target, 'GET', boardUrl) },
    {
      name: `move a card between columns (${stages[0]!.name} → ${stages[1]!.name})`,
      target: TARGETS.move,
      run: (i) => ok(target, 'PATCH', `/api/v1/deals/${across[i]}`, { stageId: stages[1]!.id, afterDealId: stages[1]!.dealIds[0] }),
    },
    {
      name: `move a card within a column (${stages[2]!.name})`,
      target: TARGETS.move,
      run: (i) => ok(target, 'PATCH', `/api/v1/deals/${within[i]}`, { stageId: stages[2]!.id, afterDealId: stages[2]!.dealIds[0] }),
    },
    {
      name: `timeline of the busy property (${BUSY_EVENTS.toLocaleString('en-US')} events), first page`,
      target: TARGETS.timeline,
      run: () => ok(target, 'GET', timelineUrl),
    },
  ];
  const search = await searchRequests(target);
  if (typeof search === 'string') rows.push({ database: target.kind, name: 'search', target: TARGETS.search, note: search, plans: [] });
  else requests.push(...search);

  for (const request of requests) {
    const timing = await oneAtATime(request.run);
    const row: Row = { database: target.kind, name: request.name, target: request.target, timing, plans: [] };
    if (VERBOSE || missed(row)) row.plans = await explain(target, () => request.run(WARMUP + SAMPLES), missed(row));
    rows.push(row);
    progress(`  ${target.kind}: ${request.name}: p50 ${fmt(timing.p50)} / p95 ${fmt(timing.p95)} / p99 ${fmt(timing.p99)} ms`);
    if (VERBOSE) for (const line of row.plans) progress(line);
  }

  const stream = await openLiveStream(target);
  try {
    const timing = await sampled(async (i) => {
      const arrived = stream.arrival(live[i]!);
      const started = performance.now();
      await ok(target, 'PATCH', `/api/v1/deals/${live[i]}`, { stageId: stages[4]!.id, afterDealId: stages[4]!.dealIds[0] });
      return (await arrived) - started;
    });
    const name = `move → its event at a second client's live stream (${stages[3]!.name} → ${stages[4]!.name})`;
    rows.push({ database: target.kind, name, timing, plans: [] });
    progress(`  ${target.kind}: ${name}: p50 ${fmt(timing.p50)} / p95 ${fmt(timing.p95)} / p99 ${fmt(timing.p99)} ms`);
  } finally {
    stream.close();
  }
}

function table(rows: Row[], ceilings: Partial<Record<Kind, Ceiling>>): string {
  const lines = [
    '| database | request | p50 ms | p95 ms | p99 ms | target p95 | result | p50 ÷ floor |',
    '|---|---|--:|--:|--:|--:|---|--:|',
  ];
  for (const row of rows) {
    const target = row.target === undefined ? '—' : `${row.target} ms`;
    if (!row.timing) {
      lines.push(`| ${nameOf(row.database)} | ${row.name} | | | | ${target} | ${row.note ?? 'not measured'} | |`);
      continue;
    }
    const ceiling = ceilings[row.database]!;
    const t = row.timing;
    const result = row.target === undefined ? '—' : missed(row) ? '**fail**' : 'pass';
    lines.push(
      `| ${nameOf(row.database)} | ${row.name} | ${fmt(t.p50)} | ${fmt(t.p95)} | ${fmt(t.p99)} | ${target} | ${result} | ${(t.p50 / (ceiling.sql.p50 + ceiling.http.p50)).toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

function ceilingLines(ceilings: Partial<Record<Kind, Ceiling>>): string[] {
  return Object.entries(ceilings).map(
    ([kind, c]) =>
      `- Ceilings, ${nameOf(kind as Kind)}: bare \`select … from deals where tenant_id = $1 limit 50\` p50 ${fmt(c.sql.p50)} / p95 ${fmt(c.sql.p95)} ms; ` +
      `bare Fastify route (the board's body size) p50 ${fmt(c.http.p50)} / p95 ${fmt(c.http.p95)} ms. "p50 ÷ floor" divides a request's p50 by the sum of the two p50s.`,
  );
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function command(): string {
  const env = ['BENCH_PARCELS', 'BENCH_PGLITE_PARCELS', 'BENCH_DEALS', 'BENCH_EVENTS', 'BENCH_ONLY', 'BENCH_SAMPLES', 'BENCH_WARMUP']
    .filter((n) => process.env[n])
    .map((n) => `${n}=${process.env[n]}`);
  if (process.env.BENCH_DATABASE_URL) env.unshift('BENCH_DATABASE_URL=<set>');
  return [...env, process.env.npm_lifecycle_event === 'bench:board' ? 'npm run bench:board' : 'npx tsx bench/board.bench.ts'].join(' ');
}

async function main(): Promise<number> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
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
  const ceilings: Partial<Record<Kind, Ceiling>> = {};
  const seeding: string[] = [];
  const load = os.loadavg()[0]!;
  console.log(`${machine()}; 1-minute load average ${load.toFixed(2)}`);
  if (load > 1.5)
    console.warn(`warning: the machine is busy (load average ${load.toFixed(2)}); numbers will be worse than on an idle machine`);
  try {
    const databases: { kind: Kind; parcels: number }[] = [
      ...(ONLY === 'pglite' ? [] : [{ kind: 'postgres' as const, parcels: PARCELS }]),
      ...(ONLY === 'postgres' ? [] : [{ kind: 'pglite' as const, parcels: PGLITE_PARCELS }]),
    ];
    for (const { kind, parcels } of databases) {
      const env: Record<string, string> = {};
      if (kind === 'postgres') {
        let serverUrl = process.env.BENCH_DATABASE_URL;
        if (!serverUrl) {
          const cluster = await startBenchmarkCluster();
          cleanups.push(() => cluster.stop());
          serverUrl = cluster.url;
        }
        const scratch = await createScratchDatabase(serverUrl);
        cleanups.push(() => scratch.drop());
        env.DATABASE_URL = scratch.url;
      }
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-board-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      progress(`${nameOf(kind)}: seeding ${parcels.toLocaleString('en-US')} parcels and ${DEALS.toLocaleString('en-US')} deals`);
      const target = await startTarget(kind, benchConfig({ ...env, REOS_DATA_DIR: dataDir }), parcels);
      cleanups.push(() => target.close());
      seeding.push(`${nameOf(kind)} ${target.seeding}`);
      progress(`  ${seeding.at(-1)}`);
      await measureDatabase(target, rows, ceilings);
      // Shown now, so a failure on the other database does not lose them.
      console.log(`\n${table(rows, ceilings)}\n`);
      while (cleanups.length > 0) await cleanups.pop()!();
    }

    const timed = rows.filter((r) => r.timing && r.target !== undefined);
    const misses = timed.filter(missed);
    const unmeasured = rows.filter((r) => !r.timing);
    const reading =
      `${timed.length - misses.length} of ${timed.length} requests with a target meet it` +
      (misses.length > 0 ? ` (missed: ${misses.map((r) => `${r.database} ${r.name} p95 ${fmt(r.timing!.p95)} ms`).join('; ')})` : '') +
      (unmeasured.length > 0 ? `; ${unmeasured.map((r) => `${nameOf(r.database)} ${r.name}: ${r.note}`).join('; ')}` : '') +
      '.';
    const single = table(rows, ceilings);
    console.log(`\n${single}\n\nReading: ${reading}`);
    for (const row of rows.filter((r) => missed(r) && r.plans.length > 0)) {
      console.log(`\nPlans of ${row.database} ${row.name}:\n${row.plans.join('\n')}`);
    }

    const shares = STAGE_SHARES.map((share) => `${Math.round(share * 100)} %`).join(' / ');
    const section = [
      `## ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC — deal board (bench:board)`,
      '',
      `- Machine: ${machine()}; 1-minute load average ${load.toFixed(2)} before the run`,
      `- Command: \`${command()}\``,
      `- Tenant: parcels by test/support/large-tenant.ts; deals by bench/seed-deals.ts, one per parcel, over the 7 stages of Acquisitions (${shares}, cards ordered by fractional index, ` +
        `entered their stage over the past 8 weeks), ${Math.round(OPEN_TASK_SHARE * 100)} % with an open task and ${Math.round(DONE_TASK_SHARE * 100)} % with a done one; ` +
        `timeline: the property of the top card of "Offer made" has ${BUSY_EVENTS.toLocaleString('en-US')} events, other parcels the rest. Seeding: ${seeding.join('; ')}.`,
      `- Requests: real HTTP on loopback with a bearer token, app in-process as \`reos api\` wires it (logger silent, rate limits out of reach); ` +
        `${SAMPLES} requests one at a time after ${WARMUP} warm-up requests each, every move on another card, placed below the target column's top card. ` +
        `Live: a second connection holds \`GET /api/v1/stream\` open; the time runs from sending the PATCH until its \`deal.stage_changed\` event is read there. ` +
        (ONLY === 'pglite'
          ? 'PGlite runs inside the app process.'
          : `PostgreSQL: ${process.env.BENCH_DATABASE_URL ? 'given server' : benchmarkClusterDescription()}; app and database share the machine.`),
      ...ceilingLines(ceilings),
      '',
      single,
      '',
      `Reading: ${reading}`,
      ...(misses.length > 0 ? ['', 'Statements of the requests that missed (EXPLAIN ANALYZE, BUFFERS, replayed after the run):'] : []),
      ...misses.map((r) => `- ${nameOf(r.database)} ${r.name}: ${r.plans[0]?.trim() ?? 'no plans'}`),
    ].join('\n');
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
    fs.appendFileSync(file, `\n${section}\n`);
    console.log(`Appended to ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
