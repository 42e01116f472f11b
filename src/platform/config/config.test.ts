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
});
