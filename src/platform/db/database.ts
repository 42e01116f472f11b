import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { CREDENTIAL_REJECTED, credentialRejected, requestCredentialCheck, type CredentialCheck } from '../auth/credential-check.js';
import { ROLES } from '../auth/principal.js';

/** A handle on one open transaction. Repositories take it as their first argument. */
export interface Tx {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Parameterless SQL, possibly several statements (migrations, maintenance). */
  exec(text: string): Promise<void>;
  /**
   * Bulk-loads rows in COPY text format (see copy-text.ts) into `target`, a table and
   * its columns: `import_stage (a, b)`. Row-level security refuses COPY FROM, so the
   * target is a temporary staging table that set-based statements then merge.
   */
  copyFrom(target: string, data: string): Promise<void>;
}

/** Settings a transaction opens with; each becomes a transaction-local GUC read by RLS policies. */
interface Scope {
  role: 'reos_app' | 'reos_worker' | null;
  settings: Record<string, string>;
}

/**
 * Narrow keys that let identity code read exactly one credential row before the
 * tenant is known: the policies on memberships, api_keys and invitations admit a
 * row whose id matches one of these settings, and nothing else.
 */
export interface LookupKeys {
  userId?: string;
  apiKeyId?: string;
  invitationId?: string;
}

interface Driver {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction that first runs `setup` (parameterless SQL), in the same round trip as BEGIN where the driver can. */
  transaction<T>(setup: string | null, fn: (tx: Tx) => Promise<T>): Promise<T>;
  query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]>;
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
  /** The underlying PGlite instance or pg pool, for the job queue's adapter. */
  readonly raw: PGlite | pg.Pool;
}

/**
 * The one door to the database. Request and job code reach tenant tables only
 * through `withTenant`, which runs as the non-owner role `reos_app` (no BYPASSRLS)
 * with `app.tenant_id` set for this transaction only, so row-level security decides
 * what exists. Session-level settings are never used: they would leak between
 * tenants behind a transaction-mode pooler.
 */
export class Database {
  private constructor(private readonly driver: Driver) {}

  get kind(): 'pglite' | 'postgres' {
    return this.driver.kind;
  }

  get raw(): PGlite | pg.Pool {
    return this.driver.raw;
  }

