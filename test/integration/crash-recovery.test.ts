import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateList } from '../../bench/generate-list.js';
import { Database } from '../../src/platform/db/database.js';
import { freePort } from '../../src/platform/net/free-port.js';
import { testDbKind } from '../support/test-app.js';

/** The shipped command, run by node itself: a kill reaches the server, not a wrapper. */
const REOS = path.resolve('bin/reos.js');
const ROWS = 8_000;
/** What an import writes, counted per tenant to compare the crashed run with an uninterrupted one. */
const IMPORTED_TABLES = [
  'parcels',
  'owners',
  'parcel_owners',
  'owner_phones',
  'owner_emails',
  'list_memberships',
  'list_rows',
  'parcel_field_values',
  'property_sales',
  'merge_candidates',
  'import_rejects',
  'import_warnings',
];

interface Server {
  child: ChildProcess;
  base: string;
  lines: string[];
  stderr: string;
}

function tail(server: Server): string {
  return `exit ${server.child.exitCode ?? server.child.signalCode}\n${server.lines.slice(-20).join('\n')}\n${server.stderr.slice(-2000)}`;
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, server?: Server): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (server && (server.child.exitCode !== null || server.child.signalCode !== null))
      throw new Error(`the server exited while waiting for ${what}\n${tail(server)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${server ? `\n${tail(server)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * After `kill -9` of the embedded server in the middle of an import, the server
 * starts again at once and the import finishes by itself, with exactly the counts
 * of an uninterrupted import of the same file.
 */
describe.runIf(testDbKind() === 'pglite')('a server killed in the middle of an import', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-crash-'));
  const dataDir = path.join(work, 'data');
  const listFile = path.join(work, 'county-list.csv');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('REOS_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(key)),
  );
  const env = {
    ...inherited,
    REOS_DATA_DIR: dataDir,
    REOS_DEMO: 'false',
    REOS_LOG_LEVEL: 'info',
    REOS_RATE_LIMIT_IP: '1000000',
    REOS_RATE_LIMIT_TENANT: '1000000',
  };
  const servers: Server[] = [];
  const owners = { crashed: 'crashed@crash.test', uninterrupted: 'calm@crash.test' };
  const password = 'crash-test-password';

  async function start(): Promise<Server> {
    const port = await freePort();
    const child = spawn(process.execPath, [REOS, 'start', '--port', String(port), '--host', '127.0.0.1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server: Server = { child, base: `http://127.0.0.1:${port}`, lines: [], stderr: '' };
    servers.push(server);
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      server.lines.push(...parts);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (server.stderr += chunk));
    await poll('/readyz', async () => ((await fetch(`${server.base}/readyz`)).ok ? true : undefined), 90_000, server);
    return server;
  }

  async function api<T>(server: Server, token: string, method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.base}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body instanceof FormData || !body ? {} : { 'content-type': 'application/json' }) },
      body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async function login(server: Server, email: string): Promise<string> {
    const response = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  /** Uploads the list; enrichment after imports is turned off first, so each tenant holds only what its import wrote. */
  async function upload(server: Server, token: string, mapping?: unknown) {
    await api(server, token, 'PUT', '/enrichment/settings', { autoEnrich: false });
    const form = new FormData();
    form.set('list', 'County list');
    if (mapping) form.set('mapping', JSON.stringify(mapping));
    form.set('file', new Blob([fs.readFileSync(listFile)], { type: 'text/csv' }), 'county-list.csv');
    return api<{ import: { id: string }; preview: { proposal: { mapping: unknown } } }>(server, token, 'POST', '/imports', form);
  }

  type ImportView = Record<string, unknown> & { status: string; rowsDone: number; error: string | null };
  const importOf = (server: Server, token: string, id: string) => api<ImportView>(server, token, 'GET', `/imports/${id}`);
  /** The import's counts, without its timings. */
  const counts = (view: ImportView) =>
    Object.fromEntries(
      Object.entries(view).filter(([key, value]) => typeof value === 'number' && !['percent', 'rowsPerSecond', 'etaSeconds'].includes(key)),
    );

  beforeAll(async () => {
    if (!fs.existsSync(path.resolve('dist/server/app/main.js'))) throw new Error('This test runs the built server: npm run build:server');
    await generateList(listFile, ROWS, { seed: 20_261_203 });
    for (const [name, email] of [
      ['Crashed Realty', owners.crashed],
      ['Uninterrupted Realty', owners.uninterrupted],
    ]) {
      await promisify(execFile)(
        process.execPath,
        [REOS, 'tenant', 'create', '--name', name!, '--admin-email', email!, '--admin-password', password, '--json'],
        { env },
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('starts again at once and finishes the import with the counts of an uninterrupted run', { timeout: 300_000 }, async () => {
    const first = await start();
    const crashedToken = await login(first, owners.crashed);
    const created = await upload(first, crashedToken);
    const mapping = created.preview.proposal.mapping;
    const importId = created.import.id;
    await api(first, crashedToken, 'PUT', `/imports/${importId}/mapping`, mapping);

    // Killed once the first batches are written and while the next ones are under way.
    const before = await poll(
      'the import to be under way',
      async () => {
        const view = await importOf(first, crashedToken, importId);
        if (view.status === 'completed' || view.status === 'failed') throw new Error(`the import ended before the kill: ${view.status}`);
        return view.rowsDone >= 2000 ? view : undefined;
      },
      120_000,
      first,
    );
    const killed = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await killed;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(before.rowsDone).toBeLessThan(ROWS);

    // Restarted at once: the dead server's lock does not keep the new one out.
    const restarted = await start();
    const restartedAt = Date.now();
    const token = await login(restarted, owners.crashed);
    const finished = await poll(
      'the import to finish after the restart',
      async () => {
        const view = await importOf(restarted, token, importId);
        if (view.status === 'failed') throw new Error(`the import failed after the restart: ${view.error}`);
        return view.status === 'completed' ? view : undefined;
      },
      120_000,
      restarted,
    );
    const resumeSeconds = (Date.now() - restartedAt) / 1000;
    expect(resumeSeconds).toBeLessThan(120);
    const recovery = restarted.lines.find((line) => line.includes('retried a job whose worker stopped while running it'));
    expect(recovery, 'the restarted server retried the cut-off import job').toContain('"job":"run-import"');

    const calmToken = await login(restarted, owners.uninterrupted);
    const calm = await upload(restarted, calmToken, mapping);
    const uninterrupted = await poll(
      'the uninterrupted import',
      async () => {
        const view = await importOf(restarted, calmToken, calm.import.id);
        if (view.status === 'failed') throw new Error(`the uninterrupted import failed: ${view.error}`);
        return view.status === 'completed' ? view : undefined;
      },
      180_000,
      restarted,
    );
    expect(counts(finished)).toEqual(counts(uninterrupted));
    expect(finished.rowsDone).toBe(ROWS);

    const stopped = new Promise((resolve) => restarted.child.once('exit', resolve));
    restarted.child.kill('SIGTERM');
    await stopped;
    const db = await Database.open({ dataDir: path.join(dataDir, 'pg') });
    try {
      const rows = await db.asOwner(async (tx) => {
        const tenants = await tx.query<{ id: string; email: string }>(
          `select m.tenant_id as id, u.email from memberships m join users u on u.id = m.user_id where u.email = any($1)`,
          [Object.values(owners)],
        );
        const existing = await tx.query<{ name: string }>(
          `select name from unnest($1::text[]) as name where to_regclass(name) is not null`,
          [IMPORTED_TABLES],
        );
        const perTenant: Record<string, Record<string, number>> = {};
        for (const tenant of tenants) {
          perTenant[tenant.email] = {};
          for (const { name } of existing) {
            const [row] = await tx.query<{ n: number }>(`select count(*)::int as n from ${name} where tenant_id = $1`, [tenant.id]);
            perTenant[tenant.email]![name] = row!.n;
          }
        }
        return perTenant;
      });
      expect(rows[owners.crashed]!.parcels).toBeGreaterThan(0);
      expect(rows[owners.crashed]).toEqual(rows[owners.uninterrupted]);
    } finally {
      await db.close();
    }
  });
});
