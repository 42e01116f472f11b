import path from 'node:path';
import { storageKeyProblem } from '../storage/file-storage.js';

/**
 * The process configuration, read from the environment once. Nothing else in the
 * code base reads `process.env`: modules receive the parts of `Config` they need.
 * Every invalid variable is reported at once so an operator fixes them in one pass.
 */
export interface Config {
  /** PostgreSQL server URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Base URL people reach the web UI at, for links in emails; by default http://localhost:<listening port>. */
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** HMAC secret for access tokens; when absent one is generated and kept in the database. */
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  corsOrigins: string[];
  /** Which proxies' X-Forwarded-For to believe for the client address: false, true, or addresses/CIDRs. */
  trustProxy: boolean | string;
  rateLimitPerIpPerMinute: number;
  rateLimitPerTenantPerMinute: number;
  loginMaxFailures: number;
  loginWindowSeconds: number;
  bodyLimitBytes: number;
  /** Largest list file accepted for import, in bytes. */
  uploadLimitBytes: number;
  dbPoolMax: number;
  /** Create the demo tenant on first start (embedded mode only by default). */
  demo: boolean;
  /** Base URL of the US Census Geocoder; unset, the provider is off (addresses leave the installation only when asked to). */
  censusGeocoderUrl: string | undefined;
  censusGeocoderTimeoutMs: number;
  /** Base URL of the ATTOM property API. */
  attomUrl: string;
  /** ATTOM API key; unset, the provider is off. Never logged nor returned by the API. */
  attomApiKey: string | undefined;
  attomTimeoutMs: number;
  /** Retries after a failed provider call (timeout, 5xx, 429, network), with jittered exponential backoff. */
  providerRetries: number;
  /** First backoff delay of those retries, in milliseconds; it doubles (with jitter) up to 30 s. */
  providerBackoffMs: number;
  /** Consecutive failures that open a provider's circuit breaker. */
  providerBreakerFailures: number;
  /** How long an open circuit refuses calls before letting one through to test the provider. */
  providerBreakerResetMs: number;
  /** Calls to one provider in flight at once, per enrichment job. */
  providerConcurrency: number;
  /** How long a provider's answer is reused from the cache instead of asking (and paying) again. */
  providerCacheDays: number;
  /** Seconds between the heartbeats of a job worker (several workers on PostgreSQL). */
  workerHeartbeatSeconds: number;
  /** A worker silent this long is presumed dead: the jobs it was running are retried by the others. */
  workerStaleSeconds: number;
  /** S3 bucket for attachments and documents; unset, files are kept in `<dataDir>/files`. */
  storageS3Bucket: string | undefined;
  /** URL of an S3-compatible store; unset, AWS S3 itself. */
  storageS3Endpoint: string | undefined;
  storageS3Region: string;
  /** With the secret, the bucket's credentials; both unset, the AWS SDK's default credential chain (an instance role). */
  storageS3AccessKeyId: string | undefined;
  /** Never logged nor returned by the API. */
  storageS3SecretAccessKey: string | undefined;
  /** Address the bucket in the URL path, as most self-hosted S3-compatible stores need; on by default with an endpoint. */
  storageS3ForcePathStyle: boolean;
  /** Folder within the bucket for this installation's files, without leading or trailing "/"; empty for the bucket's root. */
  storageS3Prefix: string;
  /** Largest attachment (contract, photo, PDF) accepted, in bytes. */
  attachmentMaxBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };
  const url = (name: string): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      new URL(raw);
      return raw;
    } catch {
      problems.push(`${name} must be a URL`);
      return undefined;
    }
  };

  const databaseUrl = url('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:/.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const port = int('PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = (env.REOS_LOG_LEVEL || 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) problems.push(`REOS_LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  const jwtSecret = env.REOS_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) problems.push('REOS_JWT_SECRET must be at least 32 bytes');
  const publicUrl = url('REOS_PUBLIC_URL')?.replace(/\/$/, '');
  const storageS3Bucket = env.REOS_STORAGE_S3_BUCKET || undefined;
  if (storageS3Bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(storageS3Bucket)) {
    problems.push('REOS_STORAGE_S3_BUCKET must be 3 to 63 lowercase letters, digits, "." or "-"');
  }
  const orphanS3Settings = storageS3Bucket === undefined ? S3_SETTINGS.filter((name) => env[name]) : [];
  if (orphanS3Settings.length > 0) problems.push(`${orphanS3Settings.join(', ')} need REOS_STORAGE_S3_BUCKET, which is not set`);
  const storageS3Endpoint = url('REOS_STORAGE_S3_ENDPOINT');
  if (storageS3Endpoint !== undefined && !/^https?:\/\//.test(storageS3Endpoint)) {
    problems.push('REOS_STORAGE_S3_ENDPOINT must start with http:// or https://');
  }
  const storageS3Region = env.REOS_STORAGE_S3_REGION || 'us-east-1';
  if (!/^[A-Za-z0-9-]+$/.test(storageS3Region)) problems.push('REOS_STORAGE_S3_REGION must be letters, digits and "-"');
  const storageS3AccessKeyId = env.REOS_STORAGE_S3_ACCESS_KEY_ID || undefined;
  const storageS3SecretAccessKey = env.REOS_STORAGE_S3_SECRET_ACCESS_KEY || undefined;
  if ((storageS3AccessKeyId === undefined) !== (storageS3SecretAccessKey === undefined)) {
    problems.push('REOS_STORAGE_S3_ACCESS_KEY_ID and REOS_STORAGE_S3_SECRET_ACCESS_KEY must be set together');
  }
  const storageS3Prefix = (env.REOS_STORAGE_S3_PREFIX ?? '').replace(/^\/+|\/+$/g, '');
  const storageS3PrefixProblem = storageS3Prefix === '' ? undefined : storageKeyProblem(storageS3Prefix);
  if (storageS3PrefixProblem !== undefined) problems.push(`REOS_STORAGE_S3_PREFIX is not a valid folder: ${storageS3PrefixProblem}`);

  const config: Config = {
    databaseUrl,
    dataDir: path.resolve(env.REOS_DATA_DIR || 'data'),
    port,
    host,
    publicUrl,
    logLevel,
    jwtSecret,
    accessTokenTtlSeconds: int('REOS_ACCESS_TOKEN_TTL', 900, 60, 900),
    refreshTokenTtlSeconds: int('REOS_REFRESH_TOKEN_TTL', 30 * 24 * 3600, 3600, 365 * 24 * 3600),
    trustProxy: parseTrustProxy(env.REOS_TRUST_PROXY),
    corsOrigins: (env.REOS_CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    rateLimitPerIpPerMinute: int('REOS_RATE_LIMIT_IP', 600, 1, 1_000_000),
    rateLimitPerTenantPerMinute: int('REOS_RATE_LIMIT_TENANT', 1200, 1, 1_000_000),
    loginMaxFailures: int('REOS_LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowSeconds: int('REOS_LOGIN_WINDOW', 900, 1, 86400),
    bodyLimitBytes: int('REOS_BODY_LIMIT', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    uploadLimitBytes: int('REOS_UPLOAD_LIMIT', 2 * 1024 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
    dbPoolMax: int('REOS_DB_POOL_MAX', 10, 1, 1000),
    demo: bool('REOS_DEMO', databaseUrl === undefined),
    censusGeocoderUrl: url('REOS_CENSUS_GEOCODER_URL')?.replace(/\/$/, ''),
    censusGeocoderTimeoutMs: int('REOS_CENSUS_GEOCODER_TIMEOUT_MS', 10_000, 1, 600_000),
    attomUrl: (url('REOS_ATTOM_URL') ?? 'https://api.gateway.attomdata.com').replace(/\/$/, ''),
    attomApiKey: env.REOS_ATTOM_API_KEY || undefined,
    attomTimeoutMs: int('REOS_ATTOM_TIMEOUT_MS', 10_000, 1, 600_000),
    providerRetries: int('REOS_PROVIDER_RETRIES', 3, 0, 10),
    providerBackoffMs: int('REOS_PROVIDER_BACKOFF_MS', 250, 0, 60_000),
    providerBreakerFailures: int('REOS_PROVIDER_BREAKER_FAILURES', 5, 1, 1000),
    providerBreakerResetMs: int('REOS_PROVIDER_BREAKER_RESET_MS', 30_000, 1, 3_600_000),
    providerConcurrency: int('REOS_PROVIDER_CONCURRENCY', 4, 1, 64),
    providerCacheDays: int('REOS_PROVIDER_CACHE_DAYS', 30, 0, 3650),
    workerHeartbeatSeconds: int('REOS_WORKER_HEARTBEAT_SECONDS', 5, 1, 60),
    workerStaleSeconds: int('REOS_WORKER_STALE_SECONDS', 30, 3, 3600),
    storageS3Bucket,
    storageS3Endpoint,
    storageS3Region,
    storageS3AccessKeyId,
    storageS3SecretAccessKey,
    storageS3ForcePathStyle: bool('REOS_STORAGE_S3_FORCE_PATH_STYLE', storageS3Endpoint !== undefined),
    storageS3Prefix,
    attachmentMaxBytes: int('REOS_ATTACHMENT_MAX_BYTES', 25 * 1024 * 1024, 1, 5 * 1024 * 1024 * 1024),
  };
  // Below three missed beats, a worker only slowed down by a busy machine would pass for dead.
  if (config.workerStaleSeconds < 3 * config.workerHeartbeatSeconds) {
    problems.push(
      `REOS_WORKER_STALE_SECONDS (${config.workerStaleSeconds}) must be at least three heartbeats (3 × REOS_WORKER_HEARTBEAT_SECONDS = ${3 * config.workerHeartbeatSeconds})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The S3 variables other than the bucket: set without a bucket, they would be silently ignored. */
const S3_SETTINGS = [
  'REOS_STORAGE_S3_ENDPOINT',
  'REOS_STORAGE_S3_REGION',
  'REOS_STORAGE_S3_ACCESS_KEY_ID',
  'REOS_STORAGE_S3_SECRET_ACCESS_KEY',
  'REOS_STORAGE_S3_FORCE_PATH_STYLE',
  'REOS_STORAGE_S3_PREFIX',
];

function parseTrustProxy(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  return raw === 'true' ? true : raw;
}
