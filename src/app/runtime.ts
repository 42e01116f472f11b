import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { destination, pino, stdTimeFunctions } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { AccessTokens } from '../platform/auth/access-tokens.js';
import { randomSecret } from '../platform/auth/secrets.js';
import type { Config } from '../platform/config/config.js';
import { packageRoot } from '../platform/config/package-root.js';
import { Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { Metrics } from '../platform/observability/metrics.js';
import { LoginThrottle } from '../modules/identity/login-throttle.js';
import type { IdentityDeps } from '../modules/identity/service.js';

/** Everything a process shares: configuration, database, logger, metrics and identity services. */
export interface Runtime {
  config: Readonly<Config>;
  db: Database;
  log: FastifyBaseLogger;
  metrics: Metrics;
  identity: IdentityDeps;
  /** HMAC key of links that open without signing in (deal sheets), apart from the access tokens' key. */
  linkSigningKey: Buffer;
  version: string;
  /** Migrations this process applied when it opened the database. */
  appliedMigrations: string[];
}

/** JSON lines on stdout (servers) or stderr (CLI commands, whose stdout carries their result). */
export function createLogger(config: Pick<Config, 'logLevel'>, stream: 'stdout' | 'stderr' = 'stdout'): FastifyBaseLogger {
  const options = {
    level: config.logLevel,
    base: { service: 'reos', pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'refreshToken', 'accessToken'], censor: '[redacted]' },
    serializers: {
      // The live stream takes its token in the query (EventSource sends no headers).
      req: (req: { method?: string; url?: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: req.url?.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]'),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  };
  return pino(options, destination(stream === 'stdout' ? 1 : 2));
}

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Embedded PGlite keeps its cluster in `<dataDir>/pg`; the data folder also holds the process lock. */
export function pgliteDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pg');
}

/** The token signing key: configured, or generated once per installation and kept in the database. */
async function signingSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return db.asOwner(async (tx) => {
    await tx.query(`insert into instance_secrets (name, value) values ('access_token_key', $1) on conflict do nothing`, [randomSecret(48)]);
    const [row] = await tx.query<{ value: string }>(`select value from instance_secrets where name = 'access_token_key'`);
    return row!.value;
  });
}

export interface OpenRuntimeOptions {
  logger?: FastifyBaseLogger;
  /** An already open database (tests); otherwise one is opened from the configuration. */
  db?: Database;
  processMetrics?: boolean;
}

/** Opens the database, applies pending migrations and wires the shared services. */
export async function openRuntime(config: Readonly<Config>, options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const log = options.logger ?? createLogger(config);
  const db =
    options.db ??
    (await Database.open({
      databaseUrl: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : pgliteDir(config),
      poolMax: config.dbPoolMax,
    }));
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ migrations: applied.map((m) => `${m.version}_${m.name}`) }, 'applied migrations');
    const secret = await signingSecret(db, config.jwtSecret);
    const tokens = new AccessTokens(secret, config.accessTokenTtlSeconds);
    return {
      config,
      db,
      log,
      metrics: new Metrics(db, { processMetrics: options.processMetrics }),
      identity: {
        db,
        tokens,
        throttle: new LoginThrottle(db, config.loginMaxFailures, config.loginWindowSeconds),
        refreshTtlSeconds: config.refreshTokenTtlSeconds,
      },
      linkSigningKey: createHmac('sha256', secret).update('deal-sheet-links').digest(),
      version: packageVersion(),
      appliedMigrations: applied.map((m) => `${m.version}_${m.name}`),
    };
  } catch (error) {
    if (!options.db) await db.close();
    throw error;
  }
}
