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

/**
 * Roles belong to the whole server, not to one database, so the per-database
 * migration lock cannot keep two databases on one server (two installations, or
 * parallel test files) from creating them at the same moment. Creating them here
 * first (and granting them to the connecting role), tolerating the loser of that race,
 * leaves migration 0001 nothing to create.
 */
const ENSURE_APPLICATION_ROLES = `do $$
declare
  role_name text;
begin
  foreach role_name in array array['reos_app', 'reos_worker'] loop
    if not exists (select 1 from pg_roles where rolname = role_name) then
      begin
        execute format('create role %I nologin nobypassrls', role_name);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
    -- Checked in the catalog: pg_has_role is true for a superuser without a grant.
    if not exists (
      select 1 from pg_auth_members m
      join pg_roles r on r.oid = m.roleid
      join pg_roles u on u.oid = m.member
      where r.rolname = role_name and u.rolname = current_user
    ) then
      begin
        execute format('grant %I to %I', role_name, current_user);
      exception when unique_violation then
        null;
      end;
    end if;
  end loop;
end
$$`;

async function ensureLedger(db: Database): Promise<void> {
  await db.asOwner((tx) => tx.exec(ENSURE_APPLICATION_ROLES));
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