  static async open(options: { databaseUrl?: string; dataDir?: string; poolMax?: number }): Promise<Database> {
    if (options.databaseUrl) return new Database(new PostgresDriver(options.databaseUrl, options.poolMax ?? 10));
    return new Database(await PgliteDriver.open(options.dataDir));
  }

  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) throw new Error(`withTenant needs a tenant id, got ${JSON.stringify(tenantId)}`);
    const check = requestCredentialCheck();
    const settings: Record<string, string> = { 'app.tenant_id': tenantId };
    // The signed-in member's own visibility rules (reos_sees_assigned_only) follow from it.
    if (check?.claims.tenantId === tenantId) settings['app.member_id'] = check.claims.userId;
    const scope: Scope = { role: 'reos_app', settings };
    if (!check?.pending || check.claims.tenantId !== tenantId) return this.scoped(scope, fn);
    // The request's credential check travels with BEGIN: when it fails, the transaction
    // is aborted before `fn` ran a statement. Two such transactions at once both check.
    return this.driver
      .transaction(`${this.setupOf(scope)}; ${this.assertionOf(check)}`, (tx) => {
        check.passed();
        return fn(tx);
      })
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== CREDENTIAL_REJECTED) throw error;
        check.failed();
        throw credentialRejected();
      });
  }

  /**
   * Settles a request's credential check on its own, as one read (one round trip on
   * PostgreSQL): for a request that reaches the database through another door first,
   * or answers without any transaction. Throws the 401 error when the credential fails.
   */
  confirmCredential(check: CredentialCheck): Promise<void> {
    return check.settle(async () => {
      try {
        await this.readInTenant(check.claims.tenantId, this.assertionOf(check), []);
      } catch (error) {
        if ((error as { code?: unknown }).code === CREDENTIAL_REJECTED) throw credentialRejected();
        throw error;
      }
    });
  }

  /**
   * One read-only statement in a tenant transaction, sent as a single message
   * (BEGIN, tenant setup, the statement, COMMIT) where the driver allows it. Its
   * parameters must be uuids, which are checked and inlined.
   */
  async readInTenant<R extends object>(tenantId: string, text: string, uuids: readonly string[]): Promise<R[]> {
    if (!isUuid(tenantId) || !uuids.every(isUuid)) throw new Error('readInTenant takes uuids only');
    await this.credentialConfirmed();
    const setup = `set transaction read only; ${this.setupOf({ role: 'reos_app', settings: { 'app.tenant_id': tenantId } })}`;
    if (this.driver.kind === 'pglite') return this.driver.transaction(setup, (tx) => tx.query<R>(text, uuids));
    const inlined = text.replace(/\$(\d+)/g, (_, n: string) => `'${uuids[Number(n) - 1]}'::uuid`);
    return (this.driver as PostgresDriver).readOnce<R>(`${setup}; ${inlined}`);
  }

  /** Global (non-tenant) tables and single-credential lookups, as the app role with no tenant set. */
  withGlobal<T>(fn: (tx: Tx) => Promise<T>, keys: LookupKeys = {}): Promise<T> {
    const settings: Record<string, string> = {};
    if (keys.userId) settings['app.user_id'] = keys.userId;
    if (keys.apiKeyId) settings['app.api_key_id'] = keys.apiKeyId;
    if (keys.invitationId) settings['app.invitation_id'] = keys.invitationId;
    return this.scoped({ role: 'reos_app', settings }, fn);
  }

  /** The platform worker role: dispatches every tenant's outbox and purges expired rows, nothing else. */
  asPlatformWorker<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.scoped({ role: 'reos_worker', settings: {} }, fn);
  }

  /** As the connecting (owner) role: migrations and instance secrets only. */
  asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.scoped({ role: null, settings: {} }, fn);
  }

  /**
   * Runs `fn` (which may use other connections) while a transaction on a connection
   * of its own holds an advisory lock, so only one process at a time does it
   * (installing the job queue schema, say). A transaction-scoped lock stays correct
   * behind a transaction-mode pooler. The embedded database has one process: no lock.
   */
  async exclusively<T>(lockKey: number, fn: () => Promise<T>): Promise<T> {
    if (this.driver.kind === 'pglite') return fn();
    const client = await (this.driver.raw as pg.Pool).connect();
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1)', [lockKey]);
      return await fn();
    } finally {
      await client.query('commit').catch(() => {});
      client.release();
    }
  }

  /**
   * Refreshes the planner's statistics of the given tables (all tenants': statistics
   * hold no rows). A bulk load changes tables faster than autovacuum notices, and the
   * embedded database has no autovacuum at all: without this, the planner keeps
   * believing a table is as small as it once was and picks nested loops over it.
   */
  refreshStatistics(tables: readonly string[]): Promise<void> {
    if (tables.some((table) => !/^[a-z_]+$/.test(table))) throw new Error('table names are plain identifiers');
    return this.asOwner((tx) => tx.exec(`analyze ${tables.join(', ')}`));
  }

  /**
   * Calls `onPayload` for each notification on `channel` (NOTIFY is delivered at
   * commit). On PostgreSQL a connection of its own listens, reconnecting after a
   * loss; `onReconnect` then lets the caller catch up on what it may have missed.
   * Returns the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect: () => void = () => {}): Promise<() => Promise<void>> {
    if (!/^[a-z_]+$/.test(channel)) throw new Error('a channel is a plain identifier');
    if (this.driver.kind === 'pglite') return (this.driver.raw as PGlite).listen(channel, onPayload).then((stop) => () => stop());
    return (this.driver as PostgresDriver).listen(channel, onPayload, onReconnect);
  }

  /** A single statement outside any transaction, as the owner; for health checks. */
  ping(): Promise<unknown> {
    return this.driver.query('select 1');
  }

  poolStats(): { total: number; idle: number; waiting: number } {
    return this.driver.poolStats();
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async scoped<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    await this.credentialConfirmed();
    return this.driver.transaction(this.setupOf(scope), fn);
  }

  /** Nothing of a request reaches the database before its credential is confirmed. */
  private async credentialConfirmed(): Promise<void> {
    const check = requestCredentialCheck();
    if (check) await this.confirmCredential(check);
  }

  /**
   * The statement that opens a scope. set_config(..., true) is SET LOCAL: undone at
   * commit or rollback. Values are inlined so the setup can travel with BEGIN; they
   * are fixed role names and uuids checked here, never free text.
   */
  private setupOf(scope: Scope): string {
    // JIT compilation costs up to a second on a statement the planner thinks costly (a
    // batch merge, a search refresh) and never pays that back in statements this short.
    // Parallel workers cost tens of milliseconds to start, more than the index reads of a
    // page take: a list page whose plan the planner parallelized waited 60 ms for them.
    const parts = [`set_config('jit', 'off', true)`, `set_config('max_parallel_workers_per_gather', '0', true)`];
    if (scope.role) parts.push(`set_config('role', '${scope.role}', true)`);
    for (const [name, value] of Object.entries(scope.settings)) {
      if (!isUuid(value)) throw new Error(`${name} must be a uuid`);
      parts.push(`set_config('${name}', '${value}', true)`);
    }
    return `select ${parts.join(', ')}`;
  }

  /** The statement that confirms a request's access token (migrations/0012_credential_check.sql); values are checked, then inlined. */
  private assertionOf(check: CredentialCheck): string {
    const { userId, sessionId, role } = check.claims;
    if (!isUuid(userId) || !isUuid(sessionId) || !ROLES.includes(role)) throw new Error('a credential check takes uuids and a role');
    return `select reos_assert_session('${userId}', '${sessionId}', '${role}')`;
  }
}

