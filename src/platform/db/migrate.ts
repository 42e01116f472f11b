import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/package-root.js';
import type { Database } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Arbitrary constant: serializes concurrent `migrate` runs from several processes. */
const MIGRATION_LOCK = 7_310_001;

export function migrationsDir(): string {
  return path.join(packageRoot(), 'migrations');
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

async function ensureLedger(db: Database): Promise<void> {
  await db.asOwner(async (tx) => {
    // Two processes creating the table at once would collide in the catalog.
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
  });
}

/**
 * Applies every migration not yet applied, each in its own transaction, holding an
 * advisory lock so that several processes starting at once apply each file once.
 * A migration that was edited after it was applied is an error, not a silent skip.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<Migration[]> {
  await ensureLedger(db);
  const applied: Migration[] = [];
  for (const migration of migrations) {
    const ran = await db.asOwner(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [existing] = await tx.query<{ checksum: string }>('select checksum from schema_migrations where version = $1', [
        migration.version,
      ]);
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.version}_${migration.name} changed after it was applied`);
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (ran) applied.push(migration);
  }
  return applied;
}

/** Versions present in the migrations folder but not applied to the database. */
export async function pendingMigrations(db: Database, migrations = readMigrations()): Promise<number[]> {
  await ensureLedger(db);
  const rows = await db.asOwner((tx) => tx.query<{ version: number }>('select version from schema_migrations'));
  const done = new Set(rows.map((row) => row.version));
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
}
