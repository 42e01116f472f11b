import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateList } from '../../bench/generate-list.js';
import { freePort } from '../../src/platform/net/free-port.js';
import { openTestDatabase, skipDatabase, testDbKind } from '../support/test-app.js';

const CLI = ['--import', 'tsx', 'src/app/main.ts'];
const INVITATIONS = 60;
/** Four processes compiling and starting at once on two busy cores take their time. */
const STARTUP_MS = 180_000;
/** Rows of the list whose import a worker is killed in: long enough to take several batches. */
const LIST_ROWS = 12_000;

/** A `reos` process whose stdout is kept line by line. */
interface Proc {
  name: string;
  child: ChildProcess;
  lines: string[];
  stderr: string;
}

function launch(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [...CLI, ...args], { env, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { name, child, lines: [], stderr: '' };
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    proc.lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (proc.stderr += chunk));
  return proc;
}

function tail(proc: Proc): string {
  return `--- ${proc.name} (exit ${proc.child.exitCode}) stdout:\n${proc.lines.slice(-15).join('\n')}\n--- stderr:\n${proc.stderr.slice(-2000)}`;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, procs: Proc[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    const dead = procs.find((p) => p.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}\n${tail(dead)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${procs.map(tail).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stop(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The invitation ids in a worker's email log lines, in order. */
function emailedInvitations(proc: Proc): string[] {
  const ids: string[] = [];
  for (const line of proc.lines) {
    if (!line.includes('"event":"email"')) continue;
    const entry = JSON.parse(line) as { event?: string; invitationId?: string };
    if (entry.event === 'email' && entry.invitationId) ids.push(entry.invitationId);
  }
  return ids;
}

function requestsServed(metrics: string, method: string, route: string, status: number): number {
  const line = metrics
    .split('\n')
    .find(
      (l) =>
        l.startsWith('http_requests_total{') &&
        l.includes(`method="${method}"`) &&
        l.includes(`route="${route}"`) &&
        l.includes(`status="${status}"`),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/**
 * The scaling claim, end to end: two `reos api` and two `reos worker` processes on
 * one PostgreSQL database. Either API accepts a token the other issued, and the
 * workers share the job queue so that every job runs exactly once.
 */
describe.skipIf(testDbKind() !== 'postgres' || skipDatabase())('several api and worker processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  const procs: Proc[] = [];
  const apis: { proc: Proc; base: string }[] = [];
  const workers: { proc: Proc; base: string }[] = [];
  let env: NodeJS.ProcessEnv;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-multi-'));

  beforeAll(async () => {
    database = await openTestDatabase();
    // Only what this test sets: no REOS_* or DATABASE_URL leaks in from the shell running vitest.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('REOS_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(key)),
    );
    env = {
      ...inherited,
      DATABASE_URL: database.url!,
      REOS_DATA_DIR: dataDir,
      REOS_DEMO: 'false',
      REOS_LOG_LEVEL: 'info',
      REOS_RATE_LIMIT_IP: '1000000',
      REOS_RATE_LIMIT_TENANT: '1000000',
      // Quick heartbeats, so that a killed worker is noticed in seconds, not half a minute.
      REOS_WORKER_HEARTBEAT_SECONDS: '1',
      REOS_WORKER_STALE_SECONDS: '6',
    };
    // All four start at once on a fresh database: migrations and the job queue schema
    // must each be installed exactly once however the starts interleave.
    const startApi = async (n: number) => {
      const port = await freePort();
      const proc = launch(`api ${n}`, ['api', '--port', String(port), '--host', '127.0.0.1'], env);
      procs.push(proc);
      const api = { proc, base: `http://127.0.0.1:${port}` };
      apis.push(api);
      await until(
        `${proc.name} /readyz`,
        () =>
          fetch(`${api.base}/readyz`).then(
            (r) => r.ok,
            () => false,
          ),
        STARTUP_MS,
        procs,
      );
    };
    const startWorker = async (n: number) => {
      const port = await freePort();
      const proc = launch(`worker ${n}`, ['worker', '--port', String(port), '--host', '127.0.0.1'], env);
      procs.push(proc);
      workers.push({ proc, base: `http://127.0.0.1:${port}` });
      await until(`${proc.name} to start`, () => proc.lines.some((l) => l.includes('"msg":"worker started"')), STARTUP_MS, procs);
    };
    await Promise.all([startApi(1), startApi(2), startWorker(1), startWorker(2)]);
  }, STARTUP_MS + 30_000);

  afterAll(async () => {
    await Promise.all(procs.map(stop));
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('spreads requests over both APIs and runs every job exactly once across both workers', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        ...CLI,
        'tenant',
        'create',
        '--name',
        'Multi Process Realty',
        '--admin-email',
        'owner@multi.test',
        '--admin-password',
        'multi-process-pw',
        '--json',
      ],
      { env, cwd: process.cwd() },
    );
    const created = JSON.parse(stdout) as { tenant: { slug: string } };
    expect(created.tenant.slug).toBe('multi-process-realty');

    const login = await fetch(`${apis[0]!.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@multi.test', password: 'multi-process-pw' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    // A token issued by API 1 is honoured by API 2: both read the signing key from the database.
    const invited: string[] = [];
    for (let i = 0; i < INVITATIONS; i++) {
      const api = apis[i % 2]!;
      const response = await fetch(`${api.base}/api/v1/invitations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ email: `invitee-${i}@multi.test`, role: 'member' }),
      });
      expect(response.status, `${api.proc.name}: ${await response.clone().text()}`).toBe(201);
      invited.push(((await response.json()) as { id: string }).id);
    }

    for (const api of apis) {
      const metrics = await (await fetch(`${api.base}/metrics`)).text();
      expect(requestsServed(metrics, 'POST', '/api/v1/invitations', 201), `${api.proc.name} /metrics`).toBe(INVITATIONS / 2);
    }

    const emailed = () => workers.flatMap((w) => emailedInvitations(w.proc));
    await until(`${INVITATIONS} invitation emails`, () => emailed().length >= INVITATIONS, 120_000, procs);
    // Room for a duplicate to show up: longer than a polling interval of either worker.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const all = emailed();
    expect([...all].sort()).toEqual([...invited].sort());
    expect(new Set(all).size).toBe(all.length);
    // Which worker runs a job depends on who polls first: a worker drains the queue while
    // it finds full batches, so quick jobs may all go to one. The division of work between
    // workers is shown with slow jobs in jobs.test.ts; here, that none ran twice.
    const perWorker = workers.map((w) => emailedInvitations(w.proc).length);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(INVITATIONS);
    // Each worker reports what it ran on its own metrics port.
    for (const [i, worker] of workers.entries()) {
      const metrics = await (await fetch(`${worker.base}/metrics`)).text();
      const completed = /jobs_completed_total\{queue="send-invitation-email"\} (\d+)/.exec(metrics)?.[1] ?? '0';
      expect(Number(completed), worker.proc.name).toBe(perWorker[i]);
    }
  }, 180_000);

  it('streams a card moved through one API process to a page open on the other, through LISTEN/NOTIFY', async () => {
    await promisify(execFile)(
      process.execPath,
      [...CLI, 'tenant', 'create', '--name', 'Live Realty', '--admin-email', 'owner@live.test', '--admin-password', 'live-stream-pw'],
      { env, cwd: process.cwd() },
    );
    const login = await fetch(`${apis[1]!.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@live.test', password: 'live-stream-pw' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const call = async <T>(base: string, method: string, url: string, body: unknown): Promise<T> => {
      const response = await fetch(`${base}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.ok, `${method} ${url}: ${await response.clone().text()}`).toBe(true);
      return (await response.json()) as T;
    };
    const lead = await call<{ propertyId: string }>(apis[1]!.base, 'POST', '/leads', {
      source: 'multi-process',
      name: 'Stream Seller',
      email: 'seller@multi.test',
      address: '10 Stream St',
      zip: '62701',
    });
    const stream = await fetch(`${apis[0]!.base}/api/v1/stream?access_token=${accessToken}`);
    expect(stream.status).toBe(200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    const deal = await call<{ id: string }>(apis[1]!.base, 'POST', '/deals', { propertyId: lead.propertyId });
    const createdAt = Date.now();
    let received = '';
    while (!received.includes(deal.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value;
    }
    expect(received).toContain('event: deal.created');
    expect(Date.now() - createdAt).toBeLessThan(2000);
    await reader.cancel();
  }, 60_000);

  it('retries the import of a worker killed with SIGKILL on the other worker, with the counts of an uninterrupted import', async () => {
    const listFile = path.join(dataDir, 'killed-worker-list.csv');
    await generateList(listFile, LIST_ROWS, { seed: 4_242 });
    const tokens: string[] = [];
    for (const [n, name] of ['Killed Worker Realty', 'Calm Worker Realty'].entries()) {
      const email = `owner-${n}@killed-worker.test`;
      await promisify(execFile)(
        process.execPath,
        [...CLI, 'tenant', 'create', '--name', name, '--admin-email', email, '--admin-password', 'killed-worker-pw', '--json'],
        { env, cwd: process.cwd() },
      );
      const login = await fetch(`${apis[0]!.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'killed-worker-pw' }),
      });
      tokens.push(((await login.json()) as { accessToken: string }).accessToken);
    }
    const api = async <T>(token: string, method: string, url: string, body?: unknown): Promise<T> => {
      const form = body instanceof FormData;
      const response = await fetch(`${apis[0]!.base}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(form || !body ? {} : { 'content-type': 'application/json' }) },
        body: form ? body : body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    };
    type ImportView = Record<string, unknown> & { status: string; rowsDone: number; error: string | null };
    const startImport = async (token: string, mapping?: unknown) => {
      // Each tenant holds only what its import wrote: no enrichment afterwards.
      await api(token, 'PUT', '/enrichment/settings', { autoEnrich: false });
      const form = new FormData();
      form.set('list', 'County list');
      if (mapping) form.set('mapping', JSON.stringify(mapping));
      form.set('file', new Blob([fs.readFileSync(listFile)], { type: 'text/csv' }), 'county-list.csv');
      const created = await api<{ import: { id: string }; preview: { proposal: { mapping: unknown } } }>(token, 'POST', '/imports', form);
      if (!mapping) await api(token, 'PUT', `/imports/${created.import.id}/mapping`, created.preview.proposal.mapping);
      return { id: created.import.id, mapping: created.preview.proposal.mapping };
    };
    const finished = async (token: string, id: string, timeoutMs: number, watched: Proc[]) => {
      let view: ImportView | undefined;
      await until(
        `import ${id} to finish`,
        async () => {
          view = await api<ImportView>(token, 'GET', `/imports/${id}`);
          if (view.status === 'failed') throw new Error(`import failed: ${view.error}`);
          return view.status === 'completed';
        },
        timeoutMs,
        watched,
      );
      return view!;
    };

    const killedImport = await startImport(tokens[0]!);
    // The worker running it, found by its heartbeat, once the first batches are written.
    const runner = await (async () => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const [row] = await database!.db.asOwner((tx) =>
          tx.query<{ pid: number; rows_done: number }>(
            `select w.pid, i.rows_done from pgboss.job j
               join queue_workers w on j.id = any(w.job_ids)
               join imports i on i.id = (j.data->'data'->>'importId')::uuid
              where j.name = 'run-import' and j.state = 'active' and i.id = $1`,
            [killedImport.id],
          ),
        );
        if (row && row.rows_done >= 2000) return workers.find((w) => w.proc.child.pid === row.pid)!;
        if (Date.now() > deadline) throw new Error(`no worker ran the import\n${procs.map(tail).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    expect(runner, 'a worker process of this test runs the import').toBeDefined();
    const survivor = workers.find((w) => w !== runner)!;
    const exited = new Promise((resolve) => runner.proc.child.once('exit', resolve));
    runner.proc.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();

    const retried = () =>
      survivor.proc.lines.some(
        (line) => line.includes('retried a job whose worker stopped while running it') && line.includes('run-import'),
      );
    await until('the surviving worker to retry the import', retried, 60_000, [survivor.proc, ...apis.map((a) => a.proc)]);
    expect((Date.now() - killedAt) / 1000).toBeLessThan(60);
    const resumed = await finished(tokens[0]!, killedImport.id, 120_000, [survivor.proc]);

    const calm = await startImport(tokens[1]!, killedImport.mapping);
    const uninterrupted = await finished(tokens[1]!, calm.id, 120_000, [survivor.proc]);
    const counts = (view: ImportView) =>
      Object.fromEntries(
        Object.entries(view).filter(
          ([key, value]) => typeof value === 'number' && !['percent', 'rowsPerSecond', 'etaSeconds'].includes(key),
        ),
      );
    expect(counts(resumed)).toEqual(counts(uninterrupted));
    expect(resumed.rowsDone).toBe(LIST_ROWS);
    const parcels = await database!.db.asOwner((tx) =>
      tx.query<{ tenant_id: string; n: number }>(
        `select i.tenant_id, (select count(*)::int from parcels p where p.tenant_id = i.tenant_id) as n from imports i where i.id = any($1::uuid[])`,
        [[killedImport.id, calm.id]],
      ),
    );
    expect(parcels).toHaveLength(2);
    expect(parcels[0]!.n).toBe(parcels[1]!.n);
    expect(parcels[0]!.n).toBe(resumed.inserted);
  }, 300_000);
});