/** A COPY target is a plain table name and column list, never free text: it is inlined into the statement. */
function copyTarget(target: string): string {
  if (!/^[a-z_]+ \([a-z_0-9]+(, [a-z_0-9]+)*\)$/.test(target)) throw new Error(`not a COPY target: ${target}`);
  return target;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

class PgliteDriver implements Driver {
  readonly kind = 'pglite' as const;
  private constructor(readonly raw: PGlite) {}

  static async open(dataDir: string | undefined): Promise<PgliteDriver> {
    if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    // Extensions the migrations create must be loaded into the embedded server first.
    const pglite = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { pg_trgm },
      // The buffers live in this process's WebAssembly heap, which never shrinks: 128 MB
      // (PostgreSQL's default) held an import's resident memory above 500 MB, while the
      // data folder's files stay in the operating system's page cache either way.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
    return new PgliteDriver(pglite);
  }

  transaction<T>(setup: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.raw.transaction(async (t) => {
      if (setup) await t.exec(setup);
      return fn({
        query: async <R extends object>(text: string, params?: readonly unknown[]) =>
          (await t.query<R>(text, params as unknown[] | undefined)).rows,
        exec: async (text: string) => {
          await t.exec(text);
        },
        copyFrom: async (target: string, data: string) => {
          // PGlite reads COPY input from the /dev/blob device, filled from the query's blob option. Reading a
          // device takes the owner role; the blob is this call's own data, and the transaction's role comes back after.
          const [scope] = (await t.query<{ role: string }>(`select current_setting('role') as role`)).rows;
          await t.exec(`select set_config('role', 'none', true)`);
          await t.query(`copy ${copyTarget(target)} from '/dev/blob'`, [], { blob: new Blob([data]) });
          await t.query(`select set_config('role', $1, true)`, [scope!.role]);
        },
      });
    });
  }

  async query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.raw.query<R>(text, params as unknown[] | undefined)).rows;
  }

  poolStats() {
    return { total: 1, idle: 1, waiting: 0 };
  }

  async close(): Promise<void> {
    if (!this.raw.closed) await this.raw.close();
  }
}

class PostgresDriver implements Driver {
  readonly kind = 'postgres' as const;
  readonly raw: pg.Pool;

  constructor(
    private readonly url: string,
    max: number,
  ) {
    this.raw = new pg.Pool({ connectionString: url, max, application_name: 'reos' });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.raw.on('error', () => {});
  }

  async listen(channel: string, onPayload: (payload: string) => void, onReconnect: () => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    // A lost connection is replaced; the caller catches up on what it missed meanwhile.
    const reconnectSoon = () => {
      if (stopped || retry) return;
      retry = setTimeout(() => {
        retry = undefined;
        connect().then(onReconnect, reconnectSoon);
      }, 1000);
    };
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: this.url, application_name: 'reos-listen' });
      next.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
      });
      next.on('error', () => {});
      next.on('end', reconnectSoon);
      await next.connect();
      await next.query(`listen ${channel}`);
      client = next;
    };
    try {
      await connect();
    } catch (error) {
      stopped = true;
      clearTimeout(retry);
      throw error;
    }
    return async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  }

  async transaction<T>(setup: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.raw.connect();
    try {
      // One simple-protocol message carries BEGIN and the setup: one round trip.
      await client.query(setup ? `begin; ${setup}` : 'begin');
      const result = await fn({
        query: async <R extends object>(text: string, params?: readonly unknown[]) =>
          (await client.query<R & pg.QueryResultRow>(text, params as unknown[] | undefined)).rows as R[],
        exec: async (text: string) => {
          await client.query(text);
        },
        copyFrom: async (target: string, data: string) => {
          await pipeline(Readable.from([data]), client.query(copyStreams.from(`copy ${copyTarget(target)} from stdin`)));
        },
      });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async query<R extends object>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.raw.query<R & pg.QueryResultRow>(text, params as unknown[] | undefined)).rows;
  }

  /** `statements` (the setup, then one read) inside BEGIN … COMMIT, in one message. */
  async readOnce<R extends object>(statements: string): Promise<R[]> {
    const client = await this.raw.connect();
    try {
      const results = (await client.query(`begin; ${statements}; commit`)) as unknown as pg.QueryResult[];
      return results[results.length - 2]!.rows as R[];
    } catch (error) {
      // A failed statement leaves the transaction open and aborted: close it before reuse.
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  poolStats() {
    return { total: this.raw.totalCount, idle: this.raw.idleCount, waiting: this.raw.waitingCount };
  }

  async close(): Promise<void> {
    if (!this.raw.ended) await this.raw.end();
  }
}
