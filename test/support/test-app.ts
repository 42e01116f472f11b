import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { pino } from 'pino';
import { buildHttpApp, defaultWebDir } from '../../src/app/http-app.js';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { startWorker, type Worker } from '../../src/app/worker.js';
import { systemActor, type Role } from '../../src/platform/auth/principal.js';
import { loadConfig, type Config } from '../../src/platform/config/config.js';
import { Database } from '../../src/platform/db/database.js';
import type { App } from '../../src/platform/http/server.js';
import { freePort } from '../../src/platform/net/free-port.js';
import { createTenant } from '../../src/modules/tenants/service.js';
import { addUser } from '../../src/modules/users/service.js';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.REOS_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** True when this run's database is unavailable (PostgreSQL suite on a machine without PostgreSQL). */
export function skipDatabase(): boolean {
  return testDbKind() === 'postgres' && !inject('postgresUrl');
}

/**
 * A fresh, empty database for one test file: an in-memory PGlite, or a new
 * database on the run's PostgreSQL server, dropped afterwards.
 */
export async function openTestDatabase(): Promise<{ db: Database; url?: string; drop(): Promise<void> }> {
  if (testDbKind() === 'pglite') {
    const db = await Database.open({});
    return { db, drop: () => db.close() };
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('no PostgreSQL server for this run');
  const name = `reos_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await Database.open({ databaseUrl: url.toString(), poolMax: 10 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({
    ...loadConfig({ REOS_LOG_LEVEL: 'silent', REOS_DATA_DIR: path.join(os.tmpdir(), 'reos-unused') }),
    rateLimitPerIpPerMinute: 100_000,
    rateLimitPerTenantPerMinute: 100_000,
    ...overrides,
  });
}

export interface TestTenant {
  id: string;
  slug: string;
  name: string;
  owner: TestUser;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

const unique = () => randomBytes(5).toString('hex');

/** Factories that build a fresh world per test, so tests never depend on each other's rows. */
export function factories(runtime: Runtime, app: App) {
  const make = {
    async tenant(name = `Team ${unique()}`): Promise<TestTenant> {
      const password = `pw-${unique()}-${unique()}`;
      const email = `owner-${unique()}@example.test`;
      const { tenant, user } = await createTenant(runtime.db, systemActor('test'), { name, adminEmail: email, adminPassword: password });
      return { ...tenant, owner: { id: user.id, email, password, role: 'owner' } };
    },

    async user(tenant: { id: string }, role: Role): Promise<TestUser> {
      const password = `pw-${unique()}-${unique()}`;
      const email = `${role}-${unique()}@example.test`;
      const { user } = await addUser(runtime.db, systemActor('test'), tenant.id, { email, password, role });
      return { id: user.id, email, password, role };
    },

    /** Signs in through the API and returns the token pair. */
    async login(user: Pick<TestUser, 'email' | 'password'>, tenant?: string) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: user.password, tenant },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      return response.json() as { accessToken: string; refreshToken: string; tenant: { id: string; slug: string } };
    },

    async bearer(user: Pick<TestUser, 'email' | 'password'>, tenant?: string): Promise<string> {
      return (await make.login(user, tenant)).accessToken;
    },

    async apiKey(tenant: TestTenant, role: 'admin' | 'member' | 'viewer'): Promise<{ id: string; key: string }> {
      const token = await make.bearer(tenant.owner, tenant.slug);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: `key ${unique()}`, role },
      });
      if (response.statusCode !== 201) throw new Error(`api key failed: ${response.body}`);
      return response.json() as { id: string; key: string };
    },
  };
  return make;
}

export interface TestApp {
  app: App;
  runtime: Runtime;
  make: ReturnType<typeof factories>;
  close(): Promise<void>;
}

/** The real HTTP app (no port; use app.inject) on a fresh test database. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const runtime = await openRuntime(testConfig(overrides), { db: database.db, logger: pino({ level: 'silent' }) });
  const app = await buildHttpApp(runtime, { publicUrl: 'http://reos.test' });
  await app.ready();
  return {
    app,
    runtime,
    make: factories(runtime, app),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export interface TestServer {
  url: string;
  admin: { email: string; password: string; tenantSlug: string };
  runtime: Runtime;
  stop(): Promise<void>;
}

/** The whole product listening on a free port (API, worker, built web UI) on a fresh embedded database. */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-test-server-'));
  const db = await Database.open({ dataDir: path.join(dataDir, 'pg') });
  const runtime = await openRuntime(testConfig({ dataDir }), { db, logger: pino({ level: process.env.REOS_TEST_LOG ?? 'silent' }) });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const worker: Worker = await startWorker(runtime);
  const app = await buildHttpApp(runtime, { webDir: defaultWebDir(), publicUrl: url });
  await app.listen({ port, host: '127.0.0.1' });
  const tenant = await factories(runtime, app).tenant('Browser Test Realty');
  return {
    url,
    runtime,
    admin: { email: tenant.owner.email, password: tenant.owner.password, tenantSlug: tenant.slug },
    async stop() {
      await app.close();
      await worker.stop();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
