import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/platform/net/free-port.js';

/** A throwaway PostgreSQL cluster in a temporary folder, for tests and benchmarks. */
export interface PostgresCluster {
  url: string;
  stop(): void;
}

/** initdb/pg_ctl from PATH or the newest /usr/lib/postgresql/<n>/bin; undefined when absent. */
export function findPostgresBin(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` (or `nobody`) user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (result.status === 0) {
      const uid = Number(result.stdout.trim());
      const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
      return { uid, gid };
    }
  }
  throw new Error('running as root and no postgres or nobody user to run PostgreSQL as');
}

/**
 * Server settings sized the way a production server would be on this machine: PostgreSQL's defaults
 * (128 MB of shared buffers, 1 GB of WAL between checkpoints) are made for a small shared box, and a
 * million-parcel tenant's tables and indexes outgrow them, so benchmarks measure with these.
 * shared_buffers at a quarter of RAM and effective_cache_size at three quarters follow the manual's
 * starting points (runtime-config-resource, runtime-config-query).
 */
export function serverSettingsForThisMachine(totalBytes = os.totalmem()): Record<string, string> {
  const mb = (fraction: number) => `${Math.floor((totalBytes * fraction) / 2 ** 20)}MB`;
  return {
    shared_buffers: mb(0.25),
    effective_cache_size: mb(0.75),
    maintenance_work_mem: mb(1 / 32),
    work_mem: '32MB',
    max_wal_size: '16GB',
    checkpoint_timeout: '30min',
  };
}

export interface PostgresClusterOptions {
  bin?: string;
  /** Extra `-c name=value` server settings, e.g. serverSettingsForThisMachine(). */
  settings?: Record<string, string>;
}

export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const bin = options.bin ?? findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  fs.mkdirSync(socketDir);
  const user = serverUser();
  if (user) {
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, user.uid, user.gid);
    fs.chownSync(socketDir, user.uid, user.gid);
  }
  const run = (file: string, args: string[]) => execFileSync(path.join(bin, file), args, { stdio: 'pipe', ...(user ?? {}) });
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    dataDir,
    '-w',
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    [
      `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
      ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' '),
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A cluster for benchmarks: sized for this machine (serverSettingsForThisMachine). */
export function startBenchmarkCluster(): Promise<PostgresCluster> {
  return startPostgresCluster({ settings: serverSettingsForThisMachine() });
}

/** How benchmark reports name that cluster, settings included, so a run can be repeated. */
export function benchmarkClusterDescription(): string {
  const settings = Object.entries(serverSettingsForThisMachine()).map(([name, value]) => `${name} ${value}`);
  return `throwaway local cluster (fsync off, ${settings.join(', ')})`;
}
