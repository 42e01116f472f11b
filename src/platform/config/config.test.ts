import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to embedded mode on port 3000 with the demo tenant', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.demo).toBe(true);
    expect(config.dataDir).toMatch(/data$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('turns the demo off by default on PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REOS_JWT_SECRET: 'short', REOS_DEMO: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('REOS_JWT_SECRET');
      expect(problems).toContain('REOS_DEMO');
    }
  });

  it('caps the access token lifetime at 15 minutes', () => {
    expect(() => loadConfig({ REOS_ACCESS_TOKEN_TTL: '3600' })).toThrow(/REOS_ACCESS_TOKEN_TTL/);
  });

  it('presumes a worker dead only after at least three missed heartbeats', () => {
    expect(loadConfig({})).toMatchObject({ workerHeartbeatSeconds: 5, workerStaleSeconds: 30 });
    expect(loadConfig({ REOS_WORKER_HEARTBEAT_SECONDS: '1', REOS_WORKER_STALE_SECONDS: '3' }).workerStaleSeconds).toBe(3);
    expect(() => loadConfig({ REOS_WORKER_HEARTBEAT_SECONDS: '10', REOS_WORKER_STALE_SECONDS: '20' })).toThrow(/REOS_WORKER_STALE_SECONDS/);
  });

  it('keeps files in the data folder by default, and in an S3 bucket when one is named', () => {
    expect(loadConfig({})).toMatchObject({
      storageS3Bucket: undefined,
      storageS3Region: 'us-east-1',
      storageS3ForcePathStyle: false,
      storageS3Prefix: '',
      attachmentMaxBytes: 25 * 1024 * 1024,
    });
    const s3 = loadConfig({
      REOS_STORAGE_S3_BUCKET: 'reos-files',
      REOS_STORAGE_S3_ENDPOINT: 'http://minio.internal:9000',
      REOS_STORAGE_S3_REGION: 'eu-central-1',
      REOS_STORAGE_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      REOS_STORAGE_S3_SECRET_ACCESS_KEY: 'secret',
      REOS_STORAGE_S3_PREFIX: '/acme/production/',
      REOS_ATTACHMENT_MAX_BYTES: '1048576',
    });
    expect(s3).toMatchObject({
      storageS3Bucket: 'reos-files',
      storageS3Endpoint: 'http://minio.internal:9000',
      storageS3Region: 'eu-central-1',
      storageS3AccessKeyId: 'AKIDEXAMPLE',
      storageS3SecretAccessKey: 'secret',
      // Self-hosted stores mostly need path-style addressing, so an endpoint turns it on unless told otherwise.
      storageS3ForcePathStyle: true,
      storageS3Prefix: 'acme/production',
      attachmentMaxBytes: 1048576,
    });
    expect(loadConfig({ REOS_STORAGE_S3_BUCKET: 'b3t', REOS_STORAGE_S3_FORCE_PATH_STYLE: 'on' }).storageS3ForcePathStyle).toBe(true);
  });

  it('reports every invalid storage variable at once', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    const problems = problemsOf({
      REOS_STORAGE_S3_BUCKET: 'Bad_Bucket',
      REOS_STORAGE_S3_ENDPOINT: 'ftp://store',
      REOS_STORAGE_S3_REGION: 'us east',
      REOS_STORAGE_S3_ACCESS_KEY_ID: 'only-half',
      REOS_STORAGE_S3_FORCE_PATH_STYLE: 'sometimes',
      REOS_STORAGE_S3_PREFIX: 'a/../b',
      REOS_ATTACHMENT_MAX_BYTES: '0',
    });
    expect(problems).toHaveLength(7);
    for (const name of ['BUCKET', 'ENDPOINT', 'REGION', 'ACCESS_KEY_ID', 'FORCE_PATH_STYLE', 'PREFIX']) {
      expect(problems.some((problem) => problem.startsWith(`REOS_STORAGE_S3_${name}`))).toBe(true);
    }
    expect(problems.some((problem) => problem.startsWith('REOS_ATTACHMENT_MAX_BYTES'))).toBe(true);

    // Without a bucket the other S3 settings would be silently ignored: files would land on the local disk.
    expect(problemsOf({ REOS_STORAGE_S3_ENDPOINT: 'http://minio:9000', REOS_STORAGE_S3_PREFIX: 'x' })).toEqual([
      'REOS_STORAGE_S3_ENDPOINT, REOS_STORAGE_S3_PREFIX need REOS_STORAGE_S3_BUCKET, which is not set',
    ]);
  });
});
